using System.Data.Common;
using System.Security.Cryptography;
using System.Text;

namespace Csm.Modules.Customers.Import;

/// <summary>
/// What a source's last import of an external id said and left, kept beside the external id: "customer:version:digest",
/// the digest covering the row as read (every field it carries and which columns it had) and the import's settings
/// (blank=clear, replaced lists, which source owns which field, the custom fields' definitions). A row whose memo still
/// holds — the same customer, at the version that import left it, the same row under the same settings — is unchanged:
/// laying a row over the profile it produced gives that profile again. Nothing else is read or computed for it.
/// A row stating a lifecycle status has no memo (the status is derived and set without a new version).
/// </summary>
internal static class ImportMemo
{
    private const char Separator = '\u001f';

    public sealed record Held
    {
        public string Source { get; init; } = "";
        public string ExternalId { get; init; } = "";
        public long CustomerId { get; init; }
        public long Version { get; init; }
        public string? Memo { get; init; }
        public long Archived { get; init; }

        /// <summary>Whether a row of this digest is unchanged for the customer holding its external id.</summary>
        public bool Holds(string? digest) => digest is not null && Archived == 0 && Memo == Of(CustomerId, Version, digest);
    }

    /// <summary>The import's settings as one text: a change to any of them makes every memo stale.</summary>
    public static string Settings(ImportOptions options, IReadOnlyDictionary<string, string> owners, IReadOnlyDictionary<string, CustomFieldDefinition> definitions)
    {
        var text = new StringBuilder();
        text.Append(options.BlankClears).Append(Separator).AppendJoin(',', (options.Replace ?? new HashSet<string>()).Order(StringComparer.Ordinal)).Append(Separator);
        foreach (var (field, source) in owners.OrderBy(o => o.Key, StringComparer.Ordinal)) text.Append(field).Append('=').Append(source).Append(',');
        foreach (var definition in definitions.Values.OrderBy(d => d.Key, StringComparer.Ordinal))
            text.Append(Separator).AppendJoin(',', definition.Key, definition.Type, definition.Required, string.Join('|', definition.Choices));
        return text.ToString();
    }

    /// <summary>The row's digest under the import's settings; null for a row that states a lifecycle status.</summary>
    public static string? Digest(ImportRow row, string source, string settings)
    {
        if (row.Present.Contains("lifecycleStatus") || row.Unreadable is not null) return null;
        var input = row.Input;
        var text = new StringBuilder(settings.Length + 256);
        text.Append(settings).Append(Separator).Append(source).Append(Separator).AppendJoin(',', row.Present.Order(StringComparer.Ordinal));
        foreach (var value in new[] { input.Name, input.Kind, input.Tier, input.AccountManager, input.CreditCode, input.Language })
            text.Append(Separator).Append(value is null ? "\u0000" : value);
        foreach (var c in input.Contacts ?? [])
            text.Append(Separator).AppendJoin('|', c.Name, c.Role, c.Phone, c.Email, c.WeChat, c.IsPrimary);
        text.Append(Separator).AppendJoin('|', input.Tags ?? []);
        foreach (var (key, value) in (input.CustomFields ?? new Dictionary<string, System.Text.Json.JsonElement>()).OrderBy(f => f.Key, StringComparer.Ordinal))
            text.Append(Separator).Append(key).Append('=').Append(value.GetRawText());
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())), 0, 16);
    }

    public static string Of(long customerId, long version, string digest) => $"{customerId}:{version}:{digest}";

    /// <summary>The memos of the batch's external ids that a customer holds, with that customer's current version.</summary>
    public static async Task<Dictionary<ExternalId, Held>> ReadAsync(DbConnection c, DbTransaction? tx, ISqlDialect d, IEnumerable<ExternalId> keys) =>
        (await c.QueryAsync<Held>(
            $"""
            SELECT e.source, e.external_id AS ExternalId, e.customer_id AS CustomerId, c.version, e.import_memo AS Memo,
              CASE WHEN c.deleted_at IS NULL AND c.erased_at IS NULL THEN 0 ELSE 1 END AS Archived
            FROM {ImportWriter.Keys(d)} k
            JOIN cus_external_ids e ON e.source = k.source AND e.external_id = k.external_id
            JOIN cus_customers c ON c.id = e.customer_id
            """, new { Keys = ImportWriter.KeysJson(keys) }, tx))
        .ToDictionary(h => new ExternalId(h.Source, h.ExternalId));

    /// <summary>
    /// Keeps the memos of rows that updated a customer or were found unchanged the long way (a row per statement: after
    /// the first re-import of a file they are the few rows that changed).
    /// </summary>
    public static Task WriteAsync(DbConnection c, DbTransaction tx, IReadOnlyCollection<(ExternalId Key, string Memo)> memos) =>
        memos.Count == 0 ? Task.CompletedTask : c.ExecuteAsync("UPDATE cus_external_ids SET import_memo = @Memo WHERE source = @Source AND external_id = @ExternalId",
            memos.Select(m => new { m.Memo, m.Key.Source, ExternalId = m.Key.Id }), tx);
}
