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
    public async Task Handle(SomethingHappened e, CancellationToken ct)
    {
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

    private static Task<CsmFixture> StartAsync(string? file = null) => CsmFixture.StartAsync(Settings, TestHandlers, databaseFile: file);

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
    public void Reset() => FlakyHandler.FailuresLeft = 0;

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
        await using var csm = await StartAsync();
        await PublishAsync(csm, "ordinary");
        await csm.DrainOutboxAsync();
        await using (var c = await csm.Service<Db>().OpenAsync())
        {
            await c.ExecuteAsync("UPDATE outbox_messages SET processed_at = NULL");
        }
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
    public async Task Outbox_operations_are_for_admins_only()
    {
        await using var csm = await StartAsync();
        var agent = await csm.UserAsync("agent");
        await agent.GetAsync("/api/operations/outbox").ExpectAsync(403);
    }
}
