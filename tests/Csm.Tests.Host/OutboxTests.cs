using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Messaging;
using Csm.BuildingBlocks.Modules;
using Dapper;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.Tests.Host;

public sealed record SomethingHappened(string What) : IntegrationEvent;

/// <summary>Writes its effect in the dispatcher's transaction, so a rollback also undoes the effect.</summary>
public sealed class RecordingHandler(DbSession session) : INotificationHandler<SomethingHappened>
{
    /// <summary>The transactions the handler was called in, by identity: how many write turns a delivery took.</summary>
    public static readonly System.Collections.Concurrent.ConcurrentBag<int> Transactions = [];

    public async Task Handle(SomethingHappened e, CancellationToken ct)
    {
        Transactions.Add(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(session.Transaction!));
        var connection = await session.ConnectionAsync(ct);
        await connection.ExecuteAsync("INSERT INTO test_effects (event_id, handler) VALUES (@Id, 'recording')", new { Id = e.EventId.ToString() }, session.Transaction);
    }
}

/// <summary>Fails while FailuresLeft > 0, after having written its effect (which must be rolled back).</summary>
public sealed class FlakyHandler(DbSession session) : INotificationHandler<SomethingHappened>
{
    public static int FailuresLeft;

    public async Task Handle(SomethingHappened e, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        await connection.ExecuteAsync("INSERT INTO test_effects (event_id, handler) VALUES (@Id, 'flaky')", new { Id = e.EventId.ToString() }, session.Transaction);
        if (e.What == "poison" || Interlocked.Decrement(ref FailuresLeft) >= 0) throw new InvalidOperationException("downstream is down");
    }
}

[NonParallelizable]
public sealed class OutboxTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Outbox:MaxAttempts"] = "3",
        ["Outbox:FirstRetryDelay"] = "00:00:10",
    };

    private static void TestHandlers(IServiceCollection s)
    {
        s.AddTransient<INotificationHandler<SomethingHappened>, RecordingHandler>();
        s.AddTransient<INotificationHandler<SomethingHappened>, FlakyHandler>();
        s.AddSingleton(new EventTypes(Csm.Host.HostModulesAccess.All.Select(m => m.ContractsAssembly).Append(typeof(SomethingHappened).Assembly)));
    }

    private static Task<CsmFixture> StartAsync(string? file = null, Dictionary<string, string?>? more = null) =>
        CsmFixture.StartAsync(more is null ? Settings : Settings.Concat(more).ToDictionary(), TestHandlers, databaseFile: file);

    private static async Task PublishAsync(CsmFixture csm, string what)
    {
        await using var scope = csm.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var c = await session.ConnectionAsync();
        await c.ExecuteAsync("CREATE TABLE IF NOT EXISTS test_effects (event_id TEXT NOT NULL, handler TEXT NOT NULL)");
        await session.BeginAsync();
        await scope.ServiceProvider.GetRequiredService<Outbox>().AddAsync(new SomethingHappened(what));
        await session.CommitAsync();
    }

    private static async Task<Dictionary<string, long>> EffectsAsync(CsmFixture csm)
    {
        await using var c = await csm.Service<Db>().OpenAsync();
        return (await c.QueryAsync<(string Handler, long Count)>("SELECT handler, COUNT(*) FROM test_effects GROUP BY handler"))
            .ToDictionary(r => r.Handler, r => r.Count);
    }

    [SetUp]
    public void Reset()
    {
        FlakyHandler.FailuresLeft = 0;
        RecordingHandler.Transactions.Clear();
    }

    [Test]
    public async Task A_batch_of_events_lands_in_the_outbox_whole_and_in_its_order()
    {
        await using var csm = await StartAsync();
        var occurred = new DateTimeOffset(2026, 3, 1, 8, 30, 0, TimeSpan.FromHours(8));
        // Twelve, so an order by text ("10" before "2") would show.
        var events = Enumerable.Range(0, 12).Select(i => new SomethingHappened($"event {i} 事件 \"quoted\"") { OccurredAt = occurred.AddMinutes(i) }).ToList();
        await using (var scope = csm.Services.CreateAsyncScope())
        {
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            await session.BeginAsync();
            await scope.ServiceProvider.GetRequiredService<Outbox>().AddRangeAsync(events);
            await session.CommitAsync();
        }
        await using var c = await csm.Service<Db>().OpenAsync();
        var rows = (await c.QueryAsync<(Guid EventId, string Type, string Payload, DateTimeOffset OccurredAt)>(
            "SELECT event_id, type, payload, occurred_at FROM outbox_messages ORDER BY id")).ToList();
        Assert.That(rows.Select(r => r.EventId), Is.EqualTo(events.Select(e => e.EventId)), "one row per event, in the order given");
        Assert.That(rows.Select(r => r.Type).Distinct(), Is.EqualTo(new[] { typeof(SomethingHappened).FullName }));
        Assert.That(rows.Select(r => System.Text.Json.JsonSerializer.Deserialize<SomethingHappened>(r.Payload, Outbox.Json)!.What), Is.EqualTo(events.Select(e => e.What)));
        Assert.That(rows.Select(r => r.OccurredAt), Is.EqualTo(events.Select(e => e.OccurredAt)));
    }

    [Test]
    public async Task An_event_committed_before_the_process_dies_is_delivered_after_restart_once()
    {
        var file = Path.Combine(Path.GetTempPath(), "csm-tests", Guid.NewGuid() + ".db");
        var first = await StartAsync(file);
        await PublishAsync(first, "ordinary");
        // The process "dies" between commit and publish: nothing was dispatched.
        await first.DisposeAsync();

        await using var second = await StartAsync(file);
        Assert.That(await second.DrainOutboxAsync(), Is.EqualTo(1));
        Assert.That(await second.DrainOutboxAsync(), Is.EqualTo(0), "nothing is left to send");
        Assert.That(await EffectsAsync(second), Is.EqualTo(new Dictionary<string, long> { ["recording"] = 1, ["flaky"] = 1 }));
    }

    [Test]
    public async Task A_redelivered_event_changes_nothing()
    {
        CsmFixture.NotOn(DatabaseProvider.Sqlite, "a write turn commits the handlers' writes and the event's outcome together: a delivered event is never due again.");
        await using var csm = await StartAsync();
        await PublishAsync(csm, "ordinary");
        await csm.DrainOutboxAsync();
        Assert.That(await csm.RedeliverAsync(), Is.True);
        Assert.That(await csm.DrainOutboxAsync(), Is.EqualTo(1), "the event was sent again");
        Assert.That(await EffectsAsync(csm), Is.EqualTo(new Dictionary<string, long> { ["recording"] = 1, ["flaky"] = 1 }), "each handler acted once");
    }

    [Test]
    public async Task A_failing_handler_is_retried_with_backoff_and_the_others_act_once()
    {
        await using var csm = await StartAsync();
        FlakyHandler.FailuresLeft = 1;
        await PublishAsync(csm, "ordinary");
        await csm.DrainOutboxAsync();
        Assert.That(await EffectsAsync(csm), Is.EqualTo(new Dictionary<string, long> { ["recording"] = 1 }), "the failure rolled back its own effect only");

        Assert.That(await csm.DrainOutboxAsync(), Is.EqualTo(0), "not retried before the backoff");
        csm.Clock.Advance(TimeSpan.FromSeconds(11));
        Assert.That(await csm.DrainOutboxAsync(), Is.EqualTo(1));
        Assert.That(await EffectsAsync(csm), Is.EqualTo(new Dictionary<string, long> { ["recording"] = 1, ["flaky"] = 1 }));
    }

    [Test]
    public async Task A_poison_event_is_parked_visible_and_retryable_while_the_rest_flow()
    {
        await using var csm = await StartAsync();
        await PublishAsync(csm, "poison");
        for (var i = 0; i < 3; i++)
        {
            await csm.DrainOutboxAsync();
            csm.Clock.Advance(TimeSpan.FromMinutes(11));
        }
        await PublishAsync(csm, "ordinary");
        await csm.DrainOutboxAsync();

        var ops = await (await csm.Admin.GetAsync("/api/operations/outbox").ExpectAsync(200)).NodeAsync();
        Assert.That(ops["parked"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(ops["pending"]!.GetValue<long>(), Is.EqualTo(0));
        var parked = ops["parkedMessages"]![0]!;
        Assert.That(parked["attempts"]!.GetValue<long>(), Is.EqualTo(3));
        Assert.That(parked["lastError"]!.GetValue<string>(), Does.Contain("downstream is down"));
        Assert.That(await EffectsAsync(csm), Is.EqualTo(new Dictionary<string, long> { ["recording"] = 2, ["flaky"] = 1 }),
            "the ordinary event flowed past the parked one; the poison event's good handler acted once");

        await csm.Admin.PostAsync($"/api/operations/outbox/{parked["id"]}/retry", null).ExpectAsync(204);
        var after = await (await csm.Admin.GetAsync("/api/operations/outbox").ExpectAsync(200)).NodeAsync();
        Assert.That(after["parked"]!.GetValue<long>(), Is.EqualTo(0));
        Assert.That(after["pending"]!.GetValue<long>(), Is.EqualTo(1));
    }

    [Test]
    public async Task On_sqlite_a_backlog_is_delivered_in_one_write_turn_and_a_failing_handler_undoes_only_its_own_writes()
    {
        CsmFixture.OnlyOn(DatabaseProvider.Sqlite, "a backlog shares one write turn only where one writer writes at a time.");
        await using var csm = await StartAsync();
        for (var i = 1; i <= 30; i++) await PublishAsync(csm, i == 11 ? "poison" : "ordinary");

        Assert.That(await csm.DrainOutboxAsync(), Is.EqualTo(30));
        Assert.That(RecordingHandler.Transactions.Distinct().Count(), Is.EqualTo(1), "all 30 events were handled in one transaction");
        Assert.That(await EffectsAsync(csm), Is.EqualTo(new Dictionary<string, long> { ["recording"] = 30, ["flaky"] = 29 }),
            "the poison event's failing handler left nothing behind; every other write stayed");
        await using var c = await csm.Service<Db>().OpenAsync();
        var outcomes = (await c.QueryAsync<(string Payload, bool Done, long Attempts, string? Error)>(
            "SELECT payload, processed_at IS NOT NULL, attempts, last_error FROM outbox_messages ORDER BY id")).ToList();
        Assert.That(outcomes.Count(o => o.Done && o.Attempts == 0 && o.Error is null), Is.EqualTo(29));
        var poison = outcomes[10];
        Assert.That((poison.Done, poison.Attempts), Is.EqualTo((false, 1L)), "the failed event waits for its retry");
        Assert.That(poison.Payload, Does.Contain("poison"));
        Assert.That(poison.Error, Does.Contain("FlakyHandler").And.Contain("downstream is down"));
        var inbox = (await c.QueryAsync<(string EventId, string Handler)>("SELECT event_id, handler FROM inbox_messages")).ToList();
        var poisonId = await c.ExecuteScalarAsync<string>("SELECT event_id FROM outbox_messages ORDER BY id LIMIT 1 OFFSET 10");
        Assert.That(inbox.Select(i => (i.EventId, i.Handler.Split('.', '+').Last())), Is.EqualTo(new[] { (poisonId, nameof(RecordingHandler)) }),
            "the inbox remembers only who already acted on the event that stays due (so the retry runs the failed handler alone); "
            + "the 29 delivered events, processed in the same transaction as their handlers' writes, need no record");
    }

    [Test]
    public async Task Delivered_events_past_their_days_go_with_their_inbox_records_and_waiting_or_parked_ones_stay()
    {
        await using var csm = await StartAsync(more: new() { ["Outbox:KeepDeliveredDays"] = "7" });
        await PublishAsync(csm, "old, delivered at once");
        await csm.DrainOutboxAsync();
        FlakyHandler.FailuresLeft = 1;
        await PublishAsync(csm, "old, delivered at the second attempt");
        await csm.DrainOutboxAsync();
        csm.Clock.Advance(TimeSpan.FromMinutes(1));
        await csm.DrainOutboxAsync();
        await PublishAsync(csm, "poison");
        for (var i = 0; i < 3; i++)
        {
            await csm.DrainOutboxAsync();
            csm.Clock.Advance(TimeSpan.FromMinutes(11));
        }
        csm.Clock.Advance(TimeSpan.FromDays(8));
        await PublishAsync(csm, "recent, delivered");
        await csm.DrainOutboxAsync();
        await PublishAsync(csm, "waiting");

        await using var c = await csm.Service<Db>().OpenAsync();
        var ids = (await c.QueryAsync<(Guid EventId, string Payload)>("SELECT event_id, payload FROM outbox_messages ORDER BY id"))
            .ToDictionary(r => System.Text.Json.JsonDocument.Parse(r.Payload).RootElement.GetProperty("what").GetString()!, r => r.EventId);
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM inbox_messages WHERE event_id = @Id AND handler LIKE '%RecordingHandler'",
            new { Id = ids["old, delivered at the second attempt"] }), Is.EqualTo(1), "the handler that succeeded at the first attempt is recorded, so the second ran only the other");

        Assert.That(await csm.Service<Csm.Host.Operations.OutboxRetention>().PruneAsync(CancellationToken.None), Is.EqualTo(2));

        var left = (await c.QueryAsync<Guid>("SELECT event_id FROM outbox_messages ORDER BY id")).ToList();
        Assert.That(left, Is.EqualTo(new[] { ids["poison"], ids["recent, delivered"], ids["waiting"] }),
            "the old delivered events are gone; the parked one stays whatever its age, and the recent and waiting ones");
        var inbox = (await c.QueryAsync<Guid>("SELECT DISTINCT event_id FROM inbox_messages")).ToList();
        Assert.That(inbox, Does.Contain(ids["poison"]), "the parked event keeps the record of the handler that already acted, for its retry");
        Assert.That(inbox, Is.SubsetOf(left), "no inbox record outlives its event");
        var admin = await csm.SignInAsync("admin", CsmFixture.AdminPassword); // the fixture's session ended in the 8 days
        var ops = await (await admin.GetAsync("/api/operations/outbox").ExpectAsync(200)).NodeAsync();
        Assert.That((ops["pending"]!.GetValue<long>(), ops["parked"]!.GetValue<long>(), ops["processed"]!.GetValue<long>()), Is.EqualTo((1L, 1L, 1L)));
        Assert.That(await csm.Service<Csm.Host.Operations.OutboxRetention>().PruneAsync(CancellationToken.None), Is.Zero, "nothing more is old enough");

        await using var forever = await StartAsync(more: new() { ["Outbox:KeepDeliveredDays"] = "0" });
        await PublishAsync(forever, "kept");
        await forever.DrainOutboxAsync();
        forever.Clock.Advance(TimeSpan.FromDays(3650));
        Assert.That(await forever.Service<Csm.Host.Operations.OutboxRetention>().PruneAsync(CancellationToken.None), Is.Zero, "0 keeps them for ever");
    }

    [Test]
    public async Task A_turn_passes_on_when_its_time_is_up_and_the_rest_follow_in_later_turns()
    {
        CsmFixture.OnlyOn(DatabaseProvider.Sqlite, "a backlog shares one write turn only where one writer writes at a time.");
        await using var csm = await StartAsync(more: new() { ["Outbox:WriteTurnBudget"] = "00:00:00" });
        for (var i = 0; i < 5; i++) await PublishAsync(csm, "ordinary");

        Assert.That(await csm.DrainOutboxAsync(), Is.EqualTo(5));
        Assert.That(RecordingHandler.Transactions.Distinct().Count(), Is.EqualTo(5), "with no time to spare, each event had a turn of its own");
        Assert.That(await EffectsAsync(csm), Is.EqualTo(new Dictionary<string, long> { ["recording"] = 5, ["flaky"] = 5 }));
    }

    [Test]
    public async Task Outbox_operations_are_for_admins_only()
    {
        await using var csm = await StartAsync();
        var agent = await csm.UserAsync("agent");
        await agent.GetAsync("/api/operations/outbox").ExpectAsync(403);
    }
}

public sealed record ManyHappened(string What) : IntegrationEvent;

/// <summary>Takes runs of events at once; a run holding a poison event fails whole, and the poison alone fails alone.</summary>
public sealed class RunHandler(DbSession session) : IBatchNotificationHandler<ManyHappened>
{
    /// <summary>How many events each call was given, in order.</summary>
    public static readonly System.Collections.Concurrent.ConcurrentQueue<int> Calls = [];

    /// <summary>The events in the order the handler was given them.</summary>
    public static readonly System.Collections.Concurrent.ConcurrentQueue<string> Given = [];

    public Task Handle(ManyHappened e, CancellationToken ct) => Handle([e], ct);

    public async Task Handle(IReadOnlyList<ManyHappened> events, CancellationToken ct)
    {
        Calls.Enqueue(events.Count);
        foreach (var e in events) Given.Enqueue(e.What);
        var connection = await session.ConnectionAsync(ct);
        await connection.ExecuteAsync("INSERT INTO test_effects (event_id, handler) VALUES (@Id, @What)",
            events.Select(e => new { Id = e.EventId.ToString(), e.What }), session.Transaction);
        if (events.Any(e => e.What == "poison")) throw new InvalidOperationException("poison");
    }
}

/// <summary>Runs of one type to a handler that takes them: one call for the run, the same effects as one at a time.</summary>
[NonParallelizable]
public sealed class OutboxRunTests
{
    private static Task<CsmFixture> StartAsync() => CsmFixture.StartAsync(new Dictionary<string, string?> { ["Outbox:FirstRetryDelay"] = "00:00:10" }, s =>
    {
        s.AddTransient<INotificationHandler<ManyHappened>, RunHandler>();
        s.AddSingleton(new EventTypes(Csm.Host.HostModulesAccess.All.Select(m => m.ContractsAssembly).Append(typeof(ManyHappened).Assembly)));
    });

    private static async Task PublishAsync(CsmFixture csm, params string[] what)
    {
        await using var scope = csm.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var c = await session.ConnectionAsync();
        await c.ExecuteAsync("CREATE TABLE IF NOT EXISTS test_effects (event_id TEXT NOT NULL, handler TEXT NOT NULL)");
        await session.BeginAsync();
        await scope.ServiceProvider.GetRequiredService<Outbox>().AddRangeAsync(what.Select(w => new ManyHappened(w)));
        await session.CommitAsync();
    }

    private static async Task<List<string>> EffectsAsync(CsmFixture csm)
    {
        await using var c = await csm.Service<Db>().OpenAsync();
        return (await c.QueryAsync<string>("SELECT handler FROM test_effects ORDER BY handler")).ToList();
    }

    [SetUp]
    public void Reset()
    {
        RunHandler.Calls.Clear();
        RunHandler.Given.Clear();
    }

    [Test]
    public async Task A_run_of_events_is_handled_in_one_call_in_order()
    {
        await using var csm = await StartAsync();
        await PublishAsync(csm, "a", "b", "c", "d", "e");
        Assert.That(await csm.DrainOutboxAsync(), Is.EqualTo(5));
        Assert.That(RunHandler.Calls, Is.EqualTo(new[] { 5 }), "one call for the run");
        Assert.That(RunHandler.Given, Is.EqualTo(new[] { "a", "b", "c", "d", "e" }), "in the order they were published");
        Assert.That(await EffectsAsync(csm), Is.EqualTo(new[] { "a", "b", "c", "d", "e" }));
        Assert.That(await csm.DrainOutboxAsync(), Is.EqualTo(0), "nothing is due again");
    }

    [Test]
    public async Task A_redelivered_run_changes_nothing()
    {
        CsmFixture.NotOn(DatabaseProvider.Sqlite, "a write turn commits the handlers' writes and the events' outcomes together: a delivered event is never due again.");
        await using var csm = await StartAsync();
        await PublishAsync(csm, "a", "b", "c", "d", "e");
        Assert.That(await csm.DrainOutboxAsync(), Is.EqualTo(5));
        Assert.That(await csm.RedeliverAsync(), Is.True);
        Assert.That(await csm.DrainOutboxAsync(), Is.EqualTo(5), "sent again");
        Assert.That(await EffectsAsync(csm), Has.Count.EqualTo(5), "the inbox knows each event was handled");
    }

    [Test]
    public async Task A_poison_event_in_a_run_fails_alone_and_the_others_are_handled_once()
    {
        await using var csm = await StartAsync();
        await PublishAsync(csm, "a", "poison", "b");
        await csm.DrainOutboxAsync();
        Assert.That(RunHandler.Calls, Is.EqualTo(new[] { 3, 1, 1, 1 }), "the run, then each alone");
        Assert.That(RunHandler.Given, Is.EqualTo(new[] { "a", "poison", "b", "a", "poison", "b" }));
        Assert.That(await EffectsAsync(csm), Is.EqualTo(new[] { "a", "b" }), "the failed run's writes and the poison's were undone");
        await using var c = await csm.Service<Db>().OpenAsync();
        var outcomes = (await c.QueryAsync<(string? Error, long Attempts, string? Processed)>(
            "SELECT last_error, attempts, processed_at FROM outbox_messages ORDER BY id")).ToList();
        Assert.That(outcomes.Select(o => o.Processed is not null), Is.EqualTo(new[] { true, false, true }));
        Assert.That(outcomes[1].Error, Does.Contain("poison"));
        Assert.That(outcomes[1].Attempts, Is.EqualTo(1));

        // Retried later alone: the others are not run again.
        csm.Clock.Advance(TimeSpan.FromSeconds(11));
        RunHandler.Calls.Clear();
        await csm.DrainOutboxAsync();
        Assert.That(RunHandler.Calls, Is.EqualTo(new[] { 1 }));
        Assert.That(await EffectsAsync(csm), Is.EqualTo(new[] { "a", "b" }));
    }
}
