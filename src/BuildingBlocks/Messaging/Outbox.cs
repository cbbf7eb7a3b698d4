using System.Text.Json;
using Csm.BuildingBlocks.Data;
using Dapper;

namespace Csm.BuildingBlocks.Messaging;

/// <summary>Writes integration events in the caller's transaction, to be published after commit.</summary>
public sealed class Outbox(DbSession session, TimeProvider clock)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task AddAsync(IntegrationEvent e, CancellationToken ct = default) => AddRangeAsync([e], ct);

    public async Task AddRangeAsync(IEnumerable<IntegrationEvent> events, CancellationToken ct = default)
    {
        var tx = session.Transaction ?? throw new InvalidOperationException("Events go to the outbox inside a transaction.");
        var now = clock.GetUtcNow();
        var rows = events.Select(e =>
        {
            var stamped = e.OccurredAt == default ? e with { OccurredAt = now } : e;
            return new
            {
                stamped.EventId,
                Type = stamped.GetType().FullName!,
                Payload = JsonSerializer.Serialize(stamped, stamped.GetType(), Json),
                stamped.OccurredAt,
                CreatedAt = now,
            };
        }).ToList();
        if (rows.Count == 0) return;
        var connection = await session.ConnectionAsync(ct);
        await connection.ExecuteAsync(
            "INSERT INTO outbox_messages (event_id, type, payload, occurred_at, created_at, attempts) VALUES (@EventId, @Type, @Payload, @OccurredAt, @CreatedAt, 0)",
            rows, tx);
        session.WroteOutbox = true;
    }
}
