using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Csm.Modules.Tickets.Workflows;

/// <summary>What kind of value a required field holds; the value itself stays a string on the ticket.</summary>
internal enum FieldKind
{
    /// <summary>Any text that is not blank.</summary>
    Text,
    /// <summary>An invariant decimal: 12 or -12.5 (a point for decimals, no thousands separators, no exponent).</summary>
    Number,
    /// <summary>A calendar date as yyyy-MM-dd.</summary>
    Date,
    /// <summary>ISO 8601 date and time with an offset: 2026-03-03T14:00:00+08:00 (or Z). Without an offset it is refused.</summary>
    DateTime,
    /// <summary>At least one item; items separated by "; " (as the staff app sends them) or new lines.</summary>
    List,
}

/// <summary>
/// A field a transition out of a stage must carry, and what kind of value it holds. The kind says which strings are
/// accepted and which control the staff app shows.
/// </summary>
/// <param name="Name">The key of the value on the ticket, e.g. "visitTime".</param>
[JsonConverter(typeof(RequiredFieldConverter))]
internal sealed record RequiredField(string Name, FieldKind Kind = FieldKind.Text)
{
    /// <summary>The kind as it was sent when it is none of the five; the workflow validator names it.</summary>
    [JsonIgnore]
    public string? UnknownKind { get; init; }

    /// <summary>Why <paramref name="value"/> is not a value of this field's kind; null when it is.</summary>
    public string? Problem(string value) => FieldKinds.Accepts(Kind, value) ? null : $"'{Name}' must be {FieldKinds.Describe(Kind)}.";
}

internal static partial class FieldKinds
{
    /// <summary>The kinds as JSON spells them: text, number, date, dateTime, list.</summary>
    public static readonly string[] Names = Enum.GetValues<FieldKind>().Select(Name).ToArray();

    public static string Name(FieldKind kind) => EnumText.Of(kind);

    public static FieldKind? Parse(string? name) => Enum.GetValues<FieldKind>().Cast<FieldKind?>().FirstOrDefault(k => string.Equals(Name(k!.Value), name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A date-time must say its offset: "14:00" alone means a different moment to an engineer in Urumqi and to the
    /// server, and the staff app (dayjs().format()) and phones always send one.
    /// </summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex DateTimeWithOffset();

    private static readonly char[] ListSeparators = [';', '；', '\n', '\r'];

    public static bool Accepts(FieldKind kind, string value) => kind switch
    {
        FieldKind.Number => decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite,
            CultureInfo.InvariantCulture, out _),
        FieldKind.Date => DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        FieldKind.DateTime => DateTimeWithOffset().IsMatch(value.Trim())
            && DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _),
        FieldKind.List => value.Split(ListSeparators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Length > 0,
        _ => !string.IsNullOrWhiteSpace(value),
    };

    public static string Describe(FieldKind kind) => kind switch
    {
        FieldKind.Number => "a number such as 12 or 12.5 (a point for decimals, no thousands separators)",
        FieldKind.Date => "a date as yyyy-MM-dd, e.g. 2026-03-03",
        FieldKind.DateTime => "a date and time with its offset, e.g. 2026-03-03T14:00:00+08:00",
        FieldKind.List => "a list of at least one item, items separated by \"; \" or new lines",
        _ => "some text",
    };
}

/// <summary>
/// Reads a required field as an object or, as workflows were written before fields had kinds (stored versions, old
/// API clients), as a plain name: that name is a text field. Always writes the object.
/// </summary>
internal sealed class RequiredFieldConverter : JsonConverter<RequiredField>
{
    public override RequiredField? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String) return new RequiredField(reader.GetString()!, FieldKind.Text);
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("A required field is a name or {\"name\", \"kind\"}.");
        string? name = null, kind = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var property = reader.GetString();
            reader.Read();
            var text = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString(),
                JsonTokenType.Null => null,
                _ => throw new JsonException($"'{property}' of a required field is a string."),
            };
            if (string.Equals(property, "name", StringComparison.OrdinalIgnoreCase)) name = text;
            else if (string.Equals(property, "kind", StringComparison.OrdinalIgnoreCase)) kind = text;
        }
        // Missing parts are left for the validator to name (an empty name, a kind that is not one of the five);
        // no kind at all is a text field, like a plain name.
        return kind is null ? new RequiredField(name ?? "")
            : FieldKinds.Parse(kind) is { } known ? new RequiredField(name ?? "", known)
            : new RequiredField(name ?? "") { UnknownKind = kind };
    }

    public override void Write(Utf8JsonWriter writer, RequiredField value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("name", value.Name);
        writer.WriteString("kind", FieldKinds.Name(value.Kind));
        writer.WriteEndObject();
    }
}
