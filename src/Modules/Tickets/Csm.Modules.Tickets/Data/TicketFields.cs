using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Csm.Modules.Tickets.Data;

/// <summary>
/// A field a ticket type asks for: its key on the ticket, its label, its kind (text, number, date, choice, multiChoice,
/// asset: one of the customer's machines) and, for a choice, what may be chosen. Required at intake when it says so; a
/// workflow stage may require it later (by the same key).
/// </summary>
internal sealed record TicketFieldDefinition(string Key, string Label, string Kind, IReadOnlyList<string>? Choices = null, bool RequiredAtIntake = false);

internal static partial class TicketFields
{
    public static readonly string[] Kinds = ["text", "number", "date", "choice", "multiChoice", "asset"];
    public const int MaxFields = 30;
    public const int MaxTags = 20;
    public const int MaxTagLength = 50;

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,39}$")]
    public static partial Regex KeyPattern();

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<TicketFieldDefinition> Parse(string? json) =>
        string.IsNullOrWhiteSpace(json) ? [] : JsonSerializer.Deserialize<List<TicketFieldDefinition>>(json, Json) ?? [];

    public static string Serialize(IReadOnlyList<TicketFieldDefinition>? fields) => JsonSerializer.Serialize(fields ?? [], Json);

    /// <summary>What is wrong with a type's field definitions, as (field path, message); empty when nothing is.</summary>
    public static IEnumerable<(string Field, string Error)> DefinitionProblems(IReadOnlyList<TicketFieldDefinition>? fields)
    {
        if (fields is null) yield break;
        if (fields.Count > MaxFields) { yield return ("fields", $"A ticket type has at most {MaxFields} fields."); yield break; }
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < fields.Count; i++)
        {
            var f = fields[i];
            var at = $"fields[{i}]";
            if (f is null) { yield return (at, "A field is missing."); continue; }
            if (f.Key is null || !KeyPattern().IsMatch(f.Key)) yield return ($"{at}.key", "A key is a letter then up to 39 letters, digits or '_'.");
            else if (!seen.Add(f.Key)) yield return ($"{at}.key", $"The key '{f.Key}' is used twice.");
            if (string.IsNullOrWhiteSpace(f.Label) || f.Label.Length > 100) yield return ($"{at}.label", "A label is 1 to 100 characters.");
            if (!Kinds.Contains(f.Kind)) { yield return ($"{at}.kind", $"The kind is one of: {string.Join(", ", Kinds)}."); continue; }
            var isChoice = f.Kind is "choice" or "multiChoice";
            if (isChoice && (f.Choices is not { Count: > 0 } choices || choices.Any(c => string.IsNullOrWhiteSpace(c) || c.Length > 100 || c.Contains(';'))))
                yield return ($"{at}.choices", "A choice field lists its choices: each 1 to 100 characters, without ';'.");
            else if (isChoice && f.Choices!.Distinct(StringComparer.OrdinalIgnoreCase).Count() != f.Choices!.Count)
                yield return ($"{at}.choices", "A choice is listed twice.");
            else if (!isChoice && f.Choices is { Count: > 0 })
                yield return ($"{at}.choices", $"Only choice fields have choices; '{f.Key}' is {f.Kind}.");
        }
    }

    /// <summary>Why <paramref name="value"/> is not a value of the field; null when it is. Assets are the customer's ids.</summary>
    public static string? Problem(TicketFieldDefinition f, string value, IReadOnlySet<long> customerAssets)
    {
        var v = value.Trim();
        switch (f.Kind)
        {
            case "text":
                return v.Length > 4000 ? $"'{f.Label}' is at most 4000 characters." : null;
            case "number":
                return decimal.TryParse(v, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _) ? null : $"'{f.Label}' must be a number.";
            case "date":
                return DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? null : $"'{f.Label}' must be a date (yyyy-MM-dd).";
            case "choice":
                return f.Choices!.Contains(v) ? null : $"'{f.Label}' must be one of: {string.Join(", ", f.Choices!)}.";
            case "multiChoice":
                var picked = v.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                if (picked.Length == 0) return $"'{f.Label}' needs at least one of: {string.Join(", ", f.Choices!)} (separated by ';').";
                return picked.FirstOrDefault(p => !f.Choices!.Contains(p)) is { } unknown
                    ? $"'{unknown}' is not one of the choices of '{f.Label}': {string.Join(", ", f.Choices!)}."
                    : picked.Distinct().Count() != picked.Length ? $"A choice of '{f.Label}' is given twice." : null;
            case "asset":
                return long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && customerAssets.Contains(id)
                    ? null : $"'{f.Label}' must be one of this customer's machines (an asset id).";
            default:
                return null;
        }
    }

    /// <summary>Tags as kept: trimmed, each once (whatever its case), in the order given.</summary>
    public static (IReadOnlyList<string> Tags, string? Error) Normalise(IReadOnlyList<string>? tags)
    {
        if (tags is null) return ([], null);
        var kept = new List<string>();
        foreach (var raw in tags)
        {
            var tag = raw?.Trim() ?? "";
            if (tag.Length == 0 || tag.Length > MaxTagLength) return ([], $"A tag is 1 to {MaxTagLength} characters.");
            if (tag.IndexOfAny([';', ',']) >= 0) return ([], "A tag has no ';' or ','.");
            if (!kept.Contains(tag, StringComparer.OrdinalIgnoreCase)) kept.Add(tag);
        }
        return kept.Count > MaxTags ? ([], $"A ticket has at most {MaxTags} tags.") : (kept, null);
    }

    /// <summary>The event telling reports a ticket's tags and fields: each field's values split where its kind holds several.</summary>
    public static async Task<Contracts.TicketLabelled> LabelsAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction? tx, long ticketId)
    {
        var row = await c.QuerySingleAsync<(long CustomerId, string TypeCode, long WorkflowId, string Fields, string Tags)>(
            "SELECT customer_id, type_code, workflow_id, fields, tags FROM tkt_tickets WHERE id = @Id", new { Id = ticketId }, tx);
        var own = (await Features.TicketTypes.TicketTypeView.ByCodeAsync(c, row.TypeCode, tx))?.Fields ?? [];
        var staged = (await Workflows.WorkflowStore.ByIdAsync(c, row.WorkflowId, tx))?.Parsed.Fields() ?? new Dictionary<string, Workflows.RequiredField>();
        var values = JsonSerializer.Deserialize<Dictionary<string, string>>(row.Fields) ?? [];
        var split = values.ToDictionary(v => v.Key, v =>
        {
            var several = own.FirstOrDefault(f => f.Key == v.Key)?.Kind == "multiChoice"
                || (staged.TryGetValue(v.Key, out var s) && s.Kind == Workflows.FieldKind.List);
            return (IReadOnlyList<string>)(several
                ? v.Value.Split([';', '；', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList()
                : [v.Value]);
        });
        return new Contracts.TicketLabelled(ticketId, row.CustomerId, JsonSerializer.Deserialize<List<string>>(row.Tags) ?? [], split);
    }

    public static Task<IEnumerable<long>> AssetsOfAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction? tx, long customerId) =>
        c.QueryAsync<long>("SELECT asset_id FROM tkt_assets WHERE customer_id = @CustomerId", new { CustomerId = customerId }, tx);

    /// <summary>Writes a ticket's tags: the JSON on the ticket and one row per tag, replacing what was there.</summary>
    public static async Task SaveTagsAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction? tx, long ticketId, IReadOnlyList<string> tags)
    {
        await c.ExecuteAsync("UPDATE tkt_tickets SET tags = @Tags WHERE id = @Id", new { Id = ticketId, Tags = JsonSerializer.Serialize(tags) }, tx);
        await c.ExecuteAsync("DELETE FROM tkt_ticket_tags WHERE ticket_id = @Id", new { Id = ticketId }, tx);
        await c.ExecuteAsync("INSERT INTO tkt_ticket_tags (ticket_id, tag) VALUES (@Id, @Tag)", tags.Select(t => new { Id = ticketId, Tag = t }), tx);
    }
}
