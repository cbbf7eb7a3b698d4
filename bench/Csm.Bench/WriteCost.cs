using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Csm.Bench;

/// <summary>
/// What a public request writes, and how fast this machine's SQLite can write rows at all: the floor under the public
/// endpoints' figures. The rows a request adds (its own and those its events add in every module once delivered) are
/// counted table by table; the floor is the provider's fastest path (one prepared insert reused, a thousand rows per
/// transaction, into a table with two indexes, on the host's pragmas) with nothing else running in the process. Rows added
/// divided into the floor is the most requests a second the single writer could take if it did nothing but insert.
/// </summary>
internal static class WriteCost
{
    /// <summary>Every table's row count (on PostgreSQL the public schema's).</summary>
    public static async Task<Dictionary<string, long>> RowsAsync(HostProcess host)
    {
        if (host.Postgres is { } postgres)
        {
            await using var pg = new Npgsql.NpgsqlConnection(postgres);
            var names = await pg.QueryAsync<string>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'");
            return await CountEachAsync(pg, names);
        }
        await using var c = new SqliteConnection($"Data Source={host.DatabaseFile};Default Timeout=60");
        return await CountEachAsync(c, await c.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"));
    }

    private static async Task<Dictionary<string, long>> CountEachAsync(System.Data.Common.DbConnection c, IEnumerable<string> tables)
    {
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables) rows[table] = await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM \"{table}\"");
        return rows;
    }

    /// <summary>The rows added between two counts, per request stored, the tables that took most first.</summary>
    public static (double PerRequest, string Line) Added(string what, Dictionary<string, long> before, Dictionary<string, long> after, long requests)
    {
        var added = after.Select(t => (Table: t.Key, Rows: t.Value - before.GetValueOrDefault(t.Key))).Where(t => t.Rows > 0).OrderByDescending(t => t.Rows).ToList();
        var perRequest = requests == 0 ? 0 : added.Sum(t => t.Rows) / (double)requests;
        var tables = string.Join(", ", added.Select(t => $"{t.Table} {t.Rows / (double)Math.Max(requests, 1):N1}"));
        return (perRequest, $"  rows added per {what}, its events delivered: {perRequest:N1} in {added.Count} tables ({tables}); updates not counted");
    }

    /// <summary>
    /// Rows a second into a fresh SQLite file of its own in <paramref name="folder"/>: the provider's fastest insert path,
    /// measured in the bench's own process after the host's load (the host idle).
    /// </summary>
    public static async Task<double> SqliteFloorAsync(string folder, int rows = 200_000)
    {
        var file = Path.Combine(folder, "floor.db");
        foreach (var part in new[] { file, file + "-wal", file + "-shm" }) File.Delete(part);
        await using (var c = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await c.OpenAsync();
            await c.ExecuteAsync("""
                PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
                CREATE TABLE floor_rows (id INTEGER PRIMARY KEY, owner_id INTEGER NOT NULL, kind TEXT NOT NULL, body TEXT, at TEXT NOT NULL);
                CREATE INDEX ix_floor_rows_owner ON floor_rows (owner_id);
                CREATE INDEX ix_floor_rows_kind_at ON floor_rows (kind, at);
                """);
            await using var insert = c.CreateCommand();
            insert.CommandText = "INSERT INTO floor_rows (owner_id, kind, body, at) VALUES ($owner, $kind, $body, $at)";
            var owner = insert.Parameters.Add("$owner", SqliteType.Integer);
            var kind = insert.Parameters.Add("$kind", SqliteType.Text);
            var body = insert.Parameters.Add("$body", SqliteType.Text);
            var at = insert.Parameters.Add("$at", SqliteType.Text);
            var clock = Stopwatch.StartNew();
            for (var done = 0; done < rows;)
            {
                await using var tx = await c.BeginTransactionAsync();
                insert.Transaction = (SqliteTransaction)tx;
                for (var i = 0; i < 1_000; i++, done++)
                {
                    owner.Value = done % 10_007;
                    kind.Value = (done % 3) switch { 0 => "created", 1 => "answered", _ => "delivered" };
                    body.Value = $"{{\"row\":{done},\"text\":\"设备无法启动 / machine will not start\"}}";
                    at.Value = DateTimeOffset.UnixEpoch.AddSeconds(done).ToString("O");
                    await insert.ExecuteNonQueryAsync();
                }
                await tx.CommitAsync();
            }
            clock.Stop();
            return rows / clock.Elapsed.TotalSeconds;
        }
    }
}
