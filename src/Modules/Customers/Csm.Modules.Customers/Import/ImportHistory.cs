using System.Text.Json.Nodes;

namespace Csm.Modules.Customers.Import;

/// <summary>
/// What an import did to one customer, for its history: the fields it set, from what to what, and the source whose file
/// it was (a field another source owns and this one left alone is not a change, so it is not listed; an import that changed
/// only the lifecycle status leaves that to the lifecycle's own entry).
/// </summary>
internal static class ImportHistory
{
    public static (object, object?, object?) Created(long id, CustomerState state, ExternalId key)
    {
        var after = Fields(state);
        after["source"] = key.Source;
        after["externalId"] = key.Id;
        return (id, null, after);
    }

    public static (object, object?, object?)? Changed(long id, CustomerRow before, CustomerState state, ExternalId key)
    {
        var old = Fields(before);
        var now = Fields(state);
        JsonNode? Old(string field) => old.TryGetPropertyValue(field, out var value) ? value : null;
        var changed = now.Where(f => !JsonNode.DeepEquals(f.Value, Old(f.Key))).Select(f => f.Key).ToList();
        if (changed.Count == 0) return null; // only the lifecycle status changed: it has an entry of its own
        var was = new JsonObject(changed.Select(f => KeyValuePair.Create(f, Old(f)?.DeepClone())));
        var after = new JsonObject(changed.Select(f => KeyValuePair.Create(f, now[f]?.DeepClone())));
        // Which system's file it was, read in the history beside the fields it changed.
        after["source"] = key.Source;
        return (id, was, after);
    }

    private static JsonObject Fields(CustomerState s) => Of(s.Name, s.Kind, s.Tier, s.AccountManager, s.Language, s.CreditCode, s.ContactsJson, s.TagsJson, s.CustomFieldsJson);

    private static JsonObject Fields(CustomerRow r) => Of(r.Name, r.Kind, r.Tier, r.AccountManager, r.Language, r.CreditCode, r.Contacts, r.Tags, r.CustomFields);

    private static JsonObject Of(string name, string kind, string tier, string? accountManager, string language, string? creditCode, string contacts, string tags, string customFields) => new()
    {
        ["name"] = name, ["kind"] = kind, ["tier"] = tier, ["accountManager"] = accountManager, ["language"] = language, ["creditCode"] = creditCode,
        ["contacts"] = JsonNode.Parse(contacts), ["tags"] = JsonNode.Parse(tags), ["customFields"] = JsonNode.Parse(customFields),
    };
}
