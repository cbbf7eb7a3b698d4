using System.Data.Common;

namespace Csm.Modules.Customers.Import;

/// <summary>
/// The import's writes, set-wise: one statement per kind of row over the whole batch, its rows sent as one JSON parameter
/// (<see cref="ISqlDialect.JsonRows"/>), instead of a round of statements per customer, so a large file is bound by the
/// engine, not by commands and the binding of their parameters.
/// </summary>
internal static class ImportWriter
{
    /// <param name="Digest">The row's <see cref="ImportMemo"/> digest, kept with the external id; null for a row that has none.</param>
    public sealed record NewCustomer(ExternalId Key, CustomerState State, string? Digest = null);
    public sealed record ChangedCustomer(long Id, CustomerState State);

    /// <summary>
    /// Inserts the customers with their external id, tags and match keys; returns each new customer's id by external id.
    /// The ids are reserved first (<see cref="ISqlDialect.ReserveIds"/>), so each kind of row is one INSERT ... SELECT over
    /// the batch sent as one JSON parameter: five statements for a batch of any size, none per row.
    /// </summary>
    public static async Task<Dictionary<ExternalId, long>> InsertAsync(
        DbConnection c, DbTransaction tx, ISqlDialect d, IReadOnlyList<NewCustomer> rows, DateTimeOffset now)
    {
        if (rows.Count == 0) return [];
        var reserved = (await c.QueryAsync<long>(d.ReserveIds("cus_customers"), new { Count = rows.Count }, tx)).ToArray();
        if (reserved.Length != rows.Count) throw new InvalidOperationException($"{reserved.Length} ids were reserved for {rows.Count} customers.");
        var created = rows.Select((r, i) => (Id: reserved[i], r.Key, r.State, r.Digest)).ToList();
        string V(string key, SqlType type = SqlType.Text) => d.JsonValue("j.value", "$." + key, type);
        await c.ExecuteAsync(d.InsertWithIds("cus_customers", "id, " + CustomerStore.InsertColumns,
            $"""
            SELECT {V("id", SqlType.BigInt)}, {V("name")}, {V("kind")}, {V("tier")}, {V("am")}, {V("lang")}, {V("email")}, {V("phone")}, {V("cc")},
              {V("tags", SqlType.LongText)}, {V("contacts", SqlType.LongText)}, {V("fields", SqlType.LongText)}, {V("hash")}, 1, @Now, @Now,
              {V("life")}, CASE WHEN {V("life")} IS NULL THEN NULL ELSE 'explicit' END, CASE WHEN {V("life")} IS NULL THEN NULL ELSE @Now END
            FROM {d.JsonRows("@Rows")} j
            """), new { Rows = Profiles(created), Now = now }, tx);
        await c.ExecuteAsync(
            $"""
            INSERT INTO cus_external_ids (source, external_id, customer_id, import_memo)
            SELECT {d.JsonText("j.value", "$[0]")}, {d.JsonText("j.value", "$[1]")}, {d.JsonValue("j.value", "$[2]", SqlType.BigInt)}, {d.JsonText("j.value", "$[3]")}
            FROM {d.JsonRows("@Keys")} j
            """, new
            {
                Keys = JsonRows.Text(created, static (w, x) =>
                {
                    w.WriteStartArray();
                    w.WriteStringValue(x.Key.Source);
                    w.WriteStringValue(x.Key.Id);
                    w.WriteNumberValue(x.Id);
                    if (x.Digest is null) w.WriteNullValue();
                    else w.WriteStringValue(ImportMemo.Of(x.Id, 1, x.Digest));
                    w.WriteEndArray();
                }),
            }, tx);
        await InsertTagsAsync(c, tx, d, created.Select(x => (x.Id, x.State)));
        await CustomerIdentity.WriteKeysAsync(c, tx, d, created.Select(x => (x.Id, x.State)).ToList(), created: true);
        return created.ToDictionary(x => x.Key, x => x.Id);
    }

    private static string Profiles(IEnumerable<(long Id, ExternalId Key, CustomerState State, string? Digest)> rows) => JsonRows.Text(rows, static (w, x) =>
    {
        var s = x.State;
        w.WriteStartObject();
        w.WriteNumber("id", x.Id);
        w.WriteString("name", s.Name);
        w.WriteString("kind", s.Kind);
        w.WriteString("tier", s.Tier);
        w.WriteString("am", s.AccountManager);
        w.WriteString("lang", s.Language);
        w.WriteString("email", s.Email);
        w.WriteString("phone", s.Phone);
        w.WriteString("cc", s.CreditCode);
        w.WriteString("tags", s.TagsJson);
        w.WriteString("contacts", s.ContactsJson);
        w.WriteString("fields", s.CustomFieldsJson);
        w.WriteString("hash", s.Hash());
        w.WriteString("life", s.LifecycleStatus);
        w.WriteEndObject();
    });

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
    public static async Task UpdateAsync(DbConnection c, DbTransaction tx, ISqlDialect d, IReadOnlyList<ChangedCustomer> rows, DateTimeOffset now)
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
        await InsertTagsAsync(c, tx, d, rows.Select(r => (r.Id, r.State)));
        await CustomerIdentity.WriteKeysAsync(c, tx, d, rows.Select(r => (r.Id, r.State)).ToList());
    }

    private static Task InsertTagsAsync(DbConnection c, DbTransaction tx, ISqlDialect d, IEnumerable<(long Id, CustomerState State)> rows)
    {
        var tags = rows.SelectMany(r => r.State.Tags.Select(t => (r.Id, Tag: t))).ToList();
        return tags.Count == 0 ? Task.CompletedTask : c.ExecuteAsync(
            $"INSERT INTO cus_customer_tags (customer_id, tag) SELECT {d.JsonValue("j.value", "$[0]", SqlType.BigInt)}, {d.JsonText("j.value", "$[1]")} FROM {d.JsonRows("@Tags")} j",
            new
            {
                Tags = JsonRows.Text(tags, static (w, t) =>
                {
                    w.WriteStartArray();
                    w.WriteNumberValue(t.Id);
                    w.WriteStringValue(t.Tag);
                    w.WriteEndArray();
                }),
            }, tx);
    }
}
