using System.Globalization;
using System.Text.Json;

namespace Csm.Modules.Customers.Data;

/// <summary>An admin-defined field on every customer: text, number, date (yyyy-MM-dd) or a choice from a list.</summary>
internal sealed record CustomFieldDefinition(string Key, string Label, string Type, bool Required, IReadOnlyList<string> Choices);

internal static class CustomFieldTypes
{
    public static readonly string[] All = ["text", "number", "date", "choice"];
    public const string KeyPattern = "^[A-Za-z][A-Za-z0-9_]{0,63}$";
}

/// <summary>Reads the field definitions; the table is small, so every write reads it fresh and sees a change at once.</summary>
internal sealed class CustomFieldCatalog(Db db)
{
    private sealed record Row
    {
        public string FieldKey { get; init; } = "";
        public string Label { get; init; } = "";
        public string FieldType { get; init; } = "";
        public long Required { get; init; }
        public string Choices { get; init; } = "[]";
    }

    public async Task<IReadOnlyDictionary<string, CustomFieldDefinition>> LoadAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<Row>(
            "SELECT field_key AS FieldKey, label, field_type AS FieldType, required, choices FROM cus_custom_fields ORDER BY field_key");
        return rows.ToDictionary(
            r => r.FieldKey,
            r => new CustomFieldDefinition(r.FieldKey, r.Label, r.FieldType, r.Required != 0, JsonSerializer.Deserialize<string[]>(r.Choices) ?? []),
            StringComparer.Ordinal);
    }
}

/// <summary>Checks a customer's custom values against the definitions and normalises them (numbers as JSON numbers).</summary>
internal static class CustomFieldValues
{
    public const int MaxTextLength = 2000;

    public static Dictionary<string, JsonElement> Check(
        IReadOnlyDictionary<string, CustomFieldDefinition> definitions,
        IReadOnlyDictionary<string, JsonElement>? values,
        IDictionary<string, string[]> errors,
        string prefix = "customFields")
    {
        var normalised = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (key, value) in values ?? new Dictionary<string, JsonElement>())
        {
            var field = $"{prefix}.{key}";
            if (!definitions.TryGetValue(key, out var definition))
            {
                var known = definitions.Count == 0 ? "none are defined" : "known fields: " + string.Join(", ", definitions.Keys);
                errors[field] = [$"'{key}' is not a custom field ({known})."];
                continue;
            }
            if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) continue;
            var (ok, message, clean) = Normalise(definition, value);
            if (ok) normalised[key] = clean;
            else errors[field] = [message];
        }
        foreach (var definition in definitions.Values.Where(d => d.Required && !normalised.ContainsKey(d.Key)))
        {
            var field = $"{prefix}.{definition.Key}";
            if (!errors.ContainsKey(field)) errors[field] = [$"'{definition.Label}' is required."];
        }
        return normalised;
    }

    private static (bool Ok, string Message, JsonElement Value) Normalise(CustomFieldDefinition d, JsonElement value)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : null;
        switch (d.Type)
        {
            case "number":
                if (value.ValueKind == JsonValueKind.Number) return (true, "", value);
                if (text is not null && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var n))
                    return (true, "", JsonSerializer.SerializeToElement(n));
                return (false, $"'{d.Label}' must be a number.", default);
            case "date":
                if (text is not null && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                    return (true, "", value);
                return (false, $"'{d.Label}' must be a date as yyyy-MM-dd.", default);
            case "choice":
                if (text is not null && d.Choices.Contains(text, StringComparer.Ordinal)) return (true, "", value);
                return (false, $"'{d.Label}' must be one of: {string.Join(", ", d.Choices)}.", default);
            default:
                if (text is null) return (false, $"'{d.Label}' must be text.", default);
                if (text.Length > MaxTextLength) return (false, $"'{d.Label}' is longer than {MaxTextLength} characters.", default);
                return (true, "", value);
        }
    }
}
