using System.Text.Json;

namespace Csm.Modules.Customers.Import;

/// <summary>How an import treats what it does not say: blank cells, and lists a source owns whole.</summary>
/// <param name="BlankClears">blank=clear: a blank cell empties the field (the account manager, a custom field) instead of leaving it.</param>
/// <param name="Replace">The lists this source owns whole ("contacts", "tags"): its list replaces the customer's instead of adding to it.</param>
internal sealed record ImportOptions(bool BlankClears = false, IReadOnlySet<string>? Replace = null)
{
    public static readonly string[] Lists = ["contacts", "tags"];
    public bool Replaces(string list) => Replace?.Contains(list) == true;
}

/// <summary>
/// An import never destroys: it lays a row over the customer it matches, field by field. A field the file has no
/// column for stays as it is; a blank cell leaves the field unless the import says blank=clear; contacts and tags are
/// added to (a contact with the same e-mail, phone or WeChat is updated), unless the source replaces that list; custom
/// fields are laid key by key. A field a manager gave to another source (<see cref="FieldOwners"/>) is filled when empty
/// and otherwise kept — each value kept that way is counted.
/// </summary>
internal static class ImportMerge
{
    /// <summary>The profile fields a file can carry, as owners and <see cref="ImportRow.Present"/> name them (custom fields as cf.&lt;key&gt;).</summary>
    public static readonly string[] Fields = ["name", "kind", "tier", "accountManager", "creditCode", "lifecycleStatus", "language", "contacts", "tags"];

    /// <summary>The profile field a CSV column fills; null for the row's key columns.</summary>
    public static string? FieldOfColumn(string column) => column switch
    {
        "contactName" or "email" or "phone" or "weChat" => "contacts",
        "source" or "externalId" => null,
        _ => column,
    };

    /// <summary>The profile fields a JSON row has a property for.</summary>
    public static IReadOnlySet<string> FieldsOf(JsonElement row)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        if (row.ValueKind != JsonValueKind.Object) return present;
        foreach (var property in row.EnumerateObject())
        {
            var name = Fields.FirstOrDefault(f => string.Equals(f, property.Name, StringComparison.OrdinalIgnoreCase));
            if (name is not null) present.Add(name);
            else if (string.Equals(property.Name, "customFields", StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.Object)
                foreach (var key in property.Value.EnumerateObject()) present.Add("cf." + key.Name);
        }
        return present;
    }

    /// <summary>The row laid over the customer it matches; <paramref name="kept"/> counts the values another source's ownership kept out.</summary>
    public static CustomerInput Over(CustomerView had, ImportRow row, string source, ImportOptions options, IReadOnlyDictionary<string, string> owners, out int kept)
    {
        var keptValues = 0;
        var input = row.Input;
        bool MayChange(string field, bool hadValue) =>
            !hadValue || !owners.TryGetValue(field, out var owner) || string.Equals(owner, source, StringComparison.OrdinalIgnoreCase);

        string? Scalar(string field, string? value, string? incoming, bool clearable)
        {
            if (!row.Present.Contains(field)) return value;
            if (string.IsNullOrWhiteSpace(incoming))
                return options.BlankClears && clearable && value is not null && MayChange(field, true) ? null : value;
            if (string.Equals(value, incoming, StringComparison.Ordinal)) return value;
            if (MayChange(field, !string.IsNullOrEmpty(value))) return incoming;
            keptValues++;
            return value;
        }

        IReadOnlyList<T> List<T>(string field, IReadOnlyList<T> value, IReadOnlyList<T>? incoming, Func<IReadOnlyList<T>, IReadOnlyList<T>, IReadOnlyList<T>> add)
        {
            if (!row.Present.Contains(field)) return value;
            var given = incoming ?? [];
            var next = options.Replaces(field) ? (given.Count > 0 || options.BlankClears ? given : value) : add(value, given);
            if (next.SequenceEqual(value)) return value;
            if (MayChange(field, value.Count > 0)) return next;
            keptValues++;
            return value;
        }

        var fields = new Dictionary<string, JsonElement>(had.CustomFields, StringComparer.Ordinal);
        foreach (var key in row.Present.Where(p => p.StartsWith("cf.", StringComparison.Ordinal)).Select(p => p[3..]))
        {
            var hadValue = fields.TryGetValue(key, out var value);
            var given = input.CustomFields?.TryGetValue(key, out var v) == true && v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
                && !(v.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(v.GetString())) ? v : (JsonElement?)null;
            if (given is null)
            {
                if (options.BlankClears && hadValue && MayChange("cf." + key, true)) fields.Remove(key);
            }
            else if (!hadValue || value.GetRawText() != given.Value.GetRawText())
            {
                if (MayChange("cf." + key, hadValue)) fields[key] = given.Value;
                else keptValues++;
            }
        }

        // A status the row does not state (no column, a blank cell, another source's) is left as it is, derived or not.
        var lifecycle = Scalar("lifecycleStatus", had.Lifecycle?.Status, input.LifecycleStatus, clearable: false);
        var merged = new CustomerInput
        {
            LifecycleStatus = lifecycle is not null && lifecycle == input.LifecycleStatus ? lifecycle : null,
            Name = Scalar("name", had.Name, input.Name, clearable: false),
            Kind = Scalar("kind", had.Kind, input.Kind, clearable: false),
            Tier = Scalar("tier", had.Tier, input.Tier, clearable: false),
            AccountManager = Scalar("accountManager", had.AccountManager, input.AccountManager, clearable: true),
            CreditCode = Scalar("creditCode", had.CreditCode, input.CreditCode, clearable: true),
            Language = Scalar("language", had.Language, input.Language, clearable: false),
            Contacts = List("contacts", had.Contacts, input.Contacts, AddContacts),
            Tags = List("tags", had.Tags, input.Tags, (a, b) => a.Concat(b.Where(t => !a.Contains(t, StringComparer.OrdinalIgnoreCase))).ToList()),
            ExternalIds = input.ExternalIds,
            CustomFields = fields,
        };
        kept = keptValues;
        return merged;
    }

    /// <summary>Each incoming contact updates the one with the same e-mail, phone or WeChat (what it leaves blank stays), else joins the list.</summary>
    internal static IReadOnlyList<Contact> AddContacts(IReadOnlyList<Contact> had, IReadOnlyList<Contact> incoming)
    {
        var contacts = had.ToList();
        foreach (var c in incoming)
        {
            var i = contacts.FindIndex(x => Same(x.Email, c.Email) || Same(MatchKeys.Phone(x.Phone), MatchKeys.Phone(c.Phone)) || Same(x.WeChat, c.WeChat));
            if (i >= 0)
            {
                var x = contacts[i];
                contacts[i] = x with { Name = c.Name ?? x.Name, Role = c.Role ?? x.Role, Phone = c.Phone ?? x.Phone, Email = c.Email ?? x.Email, WeChat = c.WeChat ?? x.WeChat };
            }
            else contacts.Add(c with { IsPrimary = c.IsPrimary && !contacts.Any(x => x.IsPrimary) });
        }
        return contacts;
    }

    private static bool Same(string? a, string? b) => !string.IsNullOrWhiteSpace(a) && string.Equals(a.Trim(), b?.Trim(), StringComparison.OrdinalIgnoreCase);
}
