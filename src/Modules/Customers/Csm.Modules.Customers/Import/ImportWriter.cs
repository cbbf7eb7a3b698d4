using System.Data.Common;

namespace Csm.Modules.Customers.Import;

/// <summary>
/// The import's writes, set-wise: one reused statement per kind of row (customer + external id, tags, updates)
/// instead of a round of statements per customer, so a large file is bound by the engine, not by commands.
/// </summary>
internal static class ImportWriter
{
    public sealed record NewCustomer(ExternalId Key, CustomerState State);
    public sealed record ChangedCustomer(long Id, CustomerState State);

    /// <summary>Inserts the customers with their external id and tags; returns each new customer's id by external id.</summary>
    public static async Task<Dictionary<ExternalId, long>> InsertAsync(
        DbConnection c, DbTransaction tx, ISqlDialect dialect, IReadOnlyList<NewCustomer> rows, DateTimeOffset now)
    {
        if (rows.Count == 0) return [];
        await c.ExecuteAsync(
            $"""
            INSERT INTO cus_customers ({CustomerStore.InsertColumns}) VALUES ({CustomerStore.InsertValues});
            INSERT INTO cus_external_ids (source, external_id, customer_id) VALUES (@Source, @ExternalId, {dialect.LastInsertedId});
            """,
            rows.Select(r =>
            {
                var values = CustomerStore.ProfileValues(r.State, now);
                values.Add("Source", r.Key.Source);
                values.Add("ExternalId", r.Key.Id);
                return values;
            }), tx);
        var ids = (await c.QueryAsync<(string Source, string ExternalId, long CustomerId)>(
                $"""
                SELECT e.source, e.external_id, e.customer_id FROM {Keys(dialect)} k
                JOIN cus_external_ids e ON e.source = k.source AND e.external_id = k.external_id
                """, new { Keys = KeysJson(rows.Select(r => r.Key)) }, tx))
            .ToDictionary(k => new ExternalId(k.Source, k.ExternalId), k => k.CustomerId);
        await InsertTagsAsync(c, tx, rows.Select(r => (ids[r.Key], r.State)));
        await CustomerIdentity.WriteKeysAsync(c, tx, rows.Select(r => (ids[r.Key], r.State)).ToList());
        return ids;
    }

    /// <summary>The keys sent as @Keys (<see cref="KeysJson"/>) as a table (source, external_id) to join.</summary>
    public static string Keys(ISqlDialect d) =>
        $"(SELECT {d.JsonText("j.value", "$[0]")} AS source, {d.JsonText("j.value", "$[1]")} AS external_id FROM {d.JsonRows("@Keys")} j)";

    /// <summary>The keys as one JSON parameter, [[source, external id], ...], for a statement that joins them with JsonRows.</summary>
    public static string KeysJson(IEnumerable<ExternalId> keys) => JsonRows.Text(keys, static (w, k) =>
    {
        w.WriteStartArray();
        w.WriteStringValue(k.Source);
        w.WriteStringValue(k.Id);
        w.WriteEndArray();
    });

    /// <summary>Adds external ids to the customers the import recognised by a strong key.</summary>
    public static Task LinkAsync(DbConnection c, DbTransaction tx, IEnumerable<(ExternalId Key, long CustomerId)> links) =>
        c.ExecuteAsync("INSERT INTO cus_external_ids (source, external_id, customer_id) VALUES (@Source, @ExternalId, @CustomerId)",
            links.Select(l => new { l.Key.Source, ExternalId = l.Key.Id, l.CustomerId }), tx);

    /// <summary>Replaces the profiles (not the external ids: each source knows only its own).</summary>
    public static async Task UpdateAsync(DbConnection c, DbTransaction tx, IReadOnlyList<ChangedCustomer> rows, DateTimeOffset now)
    {
        if (rows.Count == 0) return;
        await c.ExecuteAsync(
            $"UPDATE cus_customers SET {CustomerStore.SetProfile} WHERE id = @Id; DELETE FROM cus_customer_tags WHERE customer_id = @Id;",
            rows.Select(r =>
            {
                var values = CustomerStore.ProfileValues(r.State, now);
                values.Add("Id", r.Id);
                return values;
            }), tx);
        await InsertTagsAsync(c, tx, rows.Select(r => (r.Id, r.State)));
        await CustomerIdentity.WriteKeysAsync(c, tx, rows.Select(r => (r.Id, r.State)).ToList());
    }

    private static Task InsertTagsAsync(DbConnection c, DbTransaction tx, IEnumerable<(long Id, CustomerState State)> rows) =>
        c.ExecuteAsync("INSERT INTO cus_customer_tags (customer_id, tag) VALUES (@Id, @Tag)",
            rows.SelectMany(r => r.State.Tags.Select(t => new { r.Id, Tag = t })), tx);
}
