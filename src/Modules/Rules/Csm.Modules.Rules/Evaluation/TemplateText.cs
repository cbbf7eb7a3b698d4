using Csm.Modules.Rules.Facts;
using Csm.Modules.Rules.Events;

namespace Csm.Modules.Rules.Evaluation;

/// <summary>Texts of actions with {{placeholders}} filled per customer. Unknown placeholders are refused when the rule is saved.</summary>
internal static partial class TemplateText
{
    public static readonly string[] Fixed = ["customerName", "customerId", "accountManager", "ruleName", "reason", "today"];

    public static IEnumerable<string> Placeholders(string? text) => BuildingBlocks.Templates.Placeholders.In(text);

    public static IEnumerable<string> Unknown(string? text) =>
        Placeholders(text).Where(p => !Fixed.Contains(p, StringComparer.Ordinal) && FactCatalog.Find(p) is null);

    /// <summary>The facts a text reads, so the evaluation query selects them too.</summary>
    public static IEnumerable<Fact> Facts(string? text) =>
        Placeholders(text).Where(p => !Fixed.Contains(p, StringComparer.Ordinal)).Select(FactCatalog.Find).OfType<Fact>();

    public static string Render(string? text, Func<string, string?> value) => BuildingBlocks.Templates.Placeholders.Render(text, value);
}
