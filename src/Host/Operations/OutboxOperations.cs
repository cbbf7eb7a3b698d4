using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Csm.Host.Operations;

/// <summary>Lets an operator see events that are waiting or parked.</summary>
internal sealed class OutboxOperations(DbSession session) : EndpointWithoutRequest<Ok<OutboxOperations.Summary>>
{
    public new sealed record Summary(long Pending, long Parked, long Processed, IReadOnlyList<Message> ParkedMessages);

    public sealed record Message
    {
        public long Id { get; init; }
        public string Type { get; init; } = "";
        public long Attempts { get; init; }
        public DateTimeOffset OccurredAt { get; init; }
        public DateTimeOffset? ParkedAt { get; init; }
        public string? LastError { get; init; }
    }

    public override void Configure()
    {
        Get("operations/outbox");
        Policies(Access.Admin);
        Description(d => d
            .WithName("Operations_Outbox")
            .WithSummary("Counts of pending, parked and processed events, with the parked ones")
            .WithDescription("Processed: delivered to every handler in the last Outbox:KeepDeliveredDays days (older ones are deleted hourly).")
            .WithTags("Operations"));
    }

    public override async Task<Ok<Summary>> ExecuteAsync(CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var counts = await connection.QuerySingleAsync<(long Pending, long Parked, long Processed)>(
            """
            SELECT COALESCE(SUM(CASE WHEN processed_at IS NULL AND parked_at IS NULL THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN parked_at IS NOT NULL THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN processed_at IS NOT NULL THEN 1 ELSE 0 END), 0)
            FROM outbox_messages
            """);
        var parked = (await connection.QueryAsync<Message>(
            $"SELECT {session.Dialect.Top(100)} id, type, attempts, occurred_at AS OccurredAt, parked_at AS ParkedAt, last_error AS LastError FROM outbox_messages WHERE parked_at IS NOT NULL ORDER BY id DESC {session.Dialect.Limit(100)}")).ToList();
        return TypedResults.Ok(new Summary(counts.Pending, counts.Parked, counts.Processed, parked));
    }
}

/// <summary>Sends a parked event again.</summary>
internal sealed class RetryOutboxMessage(DbSession session, OutboxSignal signal) : EndpointWithoutRequest<Results<NoContent, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("operations/outbox/{id:long}/retry");
        Policies(Access.Admin);
        Description(d => d
            .WithName("Operations_OutboxRetry")
            .WithSummary("Sends a parked event again to the handlers that have not processed it")
            .WithTags("Operations"));
    }

    public override async Task<Results<NoContent, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        var connection = await session.ConnectionAsync(ct);
        var changed = await connection.ExecuteAsync(
            "UPDATE outbox_messages SET parked_at = NULL, attempts = 0, next_attempt_at = NULL WHERE id = @Id AND parked_at IS NOT NULL", new { Id = id });
        if (changed == 0) return Problems.NotFound("Parked event", id);
        signal.Notify();
        return TypedResults.NoContent();
    }
}
