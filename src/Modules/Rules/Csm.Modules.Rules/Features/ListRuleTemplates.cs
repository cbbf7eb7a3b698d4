using Csm.Modules.Rules.Templates;

namespace Csm.Modules.Rules.Features;

internal sealed class ListRuleTemplates : IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) => app
        .MapGet("rule-templates", Handle)
        .WithName("Rules_ListTemplates")
        .WithSummary("Lists ready-made rules for the common proactive-service scenarios");

    internal static Ok<IReadOnlyList<RuleTemplate>> Handle() => TypedResults.Ok(RuleTemplates.All);
}
