using Csm.Modules.Rules.Conditions;
using Csm.Modules.Rules.Evaluation;

namespace Csm.Modules.Rules.Features;

/// <summary>A saved rule as the API shows it.</summary>
internal sealed record RuleView(
    long Id, string Name, string? Description, bool Enabled, RuleTrigger Trigger, Condition? Condition, IReadOnlyList<RuleAction> Actions,
    int CooldownDays, string? Owner, string? TemplateKey, DateTimeOffset? NextRunAt, long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    internal static RuleView From(RuleRow row)
    {
        var d = row.Definition;
        return new RuleView(row.Id, d.Name, d.Description, d.Enabled, d.Trigger, d.Condition, d.Actions, d.CooldownDays, d.Owner, row.TemplateKey,
            d.Enabled ? row.NextRunAt : null, row.Version, row.CreatedAt, row.UpdatedAt);
    }
}
