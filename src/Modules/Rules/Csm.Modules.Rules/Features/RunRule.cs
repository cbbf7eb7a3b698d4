using Csm.BuildingBlocks.Auth;
using Csm.Modules.Rules.Evaluation;

namespace Csm.Modules.Rules.Features;

internal sealed class RunRule(DbSession session, AuditTrail audit, RuleRunner runner)
    : EndpointWithoutRequest<Results<Ok<RunSummary>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("rules/{id:long}/runs");
        Group<RulesGroup>();
        Policies(Access.Manager);
        Description(d => d
            .WithName("Rules_Run")
            .WithSummary("Evaluates a rule over all customers now and fires it for those outside the cool-down")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict));
    }

    public override async Task<Results<Ok<RunSummary>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        await session.BeginAsync(ct);
        if (await RuleStore.FindAsync(session, id, ct) is not { } rule) return Problems.NotFound("Rule", id);
        if (rule.IsEnabled != 1) return Problems.Conflict($"Rule {id} is disabled; enable it first, or use dry-run to see who it would match.");
        var run = await runner.RunAsync(rule, "manual", null, null, ct);
        await audit.RecordAsync("rules", "rule.run", "rule", id, after: run, ct: ct);
        await session.CommitAsync(ct);
        return TypedResults.Ok(run);
    }
}
