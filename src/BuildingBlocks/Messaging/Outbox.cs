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
        var rows = Rows(events);
        if (rows.Count == 0) return;
        var connection = await session.ConnectionAsync(ct);
        await connection.ExecuteAsync(
            "INSERT INTO outbox_messages (event_id, type, payload, occurred_at, created_at, attempts) VALUES (@EventId, @Type, @Payload, @OccurredAt, @CreatedAt, 0)",
            rows, tx);
        session.WroteOutbox = true;
    }

    /// <summary>
    /// Like <see cref="AddRangeAsync"/> for thousands of events at once (a rule run's firings): multi-row INSERTs
    /// instead of one statement per event.
    /// </summary>
    public async Task AddManyAsync(IEnumerable<IntegrationEvent> events, CancellationToken ct = default)
    {
        var tx = session.Transaction ?? throw new InvalidOperationException("Events go to the outbox inside a transaction.");
        var rows = Rows(events);
        if (rows.Count == 0) return;
        var connection = await session.ConnectionAsync(ct);
        await MultiRowInsert.ExecuteAsync(connection, tx, "outbox_messages", ["event_id", "type", "payload", "occurred_at", "created_at", "attempts"],
            rows.Select(r => new object?[] { r.EventId, r.Type, r.Payload, r.OccurredAt, r.CreatedAt, 0 }), ct);
        session.WroteOutbox = true;
    }

    private sealed record Row(Guid EventId, string Type, string Payload, DateTimeOffset OccurredAt, DateTimeOffset CreatedAt);

    private List<Row> Rows(IEnumerable<IntegrationEvent> events)
    {
        var now = clock.GetUtcNow();
        return events.Select(e =>
        {
            var stamped = e.OccurredAt == default ? e with { OccurredAt = now } : e;
            return new Row(stamped.EventId, stamped.GetType().FullName!, JsonSerializer.Serialize(stamped, stamped.GetType(), Json), stamped.OccurredAt, now);
        }).ToList();
    }
}
