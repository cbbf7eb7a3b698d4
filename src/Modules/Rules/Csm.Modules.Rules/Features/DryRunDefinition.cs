using Csm.BuildingBlocks.Auth;
using Csm.Modules.Rules.Conditions;
using Csm.Modules.Rules.Evaluation;

namespace Csm.Modules.Rules.Features;

/// <summary>Tries a rule before saving it: who it would match now and why.</summary>
internal sealed class DryRunDefinition : IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) => app
        .MapPost("rules/dry-run", Handle)
        .WithName("Rules_DryRunDefinition")
        .WithSummary("Lists the customers an unsaved rule would match now, and why")
        .RequireAuthorization(Policies.Manager)
        .WithRequestValidation<RuleDefinition>();

    internal static async Task<Ok<DryRunRule.Response>> Handle(RuleDefinition request, RuleMatcher matcher, CancellationToken ct) =>
        TypedResults.Ok(await DryRunRule.ListAsync(matcher, request, ConditionParser.Parse(request.Condition).Node!, null, ct));
}
