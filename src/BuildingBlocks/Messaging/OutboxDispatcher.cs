using System.Reflection;
using System.Text.Json;
using Csm.BuildingBlocks.Data;
using Dapper;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Csm.BuildingBlocks.Messaging;

public sealed class OutboxOptions
{
    /// <summary>Run the background dispatcher. Tests turn it off and drain the outbox themselves.</summary>
    public bool AutoDispatch { get; set; } = true;
    public int BatchSize { get; set; } = 200;
    public int MaxAttempts { get; set; } = 8;
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>The integration event types the host knows, by the name stored in the outbox.</summary>
public sealed class EventTypes(IEnumerable<Assembly> contractAssemblies)
{
    private readonly Dictionary<string, Type> _types = contractAssemblies
        .SelectMany(a => a.GetTypes())
        .Where(t => !t.IsAbstract && typeof(IntegrationEvent).IsAssignableFrom(t))
        .ToDictionary(t => t.FullName!, StringComparer.Ordinal);

    public Type? Find(string name) => _types.GetValueOrDefault(name);
}

/// <summary>
/// Publishes committed outbox events to every <see cref="INotificationHandler{T}"/> of every module, at least once.
/// Each handler runs in its own transaction that also records (event, handler) in the inbox, so a redelivery
/// skips the handlers that already succeeded and a failing handler does not hold the others back.
/// A message whose handlers keep failing is retried with exponential backoff and parked after MaxAttempts.
/// </summary>
public sealed class OutboxDispatcher(
    Db db,
    IServiceScopeFactory scopes,
    EventTypes eventTypes,
    TimeProvider clock,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher> logger)
{
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    private sealed record Row
    {
        public long Id { get; init; }
        public Guid EventId { get; init; }
        public string Type { get; init; } = "";
        public string Payload { get; init; } = "";
        public long Attempts { get; init; }
    }

    /// <summary>Dispatches until nothing is due. Returns the number of messages handled.</summary>
    public async Task<int> DrainAsync(CancellationToken ct = default)
    {
        await _oneAtATime.WaitAsync(ct);
        try
        {
            var total = 0;
            while (true)
            {
                var batch = await ClaimAsync(ct);
                if (batch.Count == 0) return total;
                foreach (var row in batch)
                {
                    await DispatchAsync(row, ct);
                }
                total += batch.Count;
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<List<Row>> ClaimAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var o = options.Value;
        await using var connection = await db.OpenAsync(ct);
        var due = (await connection.QueryAsync<long>(
            $"""
            SELECT {db.Dialect.Top(o.BatchSize)} id FROM outbox_messages
            WHERE processed_at IS NULL AND parked_at IS NULL
              AND (next_attempt_at IS NULL OR next_attempt_at <= @Now)
              AND (locked_until IS NULL OR locked_until < @Now)
            ORDER BY id {db.Dialect.Limit(o.BatchSize)}
            """, new { Now = now })).ToList();
        if (due.Count == 0) return [];
        await connection.ExecuteAsync(
            """
            UPDATE outbox_messages SET locked_until = @Until, locked_by = @Instance
            WHERE id IN @Ids AND processed_at IS NULL AND (locked_until IS NULL OR locked_until < @Now)
            """, new { Ids = due, Until = now + o.LeaseDuration, Instance = _instance, Now = now });
        return (await connection.QueryAsync<Row>(
            "SELECT id, event_id AS EventId, type, payload, attempts FROM outbox_messages WHERE id IN @Ids AND locked_by = @Instance AND processed_at IS NULL ORDER BY id",
            new { Ids = due, Instance = _instance })).ToList();
    }

    private async Task DispatchAsync(Row row, CancellationToken ct)
    {
        var type = eventTypes.Find(row.Type);
        string? error = type is null ? $"Unknown event type {row.Type}." : null;
        if (type is not null)
        {
            var notification = (INotification)JsonSerializer.Deserialize(row.Payload, type, Outbox.Json)!;
            var handlerType = typeof(INotificationHandler<>).MakeGenericType(type);
            var handlerNames = await HandlerNamesAsync(handlerType);
            var done = await DoneHandlersAsync(row.EventId, ct);
            foreach (var name in handlerNames.Where(n => !done.Contains(n)))
            {
                var failure = await RunHandlerAsync(handlerType, name, notification, row.EventId, ct);
                if (failure is not null) error = error is null ? failure : error + "\n" + failure;
            }
        }
        await FinishAsync(row, error, ct);
    }

    private async Task<List<string>> HandlerNamesAsync(Type handlerType)
    {
        await using var scope = scopes.CreateAsyncScope();
        return scope.ServiceProvider.GetServices(handlerType).Select(h => h!.GetType().FullName!).ToList();
    }

    private async Task<HashSet<string>> DoneHandlersAsync(Guid eventId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<string>("SELECT handler FROM inbox_messages WHERE event_id = @EventId", new { EventId = eventId }))
            .ToHashSet(StringComparer.Ordinal);
    }

    private async Task<string?> RunHandlerAsync(Type handlerType, string handlerName, INotification notification, Guid eventId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var handler = scope.ServiceProvider.GetServices(handlerType).First(h => h!.GetType().FullName == handlerName)!;
        try
        {
            var tx = await session.BeginAsync(ct);
            var connection = await session.ConnectionAsync(ct);
            var handle = handlerType.GetMethod(nameof(INotificationHandler<INotification>.Handle))!;
            await (Task)handle.Invoke(handler, [notification, ct])!;
            await connection.ExecuteAsync(
                "INSERT INTO inbox_messages (event_id, handler, processed_at) VALUES (@EventId, @Handler, @Now)",
                new { EventId = eventId, Handler = handlerName, Now = clock.GetUtcNow() }, tx);
            await session.CommitAsync(ct);
            return null;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            await session.RollbackAsync(CancellationToken.None);
            var inner = ex is TargetInvocationException { InnerException: { } i } ? i : ex;
            logger.LogWarning(inner, "Handler {Handler} failed on event {EventId}", handlerName, eventId);
            return $"{handlerName}: {inner.GetType().Name}: {inner.Message}";
        }
    }

    private async Task FinishAsync(Row row, string? error, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var o = options.Value;
        await using var connection = await db.OpenAsync(ct);
        if (error is null)
        {
            await connection.ExecuteAsync(
                "UPDATE outbox_messages SET processed_at = @Now, locked_until = NULL, last_error = NULL WHERE id = @Id",
                new { Now = now, row.Id });
            return;
        }
        var attempts = row.Attempts + 1;
        var park = attempts >= o.MaxAttempts;
        var delay = TimeSpan.FromTicks(Math.Min(o.MaxRetryDelay.Ticks, o.FirstRetryDelay.Ticks * (1L << (int)Math.Min(attempts - 1, 30))));
        await connection.ExecuteAsync(
            """
            UPDATE outbox_messages SET attempts = @Attempts, last_error = @Error, locked_until = NULL,
              next_attempt_at = @Next, parked_at = @Parked
            WHERE id = @Id
            """,
            new { Attempts = attempts, Error = error, Next = now + delay, Parked = park ? now : (DateTimeOffset?)null, row.Id });
        if (park) logger.LogError("Parked outbox message {Id} ({Type}) after {Attempts} attempts: {Error}", row.Id, row.Type, attempts, error);
    }
}
