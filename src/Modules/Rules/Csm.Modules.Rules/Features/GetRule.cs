using Csm.Modules.Rules.Evaluation;

namespace Csm.Modules.Rules.Features;

internal sealed class GetRule : IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) => app
        .MapGet("rules/{id:long}", Handle)
        .WithName("Rules_Get")
        .WithSummary("Gets a rule")
        .ProducesProblem(StatusCodes.Status404NotFound);

    internal static async Task<Results<Ok<RuleView>, ProblemHttpResult>> Handle(long id, DbSession session, CancellationToken ct) =>
        await RuleStore.FindAsync(session, id, ct) is { } row ? TypedResults.Ok(RuleView.From(row)) : Problems.NotFound("Rule", id);
}
