using System.Text.Json;

namespace Csm.Modules.Reports.Facts;

/// <summary>Enum and free-text values as the API spells them (camelCase), so rollup values match query values.</summary>
internal static class Names
{
    public static string Camel(Enum value) => EnumText.Of(value);

    public static string? Camel(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : JsonNamingPolicy.CamelCase.ConvertName(value.Trim());
}
