using Csm.BuildingBlocks.Data;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Csm.Tests.Host;

/// <summary>
/// SQLite connections go back to Csm's own pool with their compiled statements at the end of a session; the next session
/// must find them as if freshly opened: no transaction, no reader, no statement of the last one in its way.
/// </summary>
public sealed class SqliteStatementsTests
{
    private string _file = "";
    private Db _db = null!;

    [SetUp]
    public async Task OpenAsync()
    {
        CsmFixture.OnlyOn(DatabaseProvider.Sqlite, "the pool of kept connections is SQLite's");
        _file = Path.Combine(Path.GetTempPath(), "csm-tests", Guid.NewGuid() + ".db");
        _db = new Db(Options.Create(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = _file }));
        await using var c = await _db.OpenAsync();
        await c.ExecuteAsync("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)");
    }

    [TearDown]
    public void Close() => _db?.Dispose();

    private async Task<List<string>> ValuesAsync()
    {
        await using var c = await _db.OpenAsync();
        return (await c.QueryAsync<string>("SELECT v FROM t ORDER BY id")).ToList();
    }

    [Test]
    public async Task A_connection_given_back_inside_its_transaction_loses_that_work_and_the_next_session_writes_as_usual()
    {
        await using (var c = await _db.OpenAsync())
        {
            var abandoned = await c.BeginTransactionAsync();
            await c.ExecuteAsync("INSERT INTO t (v) VALUES ('half-written')", transaction: abandoned);
            // Neither committed nor rolled back: the session ends with the transaction open.
        }
        await using (var c = await _db.OpenAsync())
            await c.ExecuteAsync("BEGIN; INSERT INTO t (v) VALUES ('begun by hand')"); // open with no transaction object at all
        for (var i = 0; i < 3; i++)
        {
            await using var c = await _db.OpenAsync();
            await using var tx = await c.BeginTransactionAsync();
            await c.ExecuteAsync("INSERT INTO t (v) VALUES (@V)", new { V = $"kept {i}" }, tx);
            await tx.CommitAsync();
        }
        Assert.That(await ValuesAsync(), Is.EqualTo(new[] { "kept 0", "kept 1", "kept 2" }));
    }

    [Test]
    public async Task Parameters_named_without_their_prefix_bind_to_the_names_the_sql_writes_with_at_dollar_or_colon()
    {
        // Dapper names them A, B, C; the pool names them as the SQL writes them where that is @, and leaves $ and : to the driver.
        for (var i = 0; i < 2; i++) // the second time on the kept statements
        {
            await using var c = await _db.OpenAsync();
            Assert.That(await c.ExecuteScalarAsync<long>("SELECT @A * 100 + $B * 10 + :C", new { A = 1 + i, B = 2, C = 3 }), Is.EqualTo(123 + 100 * i));
            Assert.That(await c.ExecuteScalarAsync<long>("SELECT $A * 100 + @AB * 10", new { A = 4, AB = 5 }), Is.EqualTo(450),
                "A is written $A; @AB only starts like @A");
            await c.ExecuteAsync("INSERT INTO t (v) VALUES (@V)", new[] { new { V = $"one {i}" }, new { V = $"two {i}" } });
        }
        Assert.That(await ValuesAsync(), Is.EqualTo(new[] { "one 0", "two 0", "one 1", "two 1" }));
    }

    [Test]
    public async Task A_reader_left_open_does_not_keep_the_next_session_on_an_old_snapshot()
    {
        await using (var c = await _db.OpenAsync()) await c.ExecuteAsync("INSERT INTO t (v) VALUES ('a'), ('b')");
        await using (var c = await _db.OpenAsync())
        {
            var reader = await c.ExecuteReaderAsync("SELECT v FROM t ORDER BY id");
            Assert.That(reader.Read() && reader.GetString(0) == "a", "the reader read its first row");
            // The session ends with the reader open, mid-way through its rows.
        }
        // Another process writes meanwhile.
        await using (var other = new SqliteConnection($"Data Source={_file}"))
        {
            await other.OpenAsync();
            await other.ExecuteAsync("INSERT INTO t (v) VALUES ('written elsewhere')");
        }
        Assert.That(await ValuesAsync(), Is.EqualTo(new[] { "a", "b", "written elsewhere" }));
    }

    [Test]
    public async Task A_kept_statement_answers_for_each_use_with_that_uses_values_and_runs_again_after_it_failed()
    {
        await using (var c = await _db.OpenAsync())
            await c.ExecuteAsync("INSERT INTO t (id, v) VALUES (@Id, @V)", new[] { new { Id = 1, V = "one" }, new { Id = 2, V = "two" }, new { Id = 3, V = "three" } });
        for (var round = 0; round < 2; round++)
        {
            await using var c = await _db.OpenAsync();
            Assert.That(await c.QuerySingleAsync<string>("SELECT v FROM t WHERE id = @Id", new { Id = 2 }), Is.EqualTo("two"));
            Assert.That(await c.QuerySingleAsync<string>("SELECT v FROM t WHERE id = @Id", new { Id = 3 }), Is.EqualTo("three"));
            // A list becomes as many parameters as it has items: each length is its own statement.
            Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM t WHERE id IN @Ids", new { Ids = new[] { 1, 3 } }), Is.EqualTo(2));
            Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM t WHERE id IN @Ids", new { Ids = new[] { 2 } }), Is.EqualTo(1));
            Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM t WHERE id IN @Ids", new { Ids = Array.Empty<int>() }), Is.EqualTo(0));
        }
        await using (var c = await _db.OpenAsync())
        {
            const string insert = "INSERT INTO t (v) VALUES (@V)";
            Assert.ThrowsAsync<SqliteException>(() => c.ExecuteAsync(insert, new { V = "two" }), "v is unique");
            await c.ExecuteAsync(insert, new { V = "four" });
        }
        Assert.That(await ValuesAsync(), Is.EqualTo(new[] { "one", "two", "three", "four" }));
    }

    [Test]
    public async Task A_command_made_while_a_transaction_is_open_runs_in_it_and_after_the_commit_outside_it()
    {
        await using var c = await _db.OpenAsync();
        await using (var tx = await c.BeginTransactionAsync())
        {
            await c.ExecuteAsync("INSERT INTO t (v) VALUES ('inside')", transaction: tx);
            // Not given the transaction, as SqliteConnection's own commands are not: they run in the open one.
            Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM t"), Is.EqualTo(1));
            await tx.CommitAsync();
        }
        await c.ExecuteAsync("INSERT INTO t (v) VALUES ('after')");
        Assert.That(await ValuesAsync(), Is.EqualTo(new[] { "inside", "after" }));
    }

    [Test]
    public async Task A_connection_given_back_is_closed_to_its_holder_and_a_command_cannot_move_to_another()
    {
        var first = await _db.OpenAsync();
        await first.DisposeAsync();
        Assert.That(first.State, Is.EqualTo(System.Data.ConnectionState.Closed));
        await using var second = await _db.OpenAsync();
        Assert.That(second.State, Is.EqualTo(System.Data.ConnectionState.Open));
        await using var command = second.CreateCommand();
        Assert.Throws<InvalidOperationException>(() => command.Connection = first);
    }
}
