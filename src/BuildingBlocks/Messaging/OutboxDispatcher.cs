using System.Data.Common;
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

    /// <summary>
    /// On SQLite a batch of events is delivered in one write turn. After this long the turn is committed and passed on,
    /// so a request waiting to write is not held up behind a long backlog.
    /// </summary>
    public TimeSpan WriteTurnBudget { get; set; } = TimeSpan.FromMilliseconds(50);
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
/// Each handler's writes land together with a record of (event, handler) in the inbox, so a redelivery skips the
/// handlers that already succeeded and a failing handler does not hold the others back.
/// A message whose handlers keep failing is retried with exponential backoff and parked after MaxAttempts.
/// On SQL Server each handler has a transaction of its own. On SQLite, which lets one writer in at a time, a batch
/// shares one transaction and each handler runs under a savepoint: the same isolation per handler, one write turn.
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

    private const string RowColumns = "id, event_id AS EventId, type, payload, attempts";

    /// <summary>A message to dispatch now: not done, not parked, its retry time come, and not leased to another dispatcher.</summary>
    private const string Due = """
        processed_at IS NULL AND parked_at IS NULL
          AND (next_attempt_at IS NULL OR next_attempt_at <= @Now)
          AND (locked_until IS NULL OR locked_until < @Now)
        """;

    /// <summary>Handler names by event type (registrations do not change while the host runs); used under _oneAtATime.</summary>
    private readonly Dictionary<Type, List<string>> _handlerNames = [];

    private delegate Task<string?> RunHandler(Type handlerType, string handlerName, INotification notification);

    /// <summary>Dispatches until nothing is due. Returns the number of messages handled.</summary>
    public async Task<int> DrainAsync(CancellationToken ct = default)
    {
        await _oneAtATime.WaitAsync(ct);
        try
        {
            var total = 0;
            while (true)
            {
                var handled = db.WriteGate is null ? await DispatchEachAsync(ct) : await DispatchInOneTurnAsync(ct);
                if (handled == 0) return total;
                total += handled;
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>Claims a batch under a lease, then gives each handler a transaction of its own.</summary>
    private async Task<int> DispatchEachAsync(CancellationToken ct)
    {
        var batch = await ClaimAsync(ct);
        if (batch.Count == 0) return 0;
        await using var connection = await db.OpenAsync(ct);
        var done = await DoneHandlersAsync(connection, null, batch);
        foreach (var row in batch)
        {
            var error = await DispatchAsync(row, done[row.EventId].ToHashSet(StringComparer.Ordinal),
                (handlerType, name, notification) => RunInOwnTransactionAsync(handlerType, name, notification, row.EventId, ct));
            await FinishAsync(connection, null, row, error);
        }
        return batch.Count;
    }

    /// <summary>
    /// SQLite: takes one write turn and reads what is due inside it, where no other writer can claim it meanwhile.
    /// Each handler runs under a savepoint, so a failure undoes only its own writes; each message's outcome is recorded;
    /// and the turn commits once, after <see cref="OutboxOptions.WriteTurnBudget"/> at most, leaving the rest for the next.
    /// </summary>
    private async Task<int> DispatchInOneTurnAsync(CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        var o = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var turn = scope.ServiceProvider.GetRequiredService<DbSession>();
        var tx = await turn.BeginAsync(ct);
        var connection = await turn.ConnectionAsync(ct);
        var due = (await connection.QueryAsync<Row>(
            $"SELECT {db.Dialect.Top(o.BatchSize)} {RowColumns} FROM outbox_messages WHERE {Due} ORDER BY id {db.Dialect.Limit(o.BatchSize)}",
            new { Now = clock.GetUtcNow() }, tx)).ToList();
        if (due.Count == 0) return 0;
        var done = await DoneHandlersAsync(connection, tx, due);
        var handled = 0;
        foreach (var row in due)
        {
            var error = await DispatchAsync(row, done[row.EventId].ToHashSet(StringComparer.Ordinal),
                (handlerType, name, notification) => RunUnderSavepointAsync(connection, tx, handlerType, name, notification, row.EventId, ct));
            await FinishAsync(connection, tx, row, error);
            handled++;
            if (clock.GetElapsedTime(started) >= o.WriteTurnBudget) break;
        }
        await turn.CommitAsync(ct);
        return handled;
    }

    private async Task<List<Row>> ClaimAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var o = options.Value;
        await using var connection = await db.OpenAsync(ct);
        var due = (await connection.QueryAsync<long>(
            $"SELECT {db.Dialect.Top(o.BatchSize)} id FROM outbox_messages WHERE {Due} ORDER BY id {db.Dialect.Limit(o.BatchSize)}",
            new { Now = now })).ToList();
        if (due.Count == 0) return [];
        await connection.ExecuteAsync(
            """
            UPDATE outbox_messages SET locked_until = @Until, locked_by = @Instance
            WHERE id IN @Ids AND processed_at IS NULL AND (locked_until IS NULL OR locked_until < @Now)
            """, new { Ids = due, Until = now + o.LeaseDuration, Instance = _instance, Now = now });
        return (await connection.QueryAsync<Row>(
            $"SELECT {RowColumns} FROM outbox_messages WHERE id IN @Ids AND locked_by = @Instance AND processed_at IS NULL ORDER BY id",
            new { Ids = due, Instance = _instance })).ToList();
    }

    /// <summary>Runs the handlers that have not acted on the message yet. Null when all succeeded, else what failed.</summary>
    private async Task<string?> DispatchAsync(Row row, HashSet<string> done, RunHandler run)
    {
        var type = eventTypes.Find(row.Type);
        if (type is null) return $"Unknown event type {row.Type}.";
        var notification = (INotification)JsonSerializer.Deserialize(row.Payload, type, Outbox.Json)!;
        var handlerType = typeof(INotificationHandler<>).MakeGenericType(type);
        string? error = null;
        foreach (var name in (await HandlerNamesAsync(handlerType)).Where(n => !done.Contains(n)))
        {
            var failure = await run(handlerType, name, notification);
            if (failure is not null) error = error is null ? failure : error + "\n" + failure;
        }
        return error;
    }

    private async Task<List<string>> HandlerNamesAsync(Type handlerType)
    {
        if (_handlerNames.TryGetValue(handlerType, out var names)) return names;
        await using var scope = scopes.CreateAsyncScope();
        return _handlerNames[handlerType] = scope.ServiceProvider.GetServices(handlerType).Select(h => h!.GetType().FullName!).ToList();
    }

    /// <summary>The handlers that already acted on each message of a batch (a redelivery skips them), in one query.</summary>
    private static async Task<ILookup<Guid, string>> DoneHandlersAsync(DbConnection connection, DbTransaction? tx, List<Row> batch) =>
        (await connection.QueryAsync<(Guid EventId, string Handler)>(
            "SELECT event_id, handler FROM inbox_messages WHERE event_id IN @Ids", new { Ids = batch.Select(r => r.EventId) }, tx))
        .ToLookup(d => d.EventId, d => d.Handler);

    private async Task<string?> RunInOwnTransactionAsync(Type handlerType, string handlerName, INotification notification, Guid eventId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        try
        {
            var tx = await session.BeginAsync(ct);
            await HandleAsync(scope, await session.ConnectionAsync(ct), tx, handlerType, handlerName, notification, eventId, ct);
            await session.CommitAsync(ct);
            return null;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            await session.RollbackAsync(CancellationToken.None);
            return Failure(handlerName, eventId, ex);
        }
    }

    private async Task<string?> RunUnderSavepointAsync(
        DbConnection connection, DbTransaction tx, Type handlerType, string handlerName, INotification notification, Guid eventId, CancellationToken ct)
    {
        const string savepoint = "outbox_handler";
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<DbSession>().Join(connection, tx);
        await tx.SaveAsync(savepoint, ct);
        try
        {
            await HandleAsync(scope, connection, tx, handlerType, handlerName, notification, eventId, ct);
            await tx.ReleaseAsync(savepoint, ct);
            return null;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            await tx.RollbackAsync(savepoint, CancellationToken.None);
            await tx.ReleaseAsync(savepoint, CancellationToken.None);
            return Failure(handlerName, eventId, ex);
        }
    }

    /// <summary>Calls the handler, and records in the inbox within the same transaction that it has acted on the event.</summary>
    private async Task HandleAsync(AsyncServiceScope scope, DbConnection connection, DbTransaction tx, Type handlerType, string handlerName,
        INotification notification, Guid eventId, CancellationToken ct)
    {
        var handler = scope.ServiceProvider.GetServices(handlerType).First(h => h!.GetType().FullName == handlerName)!;
        var handle = handlerType.GetMethod(nameof(INotificationHandler<INotification>.Handle))!;
        await (Task)handle.Invoke(handler, [notification, ct])!;
        await connection.ExecuteAsync(
            "INSERT INTO inbox_messages (event_id, handler, processed_at) VALUES (@EventId, @Handler, @Now)",
            new { EventId = eventId, Handler = handlerName, Now = clock.GetUtcNow() }, tx);
    }

    private string Failure(string handlerName, Guid eventId, Exception ex)
    {
        var inner = ex is TargetInvocationException { InnerException: { } i } ? i : ex;
        logger.LogWarning(inner, "Handler {Handler} failed on event {EventId}", handlerName, eventId);
        return $"{handlerName}: {inner.GetType().Name}: {inner.Message}";
    }

    private async Task FinishAsync(DbConnection connection, DbTransaction? tx, Row row, string? error)
    {
        var now = clock.GetUtcNow();
        var o = options.Value;
        if (error is null)
        {
            await connection.ExecuteAsync(
                "UPDATE outbox_messages SET processed_at = @Now, locked_until = NULL, last_error = NULL WHERE id = @Id",
                new { Now = now, row.Id }, tx);
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
            new { Attempts = attempts, Error = error, Next = now + delay, Parked = park ? now : (DateTimeOffset?)null, row.Id }, tx);
        if (park) logger.LogError("Parked outbox message {Id} ({Type}) after {Attempts} attempts: {Error}", row.Id, row.Type, attempts, error);
    }
}
