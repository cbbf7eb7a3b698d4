using System.Text.Json;

namespace Csm.Modules.Customers.Data;

internal sealed record CustomerRow
{
    public const string Columns =
        "id, name, kind, tier, account_manager AS AccountManager, language, tags, contacts, custom_fields AS CustomFields, " +
        "version, created_at AS CreatedAt, updated_at AS UpdatedAt, erased_at AS ErasedAt, credit_code AS CreditCode, merged_into AS MergedInto, " +
        "lifecycle_status AS LifecycleStatus, lifecycle_origin AS LifecycleOrigin, lifecycle_since AS LifecycleSince";

    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string Kind { get; init; } = "";
    public string Tier { get; init; } = "";
    public string? AccountManager { get; init; }
    public string Language { get; init; } = "";
    public string Tags { get; init; } = "[]";
    public string Contacts { get; init; } = "[]";
    public string CustomFields { get; init; } = "{}";
    public long Version { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? ErasedAt { get; init; }
    public string? CreditCode { get; init; }
    public long? MergedInto { get; init; }
    public string? LifecycleStatus { get; init; }
    public string? LifecycleOrigin { get; init; }
    public DateTimeOffset? LifecycleSince { get; init; }
}

internal sealed record ExternalIdRow
{
    public long CustomerId { get; init; }
    public string Source { get; init; } = "";
    public string ExternalId { get; init; } = "";
}

/// <summary>A customer as the API shows it.</summary>
internal sealed record CustomerView(
    long Id, string Name, string Kind, string Tier, string? AccountManager, string Language,
    IReadOnlyList<Contact> Contacts, IReadOnlyList<string> Tags, IReadOnlyList<ExternalId> ExternalIds,
    IReadOnlyDictionary<string, JsonElement> CustomFields, long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, bool Erased,
    string? CreditCode = null, CustomerLifecycle? Lifecycle = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    internal static CustomerView From(CustomerRow row, IEnumerable<ExternalIdRow> externalIds) => new(
        row.Id, row.Name, row.Kind, row.Tier, row.AccountManager, row.Language,
        JsonSerializer.Deserialize<List<Contact>>(row.Contacts, Json) ?? [],
        JsonSerializer.Deserialize<List<string>>(row.Tags, Json) ?? [],
        externalIds.Select(e => new ExternalId(e.Source, e.ExternalId)).ToList(),
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(row.CustomFields, Json) ?? [],
        row.Version, row.CreatedAt, row.UpdatedAt, row.ErasedAt is not null, row.CreditCode,
        CustomerLifecycle.Of(row));
}
