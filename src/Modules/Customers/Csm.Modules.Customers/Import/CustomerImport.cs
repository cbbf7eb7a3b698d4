using System.Data.Common;
using Csm.Modules.Customers.Features;
using Csm.Modules.Customers.Contracts;
namespace Csm.Modules.Customers.Import;

internal sealed record ImportError(int Row, string? ExternalId, string Field, string Message);

/// <param name="Kept">Field values the file carried but another source owns (filled only when empty), left as they were.</param>
/// <param name="Linked">Rows with a new external id recognised as a customer already known by a strong key (credit code, e-mail, phone): that customer gained the external id and was updated, not created again.</param>
/// <param name="LikelyDuplicates">New customers whose name equals another's, queued at GET /api/customers/duplicates.</param>
internal sealed record ImportReport(int Total, int Created, int Updated, int Unchanged, int Failed, int Kept, IReadOnlyList<ImportError> Errors, bool ErrorsTruncated,
    int Linked = 0, int LikelyDuplicates = 0);

/// <summary>
/// Upserts customers by (source, external id): the rows' keys are checked first, then, holding the write lock, each row
/// is laid over the customer it matches (<see cref="ImportMerge"/>: nothing the file does not say is lost, owned fields
/// are respected) and checked whole; the valid ones land in one transaction with their events, invalid ones are reported
/// and touch nothing. An unchanged row (same profile hash) writes nothing.
/// </summary>
internal sealed class CustomerImport(DbSession session, Outbox outbox, AuditTrail audit, CustomFieldCatalog catalog, TimeProvider clock)
{
    public const int MaxReportedErrors = 1000;
    private static readonly CustomerInputRules Rules = new();

    private sealed record Existing
    {
        public string Source { get; init; } = "";
        public string ExternalId { get; init; } = "";
        public long CustomerId { get; init; }
        public string RowHash { get; init; } = "";
        public long Archived { get; init; }
        public CustomerRow Profile { get; init; } = new();
        public long Version => Profile.Version;
    }

    /// <param name="Digest">The row's <see cref="ImportMemo"/> digest; null for a row that has none.</param>
    private sealed record Keyed(ImportRow Row, ExternalId Key, string? Digest = null);

    /// <param name="earlier">For a file imported in batches: the keys of the batches before, with their row; a key seen again is refused, and this batch's keys are added.</param>
    /// <param name="alongside">Runs in the import's transaction before it commits, with the whole report (every error): a job's progress lands with its rows or not at all.</param>
    public async Task<ImportReport> RunAsync(IReadOnlyList<ImportRow> rows, string? defaultSource, ImportOptions options, CancellationToken ct,
        Dictionary<ExternalId, int>? earlier = null, Func<DbConnection, DbTransaction, ImportReport, Task>? alongside = null, string? actor = null)
    {
        // An import is run again when PostgreSQL or SQL Server made it a deadlock's victim (its rows touch customers' 360
        // documents in the file's order, the 360 builder in id order): nothing of it was kept, so neither are the keys it
        // added to a batched file's `earlier` (theirs are the rows of this batch; row numbers are the file's).
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RunOnceAsync(rows, defaultSource, options, ct, earlier, alongside, actor);
            }
            catch (Exception e) when (attempt < 3 && session.Dialect.IsDeadlock(e))
            {
                await session.RollbackAsync(CancellationToken.None);
                if (earlier is null) continue;
                var batch = rows.Select(r => r.Row).ToHashSet();
                foreach (var key in earlier.Where(k => batch.Contains(k.Value)).Select(k => k.Key).ToList()) earlier.Remove(key);
            }
        }
    }

    private async Task<ImportReport> RunOnceAsync(IReadOnlyList<ImportRow> rows, string? defaultSource, ImportOptions options, CancellationToken ct,
        Dictionary<ExternalId, int>? earlier, Func<DbConnection, DbTransaction, ImportReport, Task>? alongside, string? actor)
    {
        var definitions = await catalog.LoadAsync(ct);
        var (keyed, errors) = Key(rows, defaultSource, earlier);

        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        // Imports take turns (a row lock on every engine; SQLite's write lock too) before reading what exists, so nothing
        // changes between the read and the writes and two imports of overlapping files never both create one customer.
        await c.ExecuteAsync("UPDATE cus_import_turn SET turns = turns + 1 WHERE id = 1", transaction: tx);
        var owners = await FieldOwners.LoadAsync(c, tx);
        var d = session.Dialect;

        // Rows whose memo holds are unchanged without reading their customer (ImportMemo); the others go the long way.
        Digest(keyed, ImportMemo.Settings(options, owners, definitions), ct);
        var held = keyed.Count == 0 ? [] : await ImportMemo.ReadAsync(c, tx, d, keyed.Select(v => v.Key));
        var total = keyed.Count;
        keyed = keyed.Where(v => !(held.TryGetValue(v.Key, out var h) && h.Holds(v.Digest))).ToList();
        int unchanged = total - keyed.Count, keptValues = 0;
        var existing = !keyed.Any(v => held.ContainsKey(v.Key)) ? [] : (await c.QueryAsync<Existing, CustomerRow, Existing>(
                $"""
                SELECT e.source, e.external_id AS ExternalId, e.customer_id AS CustomerId, c.row_hash AS RowHash,
                  CASE WHEN c.deleted_at IS NULL AND c.erased_at IS NULL THEN 0 ELSE 1 END AS Archived, {CustomerRow.Columns}
                FROM {ImportWriter.Keys(d)} k
                JOIN cus_external_ids e ON e.source = k.source AND e.external_id = k.external_id
                JOIN cus_customers c ON c.id = e.customer_id
                """, (e, profile) => e with { Profile = profile }, new { Keys = ImportWriter.KeysJson(keyed.Where(v => held.ContainsKey(v.Key)).Select(v => v.Key)) }, tx, splitOn: "id"))
            .ToDictionary(e => new ExternalId(e.Source, e.ExternalId));
        var links = await RecogniseAsync(c, tx, d, keyed, existing);

        // Laying each row over its customer and checking the result is CPU work per row: spread it over the cores, keep the file's order.
        var laid = new (Dictionary<string, string[]> Problems, CustomerState? State, Existing? Match, int Kept)[keyed.Count];
        Parallel.For(0, keyed.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            var (row, key) = (keyed[i].Row, keyed[i].Key);
            existing.TryGetValue(key, out var match);
            var kept = 0;
            var input = match is null || match.Archived == 1 ? row.Input : ImportMerge.Over(CustomerView.From(match.Profile, []), row, key.Source, options, owners, out kept);
            var problems = Check(input, key, definitions, out var state);
            state?.Hash();
            laid[i] = (problems, state, match, kept);
        });

        var now = clock.GetUtcNow();
        var inserts = new List<ImportWriter.NewCustomer>();
        var updates = new List<ImportWriter.ChangedCustomer>();
        var history = new List<(object, object?, object?)>();
        var events = new List<IntegrationEvent>();
        var memos = new List<(ExternalId, string)>();
        var linked = new List<(ExternalId, long)>();
        var lifecycleChanges = new List<(CustomerLifecycle? Had, CustomerLifecycleChanged Change)>();
        for (var i = 0; i < keyed.Count; i++)
        {
            var (row, key, digest) = keyed[i];
            var (problems, state, match, kept) = laid[i];
            if (problems.Count > 0)
            {
                errors.AddRange(problems.Select(p => new ImportError(row.Row, row.ExternalId, p.Key, p.Value[0])));
                continue;
            }
            keptValues += kept;
            if (links.Contains(key)) linked.Add((key, match!.CustomerId));
            if (match is null)
                inserts.Add(new ImportWriter.NewCustomer(key, state!, digest));
            else if (match.Archived == 1)
                errors.Add(new ImportError(row.Row, key.Id, "externalId", $"Customer {match.CustomerId} is archived or erased; it is not changed by imports."));
            else if (CustomerLifecycle.ExplicitChange(match.CustomerId, CustomerLifecycle.Of(match.Profile), state!.LifecycleStatus, now) is var change
                     && match.RowHash == state.Hash() && change is null)
            {
                unchanged++;
                if (digest is not null) memos.Add((key, ImportMemo.Of(match.CustomerId, match.Version, digest)));
            }
            else
            {
                updates.Add(new ImportWriter.ChangedCustomer(match.CustomerId, state));
                if (digest is not null) memos.Add((key, ImportMemo.Of(match.CustomerId, match.Version + 1, digest)));
                if (ImportHistory.Changed(match.CustomerId, match.Profile, state, key) is { } changed) history.Add(changed);
                events.Add(state.ToEvent(match.CustomerId, match.Version + 1, created: false));
                if (change is not null) lifecycleChanges.Add((CustomerLifecycle.Of(match.Profile), change));
            }
        }
        await ImportWriter.UpdateAsync(c, tx, d, updates, now);
        await ImportWriter.LinkAsync(c, tx, linked);
        await ImportMemo.WriteAsync(c, tx, memos);
        var ids = await ImportWriter.InsertAsync(c, tx, session.Dialect, inserts, now);
        var likelyDuplicates = await CustomerIdentity.QueueLikelyDuplicatesAsync(c, tx, session.Dialect, inserts.Select(i => (ids[i.Key], i.State)).ToList(), now);
        events.AddRange(inserts.Select(i => i.State.ToEvent(ids[i.Key], 1, created: true)));
        events.AddRange(inserts.Select(i => CustomerLifecycle.ExplicitChange(ids[i.Key], null, i.State.LifecycleStatus, now)).OfType<CustomerLifecycleChanged>());
        events.AddRange(lifecycleChanges.Select(l => l.Change));
        foreach (var (had, change) in lifecycleChanges)
            await CustomerLifecycle.RecordAsync(audit, had, change, defaultSource, ct);
        history.AddRange(inserts.Select(i => ImportHistory.Created(ids[i.Key], i.State, i.Key)));
        await audit.RecordManyAsync("customers", "customer.imported", "customer", history, ct, actor);
        int created = inserts.Count, updated = updates.Count;
        await outbox.AddRangeAsync(events, ct);
        var ordered = errors.OrderBy(e => e.Row).ToList();
        var report = new ImportReport(rows.Count, created, updated, unchanged, rows.Count - created - updated - unchanged, keptValues,
            ordered, false, linked.Count, likelyDuplicates);
        await RecordAsync(report, defaultSource, options, actor, ct);
        if (alongside is not null) await alongside(c, tx, report);
        await session.CommitAsync(ct);
        return report with { Errors = ordered.Take(MaxReportedErrors).ToList(), ErrorsTruncated = ordered.Count > MaxReportedErrors };
    }

    /// <summary>
    /// The import's entry in the audit trail, in the caller's transaction: its source, counts and options. A background
    /// import has one per batch it wrote and one for each run of unchanged batches it counted without writing.
    /// </summary>
    public Task RecordAsync(ImportReport report, string? source, ImportOptions options, string? actor, CancellationToken ct) =>
        audit.RecordAsync("customers", "customers.imported", "import", null,
            after: new
            {
                Source = source, report.Total, report.Created, report.Updated, report.Unchanged, report.Failed, report.Kept, report.Linked,
                report.LikelyDuplicates, options.BlankClears, Replace = options.Replace?.Order().ToList(),
            }, ct: ct, actor: actor);

    /// <summary>
    /// A batch of a background import in which every row is unchanged (its memo holds, see <see cref="ImportMemo"/>) writes
    /// nothing, so it is checked on what is committed, without taking the write turn: a file sent again goes at the pace of
    /// reading it, not of the writers ahead of it (such as the outbox delivering the first import's events). Its report, with
    /// the batch's keys added to <paramref name="earlier"/>; null when any row is refused or must go the long way
    /// (<see cref="RunAsync"/>, which takes the turn and reads again). The reads are not one snapshot, and need not be: a row
    /// counts as unchanged only if its customer is still at the version its memo names, so the batch is a no-op against
    /// what was committed when the memos were read, as if the import had run then.
    /// </summary>
    public async Task<ImportReport?> UnchangedAsync(IReadOnlyList<ImportRow> rows, string? defaultSource, ImportOptions options,
        Dictionary<ExternalId, int> earlier, CancellationToken ct)
    {
        var (keyed, errors) = Key(rows, defaultSource, null);
        if (errors.Count > 0 || keyed.Count == 0 || keyed.Any(v => earlier.ContainsKey(v.Key))) return null;
        var c = await session.ConnectionAsync(ct);
        Digest(keyed, ImportMemo.Settings(options, await FieldOwners.LoadAsync(c, null), await catalog.LoadAsync(ct)), ct);
        if (keyed.Any(v => v.Digest is null)) return null;
        var held = await ImportMemo.ReadAsync(c, null, session.Dialect, keyed.Select(v => v.Key));
        if (!keyed.All(v => held.TryGetValue(v.Key, out var h) && h.Holds(v.Digest))) return null;
        foreach (var v in keyed) earlier[v.Key] = v.Row.Row;
        return new ImportReport(rows.Count, 0, 0, rows.Count, 0, 0, [], false);
    }

    /// <summary>
    /// The rows that have a usable key, and the others refused: unreadable, without an external id or source, a key twice
    /// in the batch, or one seen in an earlier batch of the file (the batch's keys are then added to <paramref name="earlier"/>).
    /// </summary>
    private static (List<Keyed> Keyed, List<ImportError> Errors) Key(IReadOnlyList<ImportRow> rows, string? defaultSource, Dictionary<ExternalId, int>? earlier)
    {
        var errors = new List<ImportError>();
        var keyed = new List<Keyed>(rows.Count);
        foreach (var row in rows)
        {
            if (KeyProblems(row, defaultSource) is { Count: > 0 } problems)
                errors.AddRange(problems.Select(p => new ImportError(row.Row, row.ExternalId, p.Key, p.Value[0])));
            else keyed.Add(new Keyed(row, new ExternalId((row.Source ?? defaultSource)!.Trim(), row.ExternalId!.Trim())));
        }
        foreach (var duplicate in keyed.GroupBy(v => v.Key).Where(g => g.Count() > 1).ToList())
        {
            var where = string.Join(", ", duplicate.Select(v => v.Row.Row));
            foreach (var v in duplicate)
            {
                errors.Add(new ImportError(v.Row.Row, v.Key.Id, "externalId", $"{v.Key.Source}/{v.Key.Id} appears on rows {where} of this file; none of them was imported."));
                keyed.Remove(v);
            }
        }
        if (earlier is not null)
        {
            foreach (var v in keyed.Where(v => earlier.ContainsKey(v.Key)).ToList())
            {
                errors.Add(new ImportError(v.Row.Row, v.Key.Id, "externalId", $"{v.Key.Source}/{v.Key.Id} appears earlier in this file, on row {earlier[v.Key]}; this row was not imported."));
                keyed.Remove(v);
            }
            foreach (var v in keyed) earlier[v.Key] = v.Row.Row;
        }
        return (keyed, errors);
    }

    /// <summary>Each row's memo digest under the import's settings: CPU work per row, spread over the cores.</summary>
    private static void Digest(List<Keyed> keyed, string settings, CancellationToken ct) =>
        Parallel.For(0, keyed.Count, new ParallelOptions { CancellationToken = ct },
            i => keyed[i] = keyed[i] with { Digest = ImportMemo.Digest(keyed[i].Row, keyed[i].Key.Source, settings) });

    /// <summary>
    /// Rows whose external id is new but whose strong key (credit code, e-mail, phone) a live customer holds: each is laid
    /// over that customer like a row that matched by external id, and the external id is added. One row per customer.
    /// </summary>
    private static async Task<HashSet<ExternalId>> RecogniseAsync(DbConnection c, DbTransaction tx, ISqlDialect dialect, List<Keyed> keyed, Dictionary<ExternalId, Existing> existing)
    {
        var unknown = keyed.Where(v => !existing.ContainsKey(v.Key))
            .Select(v => (v.Key, Keys: MatchKeys.Of(v.Row.Input.Name, v.Row.Input.CreditCode, v.Row.Input.Contacts ?? []).Where(k => k.Strong).ToList()))
            .Where(v => v.Keys.Count > 0).ToList();
        if (unknown.Count == 0) return [];
        var holders = await CustomerIdentity.HoldersAsync(c, tx, dialect, unknown.SelectMany(v => v.Keys));
        var theirSources = await CustomerIdentity.SourcesAsync(c, tx, holders.SelectMany(h => h));
        var taken = new Dictionary<long, ExternalId>();
        foreach (var (key, keys) in unknown)
        {
            if (CustomerIdentity.SameAs(keys, [key.Source], holders, theirSources) is { } same && !taken.ContainsKey(same)) taken[same] = key;
        }
        if (taken.Count == 0) return [];
        foreach (var chunk in taken.Keys.Chunk(500))
        {
            var profiles = await c.QueryAsync<CustomerRow>($"SELECT {CustomerRow.Columns} FROM cus_customers WHERE id IN @Ids", new { Ids = chunk }, tx);
            var hashes = (await c.QueryAsync<(long Id, string Hash)>("SELECT id, row_hash FROM cus_customers WHERE id IN @Ids", new { Ids = chunk }, tx)).ToDictionary(h => h.Id, h => h.Hash);
            foreach (var profile in profiles)
            {
                var key = taken[profile.Id];
                existing[key] = new Existing { Source = key.Source, ExternalId = key.Id, CustomerId = profile.Id, RowHash = hashes[profile.Id], Profile = profile };
            }
        }
        return taken.Values.ToHashSet();
    }

    /// <summary>What makes a row unusable before it is matched: unreadable, no external id, no source.</summary>
    private static Dictionary<string, string[]> KeyProblems(ImportRow row, string? defaultSource)
    {
        var errors = new Dictionary<string, string[]>();
        if (row.Unreadable is not null)
            return new() { [row.Unreadable] = [row.Unreadable == "$" ? "The row is not a JSON object." : $"The value of '{row.Unreadable}' has the wrong type or format."] };
        if (string.IsNullOrWhiteSpace(row.ExternalId)) errors["externalId"] = ["Every row needs its external id."];
        else if (row.ExternalId.Length > 200) errors["externalId"] = ["At most 200 characters."];
        var source = row.Source ?? defaultSource;
        if (string.IsNullOrWhiteSpace(source)) errors["source"] = ["Give the source system in a 'source' column or the ?source= parameter."];
        else if (source.Length > 100) errors["source"] = ["At most 100 characters."];
        return errors;
    }

    /// <summary>The customer as the row leaves it, checked whole like a profile sent to the API.</summary>
    private static Dictionary<string, string[]> Check(
        CustomerInput input, ExternalId key, IReadOnlyDictionary<string, CustomFieldDefinition> definitions, out CustomerState? state)
    {
        state = null;
        var errors = Rules.Validate(input).Errors.ToErrors();
        var custom = CustomFieldValues.Check(definitions, input.CustomFields, errors);
        if (errors.Count == 0) state = CustomerState.From(input with { ExternalIds = [key] }, custom);
        return errors;
    }
}
