using Csm.BuildingBlocks.Auth;
using Csm.Modules.Rules.Evaluation;

namespace Csm.Modules.Rules.Features;

internal sealed class RunRule : IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) => app
        .MapPost("rules/{id:long}/runs", Handle)
        .WithName("Rules_Run")
        .WithSummary("Evaluates a rule over all customers now and fires it for those outside the cool-down")
        .RequireAuthorization(Policies.Manager)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

    internal static async Task<Results<Ok<RunSummary>, ProblemHttpResult>> Handle(long id, DbSession session, RuleRunner runner, CancellationToken ct)
    {
        await session.BeginAsync(ct);
        if (await RuleStore.FindAsync(session, id, ct) is not { } rule) return Problems.NotFound("Rule", id);
        if (rule.IsEnabled != 1) return Problems.Conflict($"Rule {id} is disabled; enable it first, or use dry-run to see who it would match.");
        var run = await runner.RunAsync(rule, "manual", null, null, ct);
        await session.CommitAsync(ct);
        return TypedResults.Ok(run);
    }
}
