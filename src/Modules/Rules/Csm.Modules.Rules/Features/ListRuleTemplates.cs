using Csm.Modules.Rules.Templates;

namespace Csm.Modules.Rules.Features;

internal sealed class ListRuleTemplates : EndpointWithoutRequest<Ok<IReadOnlyList<RuleTemplate>>>
{
    public override void Configure()
    {
        Get("rule-templates");
        Group<RulesGroup>();
        Description(d => d
            .WithName("Rules_ListTemplates")
            .WithSummary("Lists ready-made rules for the common proactive-service scenarios"));
    }

    public override Task<Ok<IReadOnlyList<RuleTemplate>>> ExecuteAsync(CancellationToken ct)
    {
        return Task.FromResult<Ok<IReadOnlyList<RuleTemplate>>>(TypedResults.Ok(RuleTemplates.All));
    }
}
