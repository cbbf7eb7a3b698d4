using System.Data.Common;
using System.Text.Json;
using Csm.Modules.Customers.Contracts;
using Csm.Modules.Customers.Import;

namespace Csm.Modules.Customers.Data;

/// <summary>
/// What a merge changed, kept so that it can be undone: the survivor as it was, and the ids of everything that came from
/// the merged customer. Records added to the survivor after the merge are not in it and stay with the survivor.
/// </summary>
internal sealed record MergeSnapshot(
    CustomerView SurvivorBefore, long SurvivorVersionAfter, IReadOnlyList<ExternalId> MergedExternalIds,
    IReadOnlyList<long> ContractIds, IReadOnlyList<long> AssetIds, IReadOnlyList<long> OrderIds, IReadOnlyList<long> InteractionIds,
    IReadOnlyList<long> TicketIds, IReadOnlyList<long> ResponseIds);

/// <summary>
/// Two customers become one, inside the caller's transaction: the survivor keeps its profile and gains what it lacked
/// (account manager, credit code, custom fields), every contact, tag and external id of the other, and its contracts,
/// assets, orders, interactions and the 360 view's tickets and scores; the merged-away customer is archived with a pointer
/// to the survivor. Other modules follow <see cref="CustomerMerged"/>. Undone within <see cref="UndoWindow"/>.
/// </summary>
internal sealed class CustomerMerge(DbSession session, Outbox outbox, AuditTrail audit, TimeProvider clock, Microsoft.AspNetCore.Http.IHttpContextAccessor http)
{
    public static readonly TimeSpan UndoWindow = TimeSpan.FromDays(30);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The tables of this module whose rows follow the customer, and the snapshot list each fills.</summary>
    private static readonly string[] Owned = ["cus_contracts", "cus_assets", "cus_orders", "cus_interactions"];

    public sealed record Outcome(long MergeId, CustomerView Survivor);

    /// <summary>Null with a problem when the merge cannot be done; nothing is written then.</summary>
    public async Task<(Outcome? Done, string? Problem, int Status)> MergeAsync(long survivorId, long mergedId, CancellationToken ct)
    {
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        var states = (await c.QueryAsync<(long Id, long? MergedInto, long Archived, long Erased)>(
            """
            SELECT id, merged_into, CASE WHEN deleted_at IS NULL THEN 0 ELSE 1 END, CASE WHEN erased_at IS NULL THEN 0 ELSE 1 END
            FROM cus_customers WHERE id IN @Ids
            """, new { Ids = new[] { survivorId, mergedId } }, tx)).ToDictionary(s => s.Id);
        foreach (var id in new[] { survivorId, mergedId })
        {
            if (!states.TryGetValue(id, out var s)) return (null, $"Customer {id} does not exist.", 404);
            if (s.MergedInto is { } into) return (null, $"Customer {id} was already merged into customer {into}.", 409);
            if (s.Erased == 1) return (null, $"Customer {id} was erased; an erased customer cannot be merged.", 409);
            if (s.Archived == 1) return (null, $"Customer {id} is archived; restore it before merging.", 409);
        }
        var survivor = (await CustomerStore.FindAsync(c, survivorId, tx))!;
        var merged = (await CustomerStore.FindAsync(c, mergedId, tx))!;
        var now = clock.GetUtcNow();

        var moved = new Dictionary<string, IReadOnlyList<long>>();
        foreach (var table in Owned)
            moved[table] = (await c.QueryAsync<long>($"SELECT id FROM {table} WHERE customer_id = @Id", new { Id = mergedId }, tx)).ToList();
        var tickets = (await c.QueryAsync<long>("SELECT ticket_id FROM cus_ticket_view WHERE customer_id = @Id", new { Id = mergedId }, tx)).ToList();
        var responses = (await c.QueryAsync<long>("SELECT response_id FROM cus_score_view WHERE customer_id = @Id", new { Id = mergedId }, tx)).ToList();

        var state = Combined(survivor, merged);
        await c.ExecuteAsync("DELETE FROM cus_external_ids WHERE customer_id = @Id", new { Id = mergedId }, tx);
        var version = (await CustomerStore.UpdateAsync(c, tx, session.Dialect, survivorId, null, state, now))!.Value;
        await MoveAsync(c, tx, mergedId, survivorId, null);
        await c.ExecuteAsync(
            """
            UPDATE cus_customers SET merged_into = @Survivor, deleted_at = @Now, version = version + 1, updated_at = @Now WHERE id = @Merged;
            DELETE FROM cus_match_keys WHERE customer_id = @Merged;
            UPDATE cus_duplicates SET status = 'merged', decided_at = @Now, decided_by = @By
            WHERE status = 'open' AND (customer_id = @Merged OR duplicate_id = @Merged);
            """, new { Survivor = survivorId, Merged = mergedId, Now = now, By = Who() }, tx);

        var snapshot = new MergeSnapshot(survivor, version, merged.ExternalIds,
            moved["cus_contracts"], moved["cus_assets"], moved["cus_orders"], moved["cus_interactions"], tickets, responses);
        var mergeId = await c.ExecuteScalarAsync<long>(session.Dialect.InsertReturningId("cus_merges",
            "survivor_id, merged_id, snapshot, merged_at, merged_by", "@Survivor, @Merged, @Snapshot, @Now, @By"),
            new { Survivor = survivorId, Merged = mergedId, Snapshot = JsonSerializer.Serialize(snapshot, Json), Now = now, By = Who() }, tx);

        await outbox.AddAsync(new CustomerMerged(survivorId, mergedId), ct);
        await outbox.AddAsync(state.ToEvent(survivorId, version, created: false), ct);
        var view = (await CustomerStore.FindAsync(c, survivorId, tx))!;
        await audit.RecordAsync("customers", "customer.merged", "customer", survivorId, survivor, view, ct);
        await audit.RecordAsync("customers", "customer.mergedInto", "customer", mergedId, merged, new { mergedInto = survivorId, mergeId }, ct);
        await session.CommitAsync(ct);
        return (new Outcome(mergeId, view), null, 200);
    }

    /// <summary>Undoes the latest merge of <paramref name="mergedId"/> within the window; null with a problem otherwise.</summary>
    public async Task<(CustomerView? Restored, string? Problem, int Status)> UndoAsync(long mergedId, CancellationToken ct)
    {
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        var merge = await c.QueryFirstOrDefaultAsync<(long Id, long SurvivorId, string Snapshot, DateTimeOffset MergedAt)?>(
            "SELECT id, survivor_id, snapshot, merged_at FROM cus_merges WHERE merged_id = @Id AND undone_at IS NULL ORDER BY id DESC",
            new { Id = mergedId }, tx);
        if (merge is not { } m) return (null, $"Customer {mergedId} is not merged into another customer.", 404);
        var now = clock.GetUtcNow();
        if (now - m.MergedAt > UndoWindow)
            return (null, $"Customer {mergedId} was merged on {m.MergedAt:yyyy-MM-dd}; a merge can be undone for {UndoWindow.TotalDays:0} days only.", 409);
        var survivor = await CustomerStore.FindAsync(c, m.SurvivorId, tx);
        if (survivor is null || survivor.Erased) return (null, $"Customer {m.SurvivorId}, who customer {mergedId} was merged into, is archived or erased.", 409);
        var snapshot = JsonSerializer.Deserialize<MergeSnapshot>(m.Snapshot, Json)!;

        await c.ExecuteAsync(
            """
            UPDATE cus_customers SET merged_into = NULL, deleted_at = NULL, version = version + 1, updated_at = @Now WHERE id = @Id;
            UPDATE cus_merges SET undone_at = @Now WHERE id = @MergeId;
            """, new { Id = mergedId, Now = now, MergeId = m.Id }, tx);
        foreach (var e in snapshot.MergedExternalIds)
            await c.ExecuteAsync("UPDATE cus_external_ids SET customer_id = @To WHERE source = @Source AND external_id = @ExternalId AND customer_id = @From",
                new { To = mergedId, From = m.SurvivorId, e.Source, ExternalId = e.Id }, tx);
        await MoveAsync(c, tx, m.SurvivorId, mergedId, snapshot);

        // The survivor goes back to what it was unless someone changed it since; then it keeps their changes.
        var survivorIds = (await CustomerStore.FindAsync(c, m.SurvivorId, tx))!.ExternalIds;
        var back = survivor.Version == snapshot.SurvivorVersionAfter ? StateOf(snapshot.SurvivorBefore) : StateOf(survivor);
        back = back with { ExternalIds = survivorIds };
        var survivorVersion = (await CustomerStore.UpdateAsync(c, tx, session.Dialect, m.SurvivorId, null, back, now))!.Value;
        var restored = (await CustomerStore.FindAsync(c, mergedId, tx))!;
        var restoredState = StateOf(restored);
        await CustomerIdentity.WriteKeysAsync(c, tx, session.Dialect, [(mergedId, restoredState)]);

        await outbox.AddAsync(new CustomerUnmerged(m.SurvivorId, mergedId, snapshot.TicketIds, snapshot.ResponseIds,
            snapshot.ContractIds, snapshot.AssetIds, snapshot.OrderIds), ct);
        await outbox.AddAsync(back.ToEvent(m.SurvivorId, survivorVersion, created: false), ct);
        await outbox.AddAsync(restoredState.ToEvent(mergedId, restored.Version, created: false), ct);
        await audit.RecordAsync("customers", "customer.unmerged", "customer", m.SurvivorId, survivor, await CustomerStore.FindAsync(c, m.SurvivorId, tx), ct);
        await audit.RecordAsync("customers", "customer.unmerged", "customer", mergedId, new { mergedInto = m.SurvivorId }, restored, ct);
        await session.CommitAsync(ct);
        return (restored, null, 200);
    }

    /// <summary>Moves the 360 records from one customer to the other: all of them, or only those the snapshot lists.</summary>
    private static async Task MoveAsync(DbConnection c, DbTransaction tx, long from, long to, MergeSnapshot? only)
    {
        var lists = new (string Table, string Key, IReadOnlyList<long>? Ids)[]
        {
            ("cus_contracts", "id", only?.ContractIds), ("cus_assets", "id", only?.AssetIds), ("cus_orders", "id", only?.OrderIds),
            ("cus_interactions", "id", only?.InteractionIds), ("cus_ticket_view", "ticket_id", only?.TicketIds), ("cus_score_view", "response_id", only?.ResponseIds),
        };
        foreach (var (table, key, ids) in lists)
        {
            if (ids is null)
                await c.ExecuteAsync($"UPDATE {table} SET customer_id = @To WHERE customer_id = @From", new { From = from, To = to }, tx);
            else
                foreach (var chunk in ids.Chunk(500))
                    await c.ExecuteAsync($"UPDATE {table} SET customer_id = @To WHERE customer_id = @From AND {key} IN @Ids", new { From = from, To = to, Ids = chunk }, tx);
        }
    }

    /// <summary>The survivor's profile, completed by what only the merged customer had.</summary>
    private static CustomerState Combined(CustomerView survivor, CustomerView merged)
    {
        var fields = new SortedDictionary<string, JsonElement>(survivor.CustomFields.ToDictionary(), StringComparer.Ordinal);
        foreach (var (key, value) in merged.CustomFields) fields.TryAdd(key, value);
        return new CustomerState(
            survivor.Name, survivor.Kind, survivor.Tier, survivor.AccountManager ?? merged.AccountManager, survivor.Language,
            ImportMerge.AddContacts(survivor.Contacts, merged.Contacts),
            survivor.Tags.Concat(merged.Tags).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList(),
            survivor.ExternalIds.Concat(merged.ExternalIds).Distinct().ToList(),
            fields, survivor.CreditCode ?? merged.CreditCode);
    }

    private static CustomerState StateOf(CustomerView v) => new(
        v.Name, v.Kind, v.Tier, v.AccountManager, v.Language, v.Contacts, v.Tags, v.ExternalIds,
        new SortedDictionary<string, JsonElement>(v.CustomFields.ToDictionary(), StringComparer.Ordinal), v.CreditCode);

    private string? Who() => AuditTrail.Actor(http.HttpContext).Actor;
}
