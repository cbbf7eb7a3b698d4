using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Csm.Modules.Customers.Contracts;

namespace Csm.Modules.Customers.Data;

/// <summary>A customer's profile after validation, in the one canonical form that is stored, hashed and published.</summary>
internal sealed record CustomerState(
    string Name, string Kind, string Tier, string? AccountManager, string Language,
    IReadOnlyList<Contact> Contacts, IReadOnlyList<string> Tags, IReadOnlyList<ExternalId> ExternalIds,
    IReadOnlyDictionary<string, JsonElement> CustomFields, string? CreditCode = null, string? LifecycleStatus = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static CustomerState From(CustomerInput input, Dictionary<string, JsonElement> customFields) => new(
        input.Name!.Trim(),
        input.Kind ?? "company",
        input.Tier!,
        string.IsNullOrWhiteSpace(input.AccountManager) ? null : input.AccountManager.Trim(),
        input.Language ?? "zh-CN",
        input.Contacts ?? [],
        (input.Tags ?? []).Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList(),
        (input.ExternalIds ?? []).Select(e => e with { Source = e.Source.Trim(), Id = e.Id.Trim() }).OrderBy(e => e.Source, StringComparer.Ordinal).ToList(),
        new SortedDictionary<string, JsonElement>(customFields, StringComparer.Ordinal),
        MatchKeys.CreditCode(input.CreditCode),
        string.IsNullOrWhiteSpace(input.LifecycleStatus) ? null : input.LifecycleStatus);

    /// <summary>The contact to reach first: the primary one, else the first with the channel.</summary>
    public string? Email => (Contacts.FirstOrDefault(c => c.IsPrimary && !string.IsNullOrEmpty(c.Email)) ?? Contacts.FirstOrDefault(c => !string.IsNullOrEmpty(c.Email)))?.Email;
    public string? Phone => (Contacts.FirstOrDefault(c => c.IsPrimary && !string.IsNullOrEmpty(c.Phone)) ?? Contacts.FirstOrDefault(c => !string.IsNullOrEmpty(c.Phone)))?.Phone;

    // A copy made with `with` recomputes what it caches.
    private CustomerState(CustomerState original)
    {
        (Name, Kind, Tier, AccountManager, Language) = (original.Name, original.Kind, original.Tier, original.AccountManager, original.Language);
        (Contacts, Tags, ExternalIds, CustomFields, CreditCode) = (original.Contacts, original.Tags, original.ExternalIds, original.CustomFields, original.CreditCode);
        LifecycleStatus = original.LifecycleStatus;
    }

    // Each is read for the row, the hash and the event: serialise once.
    private string? _tagsJson, _contactsJson, _customFieldsJson, _hash;
    public string TagsJson => _tagsJson ??= JsonSerializer.Serialize(Tags, Json);
    public string ContactsJson => _contactsJson ??= JsonSerializer.Serialize(Contacts, Json);
    public string CustomFieldsJson => _customFieldsJson ??= JsonSerializer.Serialize(CustomFields, Json);

    /// <summary>
    /// Same profile, same hash: a re-import of an unchanged row writes nothing and publishes nothing. External ids are
    /// left out: each source system knows only its own. A credit code joins only when there is one, so the hashes of
    /// customers stored before it existed stay the same. The lifecycle status is left out too: it is not profile but state,
    /// written by more hands than the profile's (the derivation, rules), and an import compares it on its own.
    /// </summary>
    public string Hash() => _hash ??= Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
        string.Join('\u001f', Name, Kind, Tier, AccountManager, Language, ContactsJson, TagsJson, CustomFieldsJson)
        + (CreditCode is null ? "" : "\u001f" + CreditCode))), 0, 16);

    public CustomerUpserted ToEvent(long id, long version, bool created) => new(
        id, version, Name,
        Kind == "person" ? CustomerKind.Person : CustomerKind.Company,
        Vocabulary.TierOf(Tier),
        AccountManager, Tags,
        CustomFields.ToDictionary(kv => kv.Key, kv => kv.Value.ValueKind == JsonValueKind.String ? kv.Value.GetString() : kv.Value.GetRawText()),
        Email, Phone, Language, created);
}
