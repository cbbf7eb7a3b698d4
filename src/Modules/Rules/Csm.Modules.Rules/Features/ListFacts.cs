using Csm.Modules.Rules.Conditions;
using Csm.Modules.Rules.Evaluation;
using Csm.Modules.Rules.Facts;

namespace Csm.Modules.Rules.Features;

/// <summary>The vocabulary of rules: facts with their operators, events, actions and placeholders, for a rule editor.</summary>
internal sealed class ListFacts : IEndpoint
{
    public sealed record FactInfo(string Name, string Type, string Description, IReadOnlyList<string> Operators, IReadOnlyList<string>? Values);

    public sealed record Response(IReadOnlyList<FactInfo> Facts, IReadOnlyList<string> Events, IReadOnlyList<string> Actions, IReadOnlyList<string> Placeholders);

    public static void Map(IEndpointRouteBuilder app) => app
        .MapGet("rules/vocabulary", Handle)
        .WithName("Rules_Vocabulary")
        .WithSummary("Lists the facts, operators, trigger events, actions and placeholders rules may use");

    internal static Ok<Response> Handle() => TypedResults.Ok(new Response(
        FactCatalog.All.Select(f => new FactInfo(f.Name, ConditionParser.Describe(f), f.Description, ConditionParser.AllowedOps(f), f.AllowedValues)).ToList(),
        RuleEvents.All, RuleDefinitionValidator.ActionTypes, TemplateText.Fixed));
}
