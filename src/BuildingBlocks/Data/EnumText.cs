using System.Text.Json;

namespace Csm.BuildingBlocks.Data;

/// <summary>
/// How an enum reads as text everywhere Csm writes one: in JSON, in a column, in a query string and in an event's
/// text field — camelCase, as the API's JSON converter writes it ("vip", "weChat", "unhappy").
/// </summary>
public static class EnumText
{
    public static string Of(Enum value) => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    /// <summary>Reads a stored or sent name, in any case; false for a name the enum does not define.</summary>
    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum =>
        Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value) && !int.TryParse(text, out _);

    public static T Parse<T>(string text) where T : struct, Enum =>
        TryParse<T>(text, out var value) ? value : throw new FormatException($"'{text}' is not a {typeof(T).Name}.");
}
