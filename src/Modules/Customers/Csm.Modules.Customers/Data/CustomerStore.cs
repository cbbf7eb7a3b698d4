using System.Data.Common;

namespace Csm.Modules.Customers.Data;

/// <summary>Writes and reads customers with their tags and external ids, inside the caller's transaction.</summary>
internal static class CustomerStore
{
    public static async Task<CustomerView?> FindAsync(DbConnection c, long id, DbTransaction? tx = null, bool includeDeleted = false)
    {
        var row = await c.QuerySingleOrDefaultAsync<CustomerRow>(
            $"SELECT {CustomerRow.Columns} FROM cus_customers WHERE id = @Id" + (includeDeleted ? "" : " AND deleted_at IS NULL"),
            new { Id = id }, tx);
        if (row is null) return null;
        var ids = await c.QueryAsync<ExternalIdRow>(
            "SELECT customer_id AS CustomerId, source, external_id AS ExternalId FROM cus_external_ids WHERE customer_id = @Id ORDER BY source",
            new { Id = id }, tx);
        return CustomerView.From(row, ids);
    }

    /// <summary>The customer that owns any of these external ids, other than <paramref name="except"/>.</summary>
    public static Task<ExternalIdRow?> FindExternalIdOwnerAsync(DbConnection c, DbTransaction tx, IEnumerable<ExternalId> ids, long except = 0) =>
        ids.Any()
            ? c.QueryFirstOrDefaultAsync<ExternalIdRow?>(
                "SELECT customer_id AS CustomerId, source, external_id AS ExternalId FROM cus_external_ids WHERE customer_id <> @Except AND (" +
                string.Join(" OR ", ids.Select((_, i) => $"(source = @S{i} AND external_id = @E{i})")) + ")",
                Parameters(ids, except), tx)
            : Task.FromResult<ExternalIdRow?>(null);

    private static DynamicParameters Parameters(IEnumerable<ExternalId> ids, long except)
    {
        var p = new DynamicParameters(new { Except = except });
        var i = 0;
        foreach (var id in ids)
        {
            p.Add($"S{i}", id.Source);
            p.Add($"E{i}", id.Id);
            i++;
        }
        return p;
    }

    // One profile's columns and their parameters (from ProfileValues), for single writes and the import's batches alike.
    public const string InsertColumns =
        "name, kind, tier, account_manager, language, email, phone, credit_code, tags, contacts, custom_fields, row_hash, version, created_at, updated_at, " +
        "lifecycle_status, lifecycle_origin, lifecycle_since";
    public const string InsertValues =
        "@Name, @Kind, @Tier, @AccountManager, @Language, @Email, @Phone, @CreditCode, @Tags, @Contacts, @CustomFields, @Hash, 1, @Now, @Now, " +
        "@LifecycleStatus, CASE WHEN @LifecycleStatus IS NULL THEN NULL ELSE 'explicit' END, CASE WHEN @LifecycleStatus IS NULL THEN NULL ELSE @Now END";
    public const string SetProfile =
        """
        name = @Name, kind = @Kind, tier = @Tier, account_manager = @AccountManager, language = @Language,
          email = @Email, phone = @Phone, credit_code = @CreditCode, tags = @Tags, contacts = @Contacts, custom_fields = @CustomFields, row_hash = @Hash,
          version = version + 1, updated_at = @Now,
          lifecycle_status = COALESCE(@LifecycleStatus, lifecycle_status),
          lifecycle_origin = CASE WHEN @LifecycleStatus IS NULL THEN lifecycle_origin ELSE 'explicit' END,
          lifecycle_since = CASE WHEN @LifecycleStatus IS NULL OR lifecycle_status = @LifecycleStatus THEN lifecycle_since ELSE @Now END
        """;

    public static async Task<long> InsertAsync(DbConnection c, DbTransaction tx, ISqlDialect dialect, CustomerState s, DateTimeOffset now)
    {
        var id = await c.ExecuteScalarAsync<long>(dialect.InsertReturningId("cus_customers", InsertColumns, InsertValues), ProfileValues(s, now), tx);
        await WriteChildrenAsync(c, tx, id, s);
        await CustomerIdentity.WriteKeysAsync(c, tx, dialect, [(id, s)], created: true);
        return id;
    }

    /// <summary>Replaces the profile when the caller's version is current (or any version when null). Returns the new version, or null when stale.</summary>
    public static async Task<long?> UpdateAsync(DbConnection c, DbTransaction tx, ISqlDialect dialect, long id, long? expectedVersion, CustomerState s, DateTimeOffset now)
    {
        var values = ProfileValues(s, now);
        values.Add("Id", id);
        values.Add("Expected", expectedVersion, System.Data.DbType.Int64);
        var changed = await c.ExecuteAsync(
            $"UPDATE cus_customers SET {SetProfile} WHERE id = @Id AND deleted_at IS NULL AND erased_at IS NULL AND (@Expected IS NULL OR version = @Expected)",
            values, tx);
        if (changed == 0) return null;
        await c.ExecuteAsync("DELETE FROM cus_customer_tags WHERE customer_id = @Id; DELETE FROM cus_external_ids WHERE customer_id = @Id", new { Id = id }, tx);
        await WriteChildrenAsync(c, tx, id, s);
        await CustomerIdentity.WriteKeysAsync(c, tx, dialect, [(id, s)]);
        return await c.ExecuteScalarAsync<long>("SELECT version FROM cus_customers WHERE id = @Id", new { Id = id }, tx);
    }

    public static DynamicParameters ProfileValues(CustomerState s, DateTimeOffset now) => new(new
    {
        s.Name, s.Kind, s.Tier, s.AccountManager, s.Language, s.Email, s.Phone, s.CreditCode,
        Tags = s.TagsJson, Contacts = s.ContactsJson, CustomFields = s.CustomFieldsJson, Hash = s.Hash(), Now = now, s.LifecycleStatus,
    });

    private static async Task WriteChildrenAsync(DbConnection c, DbTransaction tx, long id, CustomerState s)
    {
        if (s.Tags.Count > 0)
            await c.ExecuteAsync("INSERT INTO cus_customer_tags (customer_id, tag) VALUES (@Id, @Tag)", s.Tags.Select(t => new { Id = id, Tag = t }), tx);
        if (s.ExternalIds.Count > 0)
            await c.ExecuteAsync("INSERT INTO cus_external_ids (source, external_id, customer_id) VALUES (@Source, @ExternalId, @Id)",
                s.ExternalIds.Select(e => new { e.Source, ExternalId = e.Id, Id = id }), tx);
    }
}
