using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Messaging;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Csm.Tests.Host;

/// <summary>
/// SQLite's write-ahead log is copied back into the database file beside the writers: a writer's commit no longer
/// checkpoints at SQLite's 1,000 pages (it would hold the write turn meanwhile), and what is committed still reaches the
/// database file shortly after.
/// </summary>
public sealed class SqliteCheckpointsTests
{
    private string _file = "";
    private Db _db = null!;

    [SetUp]
    public async Task OpenAsync()
    {
        CsmFixture.OnlyOn(DatabaseProvider.Sqlite, "the write-ahead log is SQLite's");
        _file = Path.Combine(Path.GetTempPath(), "csm-tests", Guid.NewGuid() + ".db");
        _db = new Db(Options.Create(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = _file }));
        await using var c = await _db.OpenAsync();
        await c.ExecuteAsync("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
        await c.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)"); // the table in the file, the log empty
    }

    [TearDown]
    public void Close() => _db?.Dispose();

    /// <summary>The rows in the database file itself, the log left aside (immutable: SQLite reads the file as it is).</summary>
    private async Task<List<string>> InTheFileAsync()
    {
        await using var file = new SqliteConnection($"Data Source=file:{_file}?immutable=1;Mode=ReadOnly;Pooling=False");
        await file.OpenAsync();
        return (await file.QueryAsync<string>("SELECT v FROM t ORDER BY id")).ToList();
    }

    [Test]
    public async Task A_commit_reaches_the_database_file_by_a_checkpoint_beside_the_writers_and_not_inside_their_commits()
    {
        await using (var c = await _db.OpenAsync())
            Assert.That(await c.ExecuteScalarAsync<long>("PRAGMA wal_autocheckpoint"), Is.EqualTo(10_000),
                "a writer's commit checkpoints only past the safety net (SQLite's own is 1,000 pages)");

        await using (var session = new DbSession(_db, new OutboxSignal(), new OutboundSignal()))
        {
            var tx = await session.BeginAsync();
            await (await session.ConnectionAsync()).ExecuteAsync("INSERT INTO t (v) VALUES ('committed')", transaction: tx);
            await session.CommitAsync();
        }

        // A few pages in the log, far from any writer's threshold: only the checkpoints beside the writers copy them.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var inTheFile = await InTheFileAsync();
        while (inTheFile.Count == 0 && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
            inTheFile = await InTheFileAsync();
        }
        Assert.That(inTheFile, Is.EqualTo(new[] { "committed" }), "the row is in the database file, not only in the log");
    }
}
