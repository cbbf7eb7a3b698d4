using Csm.BuildingBlocks.Auth;
using Csm.Modules.Rules.Conditions;
using Csm.Modules.Rules.Evaluation;

namespace Csm.Modules.Rules.Features;

/// <summary>Tries a rule before saving it: who it would match now and why.</summary>
internal sealed class DryRunDefinition(RuleMatcher matcher) : Endpoint<RuleDefinition, Ok<DryRunRule.Response>>
{
    public override void Configure()
    {
        Post("rules/dry-run");
        Group<RulesGroup>();
        Policies(Access.Manager);
        Description(d => d
            .WithName("Rules_DryRunDefinition")
            .WithSummary("Lists the customers an unsaved rule would match now, and why"));
    }

    public override async Task<Ok<DryRunRule.Response>> ExecuteAsync(RuleDefinition request, CancellationToken ct)
    {
        return TypedResults.Ok(await DryRunRule.ListAsync(matcher, request, ConditionParser.Parse(request.Condition).Node!, null, ct));
    }
}
