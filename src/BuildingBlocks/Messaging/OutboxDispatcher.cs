using System.Data.Common;
using System.Reflection;
using System.Text.Json;
using Csm.BuildingBlocks.Data;
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

    /// <summary>
    /// On SQLite the dispatcher lets requests waiting to write go first for this long at most before it takes its turn,
    /// so under a burst a customer's answer waits for no delivery while events still get a turn at least this often.
    /// </summary>
    public TimeSpan YieldToRequests { get; set; } = TimeSpan.FromMilliseconds(100);
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
/// A redelivery skips the handlers that already succeeded, by their records of (event, handler) in the inbox, so a
/// failing handler does not hold the others back.
/// A message whose handlers keep failing is retried with exponential backoff and parked after MaxAttempts.
/// On a server engine each handler has a transaction of its own, which records its success in the inbox. On SQLite, which
/// lets one writer in at a time, a batch shares one transaction and each handler runs under a savepoint: the same
/// isolation per handler, one write turn. There a message's outcome commits with its handlers' writes, so the inbox keeps
/// only the successes of a message that failed somewhere (the one a retry needs): a delivered message marked processed is
/// never delivered again, and its handlers' records would be rows written for nothing (half the rows a survey answer adds).
/// Consecutive messages of one type go to a handler that takes runs (<see cref="IBatchNotificationHandler{TEvent}"/>)
/// at once, with one savepoint or transaction for the run; a run that fails is given to it message by message.
/// </summary>
public sealed class OutboxDispatcher(
    Db db,
    IServiceScopeFactory scopes,
    EventTypes eventTypes,
    EventHandlers handlers,
    TimeProvider clock,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher> logger)
{
    private readonly OutboxStore _store = new(db, clock, options, logger);
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>Runs one handler on one event; null when it succeeded, else what failed.</summary>
    private delegate Task<string?> RunHandler(EventHandlers.Handler handler, INotification notification, Guid eventId);

    /// <summary>Runs a handler on a run of events at once, all or nothing; false when it failed (nothing of it kept).</summary>
    private delegate Task<bool> RunHandlerOnRun(EventHandlers.Handler handler, IReadOnlyList<(OutboxStore.Row Row, INotification Notification)> run);

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

    /// <summary>Claims a batch under a lease, then gives each handler a transaction of its own, and each run's outcomes one.</summary>
    private async Task<int> DispatchEachAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var batch = await _store.ClaimAsync(session, ct);
        if (batch.Count == 0) return 0;
        var done = await _store.DoneHandlersAsync(await session.ConnectionAsync(ct), null, batch);
        foreach (var run in Runs(batch))
        {
            var errors = await DispatchRunAsync(run, done,
                (handler, notification, eventId) => RunInOwnTransactionAsync(handler, notification, eventId, ct),
                (handler, events) => RunAllInOwnTransactionAsync(handler, events, ct));
            var tx = await session.BeginAsync(ct);
            await _store.FinishAllAsync(await session.ConnectionAsync(ct), tx, run, errors);
            await session.CommitAsync(ct);
        }
        return batch.Count;
    }

    /// <summary>
    /// The batch cut into runs of consecutive messages of a type that a handler takes in runs; any other message is a run
    /// of its own (so the write turn's budget is checked after each). The order of the messages holds for each handler;
    /// handlers of different modules do not depend on each other's writes.
    /// </summary>
    private IEnumerable<List<OutboxStore.Row>> Runs(List<OutboxStore.Row> batch)
    {
        for (var start = 0; start < batch.Count;)
        {
            var end = start + 1;
            var type = eventTypes.Find(batch[start].Type);
            var inRuns = type is not null && handlers.For(type).Any(h => h.HandleRunAsync is not null);
            while (inRuns && end < batch.Count && batch[end].Type == batch[start].Type) end++;
            yield return batch.GetRange(start, end - start);
            start = end;
        }
    }

    /// <summary>
    /// SQLite: takes one write turn and reads what is due inside it, where no other writer can claim it meanwhile.
    /// Each handler runs under a savepoint, so a failure undoes only its own writes; each message's outcome is recorded;
    /// and the turn commits once, after <see cref="OutboxOptions.WriteTurnBudget"/> at most, leaving the rest for the next.
    /// </summary>
    private async Task<int> DispatchInOneTurnAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var turn = scope.ServiceProvider.GetRequiredService<DbSession>();
        var tx = await turn.BeginInBackgroundAsync(options.Value.YieldToRequests, ct);
        var started = clock.GetTimestamp();
        var connection = await turn.ConnectionAsync(ct);
        var due = await _store.DueAsync(connection, tx, ct);
        if (due.Count == 0) return 0;
        var done = await _store.DoneHandlersAsync(connection, tx, due);
        var handled = 0;
        foreach (var run in Runs(due))
        {
            var succeeded = new List<(OutboxStore.Row Row, string Handler)>();
            var errors = await DispatchRunAsync(run, done,
                (handler, notification, eventId) => RunUnderSavepointAsync(turn, tx, handler, notification, eventId, ct),
                (handler, events) => RunAllUnderSavepointAsync(turn, tx, handler, events, ct), succeeded);
            // Only a message that stays due needs to remember who already acted on it.
            foreach (var handler in succeeded.Where(s => errors.ContainsKey(s.Row.Id)).GroupBy(s => s.Handler, s => s.Row.EventId))
                await _store.RecordHandledAsync(connection, tx, handler.ToList(), handler.Key);
            await _store.FinishAllAsync(connection, tx, run, errors);
            handled += run.Count;
            if (clock.GetElapsedTime(started) >= options.Value.WriteTurnBudget) break;
        }
        await turn.CommitAsync(ct);
        return handled;
    }

    /// <summary>
    /// The handlers of one run of messages of one type. A handler that takes runs gets the messages it has not acted on
    /// yet at once; if that fails, nothing of it is kept and each message is given to it alone, so only a bad message
    /// fails. The others get each message alone. What failed, by message id; each handler's successes added to
    /// <paramref name="succeeded"/> when given.
    /// </summary>
    private async Task<Dictionary<long, string>> DispatchRunAsync(List<OutboxStore.Row> run, ILookup<Guid, string> done, RunHandler runOne, RunHandlerOnRun runAll,
        List<(OutboxStore.Row Row, string Handler)>? succeeded = null)
    {
        var errors = new Dictionary<long, string>();
        var type = eventTypes.Find(run[0].Type);
        if (type is null)
        {
            foreach (var row in run) errors[row.Id] = $"Unknown event type {row.Type}.";
            return errors;
        }
        var messages = run.Select(row => (Row: row, Notification: (INotification)JsonSerializer.Deserialize(row.Payload, type, Outbox.Json)!)).ToList();
        foreach (var handler in handlers.For(type))
        {
            var pending = messages.Where(m => !done[m.Row.EventId].Contains(handler.Name)).ToList();
            if (pending.Count == 0) continue;
            if (pending.Count > 1 && handler.HandleRunAsync is not null && await runAll(handler, pending))
            {
                succeeded?.AddRange(pending.Select(m => (m.Row, handler.Name)));
                continue;
            }
            foreach (var (row, notification) in pending)
            {
                var failure = await runOne(handler, notification, row.EventId);
                if (failure is not null) errors[row.Id] = errors.TryGetValue(row.Id, out var earlier) ? earlier + "\n" + failure : failure;
                else succeeded?.Add((row, handler.Name));
            }
        }
        return errors;
    }

    /// <summary>A handler on a run of messages under one savepoint; false (its writes undone) when it failed. The inbox is the caller's.</summary>
    private async Task<bool> RunAllUnderSavepointAsync(DbSession turn, DbTransaction tx, EventHandlers.Handler handler,
        IReadOnlyList<(OutboxStore.Row Row, INotification Notification)> run, CancellationToken ct)
    {
        const string savepoint = "outbox_run";
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<DbSession>().Join(turn);
        await tx.SaveAsync(savepoint, ct);
        try
        {
            await handler.HandleRunAsync!(scope.ServiceProvider, run.Select(m => m.Notification).ToList(), ct);
            await tx.ReleaseAsync(savepoint, ct);
            return true;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            await tx.RollbackAsync(savepoint, CancellationToken.None);
            await tx.ReleaseAsync(savepoint, CancellationToken.None);
            logger.LogInformation(ex, "Handler {Handler} failed on a run of {Count} events; giving it each event alone", handler.Name, run.Count);
            return false;
        }
    }

    private async Task<string?> RunInOwnTransactionAsync(EventHandlers.Handler handler, INotification notification, Guid eventId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        try
        {
            var tx = await session.BeginAsync(ct);
            await handler.HandleAsync(scope.ServiceProvider, notification, ct);
            await _store.RecordHandledAsync(await session.ConnectionAsync(ct), tx, eventId, handler.Name);
            await session.CommitAsync(ct);
            return null;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            await session.RollbackAsync(CancellationToken.None);
            return Failure(handler.Name, eventId, ex);
        }
    }

    /// <summary>A handler on a run of messages in a transaction of its own; false (rolled back) when it failed.</summary>
    private async Task<bool> RunAllInOwnTransactionAsync(EventHandlers.Handler handler, IReadOnlyList<(OutboxStore.Row Row, INotification Notification)> run,
        CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        try
        {
            var tx = await session.BeginAsync(ct);
            await handler.HandleRunAsync!(scope.ServiceProvider, run.Select(m => m.Notification).ToList(), ct);
            await _store.RecordHandledAsync(await session.ConnectionAsync(ct), tx, run.Select(m => m.Row.EventId).ToList(), handler.Name);
            await session.CommitAsync(ct);
            return true;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            await session.RollbackAsync(CancellationToken.None);
            logger.LogInformation(ex, "Handler {Handler} failed on a run of {Count} events; giving it each event alone", handler.Name, run.Count);
            return false;
        }
    }

    /// <summary>A handler on one message under a savepoint; null when it succeeded, else what failed (its writes undone). The inbox is the caller's.</summary>
    private async Task<string?> RunUnderSavepointAsync(
        DbSession turn, DbTransaction tx, EventHandlers.Handler handler, INotification notification, Guid eventId, CancellationToken ct)
    {
        const string savepoint = "outbox_handler";
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<DbSession>().Join(turn);
        await tx.SaveAsync(savepoint, ct);
        try
        {
            await handler.HandleAsync(scope.ServiceProvider, notification, ct);
            await tx.ReleaseAsync(savepoint, ct);
            return null;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            await tx.RollbackAsync(savepoint, CancellationToken.None);
            await tx.ReleaseAsync(savepoint, CancellationToken.None);
            return Failure(handler.Name, eventId, ex);
        }
    }

    private string Failure(string handlerName, Guid eventId, Exception ex)
    {
        logger.LogWarning(ex, "Handler {Handler} failed on event {EventId}", handlerName, eventId);
        return $"{handlerName}: {ex.GetType().Name}: {ex.Message}";
    }
}
