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
            INSERT INTO cus_customers (name, kind, tier, account_manager, language, email, phone, tags, contacts, custom_fields, row_hash, version, created_at, updated_at)
            VALUES (@Name, @Kind, @Tier, @AccountManager, @Language, @Email, @Phone, @Tags, @Contacts, @CustomFields, @Hash, 1, @Now, @Now);
            INSERT INTO cus_external_ids (source, external_id, customer_id) VALUES (@Source, @ExternalId, {dialect.LastInsertedId});
            """,
            rows.Select(r => new
            {
                r.State.Name, r.State.Kind, r.State.Tier, r.State.AccountManager, r.State.Language, r.State.Email, r.State.Phone,
                Tags = r.State.TagsJson, Contacts = r.State.ContactsJson, CustomFields = r.State.CustomFieldsJson, Hash = r.State.Hash(),
                Now = now, r.Key.Source, ExternalId = r.Key.Id,
            }), tx);
        var ids = new Dictionary<ExternalId, long>();
        foreach (var source in rows.Select(r => r.Key.Source).Distinct())
        {
            var keys = await c.QueryAsync<(string ExternalId, long CustomerId)>(
                "SELECT external_id, customer_id FROM cus_external_ids WHERE source = @Source", new { Source = source }, tx);
            foreach (var (externalId, customerId) in keys) ids[new ExternalId(source, externalId)] = customerId;
        }
        await InsertTagsAsync(c, tx, rows.Select(r => (ids[r.Key], r.State)));
        return ids;
    }

    /// <summary>Replaces the profiles (not the external ids: each source knows only its own).</summary>
    public static async Task UpdateAsync(DbConnection c, DbTransaction tx, IReadOnlyList<ChangedCustomer> rows, DateTimeOffset now)
    {
        if (rows.Count == 0) return;
        await c.ExecuteAsync(
            """
            UPDATE cus_customers SET name = @Name, kind = @Kind, tier = @Tier, account_manager = @AccountManager, language = @Language,
              email = @Email, phone = @Phone, tags = @Tags, contacts = @Contacts, custom_fields = @CustomFields, row_hash = @Hash,
              version = version + 1, updated_at = @Now
            WHERE id = @Id;
            DELETE FROM cus_customer_tags WHERE customer_id = @Id;
            """,
            rows.Select(r => new
            {
                r.Id, r.State.Name, r.State.Kind, r.State.Tier, r.State.AccountManager, r.State.Language, r.State.Email, r.State.Phone,
                Tags = r.State.TagsJson, Contacts = r.State.ContactsJson, CustomFields = r.State.CustomFieldsJson, Hash = r.State.Hash(), Now = now,
            }), tx);
        await InsertTagsAsync(c, tx, rows.Select(r => (r.Id, r.State)));
    }

    private static Task InsertTagsAsync(DbConnection c, DbTransaction tx, IEnumerable<(long Id, CustomerState State)> rows) =>
        c.ExecuteAsync("INSERT INTO cus_customer_tags (customer_id, tag) VALUES (@Id, @Tag)",
            rows.SelectMany(r => r.State.Tags.Select(t => new { r.Id, Tag = t })), tx);
}
