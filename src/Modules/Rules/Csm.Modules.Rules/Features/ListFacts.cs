using Csm.Modules.Rules.Conditions;
using Csm.Modules.Rules.Evaluation;
using Csm.Modules.Rules.Facts;
using Csm.Modules.Rules.Events;

namespace Csm.Modules.Rules.Features;

/// <summary>The vocabulary of rules: facts with their operators, events, actions and placeholders, for a rule editor.</summary>
internal sealed class ListFacts : EndpointWithoutRequest<Ok<ListFacts.Response>>
{
    public sealed record FactInfo(string Name, string Type, string Description, IReadOnlyList<string> Operators, IReadOnlyList<string>? Values);

    public new sealed record Response(IReadOnlyList<FactInfo> Facts, IReadOnlyList<string> Events, IReadOnlyList<string> Actions, IReadOnlyList<string> Placeholders);

    public override void Configure()
    {
        Get("rules/vocabulary");
        Group<RulesGroup>();
        Description(d => d
            .WithName("Rules_Vocabulary")
            .WithSummary("Lists the facts, operators, trigger events, actions and placeholders rules may use"));
    }

    public override Task<Ok<Response>> ExecuteAsync(CancellationToken ct)
    {
        return Task.FromResult<Ok<Response>>(TypedResults.Ok(new Response(
        FactCatalog.All.Select(f => new FactInfo(f.Name, ConditionParser.Describe(f), f.Description, ConditionParser.AllowedOps(f), f.AllowedValues)).ToList(),
        RuleEvents.All, RuleDefinitionValidator.ActionTypes, TemplateText.Fixed)));
    }
}
