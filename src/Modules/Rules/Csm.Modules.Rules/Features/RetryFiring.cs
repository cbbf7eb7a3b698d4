using Csm.BuildingBlocks.Auth;
using Csm.Modules.Rules.Facts;
using Csm.Modules.Rules.Events;
using Csm.Modules.Rules.Evaluation;

namespace Csm.Modules.Rules.Features;

/// <summary>Sends a firing's failed or parked e-mails and webhooks again (e.g. after the receiver was fixed).</summary>
internal sealed class RetryFiring(DbSession session, OutboundQueue outbound)
    : EndpointWithoutRequest<Results<Ok<RetryFiring.Response>, ProblemHttpResult>>
{
    public new sealed record Response(long FiringId, int Retried);

    public override void Configure()
    {
        Post("rules/{id:long}/firings/{firingId:long}/retry");
        Group<RulesGroup>();
        Policies(Access.Manager);
        Description(d => d
            .WithName("Rules_RetryFiring")
            .WithSummary("Queues a firing's failed deliveries again")
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<Ok<Response>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        var firingId = Route<long>("firingId");
        var c = await session.ConnectionAsync(ct);
        if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM rul_firings WHERE id = @FiringId AND rule_id = @Id", new { Id = id, FiringId = firingId }) == 0)
            return Problems.NotFound("Firing", firingId);
        await session.BeginAsync(ct);
        var retried = await outbound.RetryAllAsync(ActionRunner.Module, [ActionRunner.Key(firingId)], ct);
        await session.CommitAsync(ct);
        return TypedResults.Ok(new Response(firingId, retried));
    }
}
