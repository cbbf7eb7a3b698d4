using Csm.BuildingBlocks.Auth;
using Csm.Modules.Rules.Facts;

namespace Csm.Modules.Rules.Features;

/// <summary>Sends a firing's failed e-mails, notifications and webhooks again (e.g. after the receiver was fixed).</summary>
internal sealed class RetryFiring : IEndpoint
{
    public sealed record Response(long FiringId, int Retried);

    public static void Map(IEndpointRouteBuilder app) => app
        .MapPost("rules/{id:long}/firings/{firingId:long}/retry", Handle)
        .WithName("Rules_RetryFiring")
        .WithSummary("Queues a firing's failed deliveries again")
        .RequireAuthorization(Policies.Manager)
        .ProducesProblem(StatusCodes.Status404NotFound);

    internal static async Task<Results<Ok<Response>, ProblemHttpResult>> Handle(long id, long firingId, DbSession session, RulesCalendar calendar, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM rul_firings WHERE id = @FiringId AND rule_id = @Id", new { Id = id, FiringId = firingId }) == 0)
            return Problems.NotFound("Firing", firingId);
        var retried = await c.ExecuteAsync(
            "UPDATE rul_outbound_messages SET status = 'pending', attempts = 0, next_attempt_at = @Now WHERE firing_id = @FiringId AND status = 'failed'",
            new { FiringId = firingId, calendar.Now });
        return TypedResults.Ok(new Response(firingId, retried));
    }
}
