using Csm.BuildingBlocks.Data;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.Tests.Host;

/// <summary>SQLite has one writer at a time: this process's sessions wait for the write lock in the order they asked.</summary>
public sealed class WriteTurnTests
{
    [SetUp]
    public void SqliteOnly() => CsmFixture.OnlyOn(DatabaseProvider.Sqlite, "server engines lock rows; there is no write turn to wait for.");

    /// <param name="inBackground">Background work that lets requests' writers go first for this long.</param>
    private static async Task WriteAsync(CsmFixture csm, int n, TaskCompletionSource? began = null, TaskCompletionSource? connected = null,
        TimeSpan? inBackground = null)
    {
        await using var scope = csm.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        await session.ConnectionAsync();
        connected?.SetResult();
        var tx = inBackground is { } yieldFor ? await session.BeginInBackgroundAsync(yieldFor) : await session.BeginAsync();
        began?.SetResult();
        await (await session.ConnectionAsync()).ExecuteAsync("INSERT INTO test_turns (n) VALUES (@N)", new { N = n }, tx);
        await session.CommitAsync();
    }

    private static async Task<CsmFixture> StartWithTableAsync()
    {
        var csm = await CsmFixture.StartAsync();
        await using var c = await csm.Service<Db>().OpenAsync();
        await c.ExecuteAsync("CREATE TABLE test_turns (id INTEGER PRIMARY KEY AUTOINCREMENT, n INTEGER NOT NULL)");
        return csm;
    }

    [Test]
    public async Task Writers_wait_while_one_writes_and_then_go_in_the_order_they_came()
    {
        await using var csm = await StartWithTableAsync();
        await using var scope = csm.Services.CreateAsyncScope();
        var first = scope.ServiceProvider.GetRequiredService<DbSession>();
        await first.BeginAsync();

        var writers = new List<Task>();
        for (var n = 1; n <= 8; n++)
        {
            var (k, connected) = (n, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            writers.Add(Task.Run(() => WriteAsync(csm, k, connected: connected)));
            await connected.Task; // connections open in their own time: each writer asks for its turn before the next comes
            await Task.Delay(40);
        }
        await Task.Delay(200);
        Assert.That(writers.Count(w => w.IsCompleted), Is.Zero, "nobody writes while the first writer holds its turn");

        await first.CommitAsync();
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(10));
        await using var c = await csm.Service<Db>().OpenAsync();
        Assert.That(await c.QueryAsync<int>("SELECT n FROM test_turns ORDER BY id"), Is.EqualTo(Enumerable.Range(1, 8)));
    }

    /// <summary>A request's writer that has asked for its turn (its connection open, then a moment at the gate).</summary>
    private static async Task<Task> WaitingWriterAsync(CsmFixture csm, int n)
    {
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = Task.Run(() => WriteAsync(csm, n, connected: connected));
        await connected.Task;
        await Task.Delay(100);
        return writer;
    }

    [Test]
    public async Task Background_work_lets_the_writers_of_requests_waiting_for_their_turn_go_first()
    {
        await using var csm = await StartWithTableAsync();
        await using var scope = csm.Services.CreateAsyncScope();
        var first = scope.ServiceProvider.GetRequiredService<DbSession>();
        await first.BeginAsync();

        var one = await WaitingWriterAsync(csm, 1);
        var background = Task.Run(() => WriteAsync(csm, 99, inBackground: TimeSpan.FromSeconds(20)));
        await Task.Delay(100);
        var two = await WaitingWriterAsync(csm, 2); // came after the background work, and still goes before it

        await first.CommitAsync();
        await Task.WhenAll(one, two, background).WaitAsync(TimeSpan.FromSeconds(10));
        await using var c = await csm.Service<Db>().OpenAsync();
        Assert.That(await c.QueryAsync<int>("SELECT n FROM test_turns ORDER BY id"), Is.EqualTo(new[] { 1, 2, 99 }));
    }

    [Test]
    public async Task Background_work_yields_for_its_time_at_most_then_takes_its_turn_in_the_queue()
    {
        await using var csm = await StartWithTableAsync();
        await using var scope = csm.Services.CreateAsyncScope();
        var first = scope.ServiceProvider.GetRequiredService<DbSession>();
        await first.BeginAsync();

        var one = await WaitingWriterAsync(csm, 1);
        var background = Task.Run(() => WriteAsync(csm, 99, inBackground: TimeSpan.FromMilliseconds(200)));
        await Task.Delay(800); // writer 1 has waited all along: the background work stopped yielding and queued behind it
        var three = await WaitingWriterAsync(csm, 3);

        await first.CommitAsync();
        await Task.WhenAll(one, three, background).WaitAsync(TimeSpan.FromSeconds(10));
        await using var c = await csm.Service<Db>().OpenAsync();
        Assert.That(await c.QueryAsync<int>("SELECT n FROM test_turns ORDER BY id"), Is.EqualTo(new[] { 1, 99, 3 }),
            "background work is never starved by a steady stream of requests");
    }

    [Test]
    public async Task A_writer_that_gives_up_without_committing_lets_the_next_one_in()
    {
        await using var csm = await StartWithTableAsync();
        var began = new TaskCompletionSource();
        await using (var scope = csm.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DbSession>().BeginAsync();
            var next = Task.Run(() => WriteAsync(csm, 2, began));
            await Task.Delay(100);
            Assert.That(began.Task.IsCompleted, Is.False, "the next writer waits");
            // The scope ends without a commit (a request that failed): the transaction rolls back and the turn passes on.
        }
        await began.Task.WaitAsync(TimeSpan.FromSeconds(3));

        await using (var scope = csm.Services.CreateAsyncScope())
        {
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            await session.BeginAsync();
            await (await session.ConnectionAsync()).ExecuteAsync("INSERT INTO test_turns (n) VALUES (3)", transaction: session.Transaction);
            await session.RollbackAsync();
        }
        await WriteAsync(csm, 4).WaitAsync(TimeSpan.FromSeconds(3));
        await using var c = await csm.Service<Db>().OpenAsync();
        Assert.That(await c.QueryAsync<int>("SELECT n FROM test_turns ORDER BY id"), Is.EqualTo(new[] { 2, 4 }), "the rolled-back write left nothing");
    }
}
