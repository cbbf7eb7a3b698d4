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
        var rows = events.Select(e => e.OccurredAt == default ? e with { OccurredAt = now } : e).ToList();
        if (rows.Count == 0) return;
        var connection = await session.ConnectionAsync(ct);
        if (rows.Count == 1)
        {
            var e = rows[0];
            await connection.ExecuteAsync(
                "INSERT INTO outbox_messages (event_id, type, payload, occurred_at, created_at, attempts) VALUES (@EventId, @Type, @Payload, @OccurredAt, @CreatedAt, 0)",
                new { e.EventId, Type = e.GetType().FullName!, Payload = JsonSerializer.Serialize(e, e.GetType(), Json), e.OccurredAt, CreatedAt = now }, tx);
            session.WroteOutbox = true;
            return;
        }
        // The whole batch as one JSON parameter, inserted in its order (the outbox delivers by id): one statement, however many events.
        var d = session.Dialect;
        string V(string key, SqlType type = SqlType.Text) => d.JsonValue("j.value", "$." + key, type);
        await connection.ExecuteAsync(
            $"""
            INSERT INTO outbox_messages (event_id, type, payload, occurred_at, created_at, attempts)
            SELECT {V("id", SqlType.Uuid)}, {V("type")}, {V("payload", SqlType.LongText)}, {V("at", SqlType.Time)}, @CreatedAt, 0
            FROM {d.JsonRows("@Rows")} j ORDER BY CAST({V("n", SqlType.BigInt)} AS BIGINT)
            """,
            new
            {
                CreatedAt = now,
                Rows = JsonRows.Text(Payloads(rows).Select((x, i) => (x.Event, x.Payload, i)), static (w, x) =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("n", x.i);
                    w.WriteString("id", x.Event.EventId.ToString("D"));
                    w.WriteString("type", x.Event.GetType().FullName);
                    w.WriteString("payload", x.Payload);
                    w.WriteString("at", DapperSetup.Text(x.Event.OccurredAt));
                    w.WriteEndObject();
                }),
            }, tx);
        session.WroteOutbox = true;
    }

    /// <summary>Each event's payload, serialized over the cores for a large batch (an import's thousands), in order.</summary>
    private static List<(IntegrationEvent Event, string Payload)> Payloads(List<IntegrationEvent> events) =>
        (events.Count > 256 ? events.AsParallel().AsOrdered() : events.AsEnumerable())
        .Select(e => (e, JsonSerializer.Serialize(e, e.GetType(), Json))).ToList();
}
