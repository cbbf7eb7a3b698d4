using System.Text.RegularExpressions;
using Csm.Modules.Rules.Facts;
using Csm.Modules.Rules.Events;

namespace Csm.Modules.Rules.Evaluation;

/// <summary>Texts of actions with {{placeholders}} filled per customer. Unknown placeholders are refused when the rule is saved.</summary>
internal static partial class TemplateText
{
    public static readonly string[] Fixed = ["customerName", "customerId", "accountManager", "ruleName", "reason", "today"];

    public static IEnumerable<string> Placeholders(string? text) =>
        text is null ? [] : Placeholder().Matches(text).Select(m => m.Groups[1].Value);

    public static IEnumerable<string> Unknown(string? text) =>
        Placeholders(text).Where(p => !Fixed.Contains(p, StringComparer.Ordinal) && FactCatalog.Find(p) is null);

    /// <summary>The facts a text reads, so the evaluation query selects them too.</summary>
    public static IEnumerable<Fact> Facts(string? text) =>
        Placeholders(text).Where(p => !Fixed.Contains(p, StringComparer.Ordinal)).Select(FactCatalog.Find).OfType<Fact>();

    public static string Render(string? text, Func<string, string?> value) =>
        text is null ? "" : Placeholder().Replace(text, m => value(m.Groups[1].Value) ?? "");

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_.\-]+)\s*\}\}")]
    private static partial Regex Placeholder();
}
