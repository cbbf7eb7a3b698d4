using System.Data.Common;
using Csm.BuildingBlocks.Modules;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Csm.BuildingBlocks.Data;

/// <summary>Opens connections to the configured engine. A singleton; connections are pooled by the providers.</summary>
public sealed class Db : IDisposable
{
    private readonly string _connectionString;

    /// <summary>SQLite's open connections with their compiled statements (null on the server engines, whose drivers pool).</summary>
    private readonly SqliteStatements? _sqlite;

    public Db(IOptions<DatabaseOptions> options)
    {
        var o = options.Value;
        Dialect = o.Provider switch
        {
            DatabaseProvider.SqlServer => new SqlServerDialect(),
            DatabaseProvider.PostgreSql => new PostgreSqlDialect(),
            _ => new SqliteDialect(),
        };
        _connectionString = o.Provider switch
        {
            DatabaseProvider.Sqlite => SqliteConnectionString(o.ConnectionString),
            DatabaseProvider.PostgreSql => PostgreSqlConnectionString(o.ConnectionString),
            _ => o.ConnectionString ?? throw HostCannotStart.Setting("ConnectionStrings:Csm", "a connection string is required for SQL Server."),
        };
        WriteGate = o.Provider == DatabaseProvider.Sqlite ? new SemaphoreSlim(1, 1) : null;
        _sqlite = o.Provider == DatabaseProvider.Sqlite ? new SqliteStatements(_connectionString, SetUpAsync) : null;
        Checkpoints = o.Provider == DatabaseProvider.Sqlite ? new SqliteCheckpoints(_connectionString) : null;
        DapperSetup.Configure();
    }

    public ISqlDialect Dialect { get; }

    /// <summary>SQLite's checkpoints, run beside the writers (null on the server engines).</summary>
    internal SqliteCheckpoints? Checkpoints { get; }

    /// <summary>
    /// SQLite lets one writer in at a time, and its busy handler lets the others poll for the lock with growing sleeps,
    /// so under load a writer can wait far longer than the work ahead of it. Sessions of this process queue here in
    /// arrival order instead (see <see cref="DbSession.BeginAsync"/>). Null on SQL Server, which locks rows.
    /// </summary>
    internal SemaphoreSlim? WriteGate { get; }

    /// <summary>The writers of requests waiting at <see cref="WriteGate"/> or writing, which background work lets go first.</summary>
    private int _requestWriters;

    /// <summary>When a request's writer last let go of its turn (<see cref="Environment.TickCount64"/>).</summary>
    private long _lastRequestWrite;

    internal void RequestWriterArrives() => Interlocked.Increment(ref _requestWriters);

    internal void RequestWriterLeaves()
    {
        Volatile.Write(ref _lastRequestWrite, Environment.TickCount64);
        Interlocked.Decrement(ref _requestWriters);
    }

    /// <summary>
    /// Requests are writing: one is waiting or writing, or one let go within the last few milliseconds (a writer that
    /// takes answers in batches comes back at once with the next).
    /// </summary>
    internal bool RequestsWriting =>
        Volatile.Read(ref _requestWriters) > 0 || Environment.TickCount64 - Volatile.Read(ref _lastRequestWrite) <= 3;

    /// <summary>How long a session waits for its turn to write: the busy timeout every SQLite connection is given.</summary>
    internal static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(10);

    public string Description => Dialect.Provider switch
    {
        DatabaseProvider.Sqlite => "SQLite " + new SqliteConnectionStringBuilder(_connectionString).DataSource,
        DatabaseProvider.PostgreSql => PostgreSqlDescription(_connectionString),
        _ => "SQL Server " + new SqlConnectionStringBuilder(_connectionString).DataSource,
    };

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        if (_sqlite is not null) return await _sqlite.OpenAsync(ct);
        DbConnection connection = Dialect.Provider == DatabaseProvider.SqlServer
            ? new SqlConnection(_connectionString)
            : new PostgreSqlConnection(_connectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    private static async ValueTask SetUpAsync(SqliteConnection sqlite)
    {
        if (SetUp.TryGetValue(sqlite.Handle!, out _)) return;
        await using var pragma = sqlite.CreateCommand();
        pragma.CommandText = SqlitePragmas;
        await pragma.ExecuteNonQueryAsync();
        SetUp.TryAdd(sqlite.Handle!, SetUpMark);
    }

    public void Dispose()
    {
        Checkpoints?.Dispose();
        _sqlite?.Dispose();
    }

    /// <summary>
    /// Each SQLite connection's settings, given once per connection of the pool (they last as long as it does): the busy
    /// timeout, NORMAL sync (durable at each checkpoint in WAL mode), foreign keys, and checkpoints left to
    /// <see cref="SqliteCheckpoints"/> (a writer checkpoints only past its safety net). (A memory map of the file was
    /// measured slower under write load: each connection's map is torn down and faulted in again as the file grows.)
    /// </summary>
    private static readonly string SqlitePragmas =
        $"PRAGMA busy_timeout = {BusyTimeout.TotalMilliseconds:F0}; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; " +
        $"PRAGMA wal_autocheckpoint = {SqliteCheckpoints.AutoCheckpointPages};";

    /// <summary>The pooled SQLite connections already given <see cref="SqlitePragmas"/>, by their native handle.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> SetUp = new();
    private static readonly object SetUpMark = new();

    private static string SqliteConnectionString(string? configured)
    {
        var builder = configured is not null && configured.Contains('=')
            ? new SqliteConnectionStringBuilder(configured)
            : new SqliteConnectionStringBuilder { DataSource = configured ?? Path.Combine("data", "csm.db") };
        builder.Pooling = true;
        builder.DefaultTimeout = 30;
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
            using var connection = new SqliteConnection(builder.ConnectionString);
            connection.Open();
            using var wal = connection.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            wal.ExecuteNonQuery();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException)
        {
            throw HostCannotStart.Setting("ConnectionStrings:Csm",
                $"the SQLite database '{Path.GetFullPath(builder.DataSource)}' (by default csm.db in DataFolder) cannot be created or opened: {e.Message}");
        }
        return builder.ConnectionString;
    }

    private static string PostgreSqlConnectionString(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
            throw HostCannotStart.Setting("ConnectionStrings:Csm", "a connection string is required for PostgreSQL (Host=...;Database=...;Username=...;Password=...).");
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(configured);
            var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = configured }.Keys.Cast<string>()
                .Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()).ToHashSet();
            // Unless the operator says otherwise: a statement run again on a connection is prepared there once (parsed
            // and planned once, not per call), and a connection back from the pool is not reset by seven statements
            // (Csm keeps no session state: no SET, temporary table, LISTEN or session-level lock outlives a transaction).
            // Under the public endpoints' load the resets and the planning were most of PostgreSQL's CPU.
            if (!given.Contains("maxautoprepare")) builder.MaxAutoPrepare = 200;
            if (!given.Contains("autoprepareminusages")) builder.AutoPrepareMinUsages = 2;
            if (!given.Contains("noresetonclose")) builder.NoResetOnClose = true;
            return builder.ConnectionString;
        }
        catch (ArgumentException e)
        {
            throw HostCannotStart.Setting("ConnectionStrings:Csm", $"the PostgreSQL connection string cannot be read: {e.Message}");
        }
    }

    private static string PostgreSqlDescription(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return $"PostgreSQL {b.Host}:{b.Port}/{b.Database}";
    }
}
