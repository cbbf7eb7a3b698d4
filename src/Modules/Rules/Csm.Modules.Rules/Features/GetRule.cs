using Csm.Modules.Rules.Evaluation;

namespace Csm.Modules.Rules.Features;

internal sealed class GetRule(DbSession session) : EndpointWithoutRequest<Results<Ok<RuleView>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("rules/{id:long}");
        Group<RulesGroup>();
        Description(d => d
            .WithName("Rules_Get")
            .WithSummary("Gets a rule")
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<Ok<RuleView>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        return await RuleStore.FindAsync(session, id, ct) is { } row ? TypedResults.Ok(RuleView.From(row)) : Problems.NotFound("Rule", id);
    }
}
