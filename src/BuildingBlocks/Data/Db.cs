using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Csm.BuildingBlocks.Data;

/// <summary>Opens connections to the configured engine. A singleton; connections are pooled by the providers.</summary>
public sealed class Db
{
    private readonly string _connectionString;

    public Db(IOptions<DatabaseOptions> options)
    {
        var o = options.Value;
        Dialect = o.Provider == DatabaseProvider.SqlServer ? new SqlServerDialect() : new SqliteDialect();
        _connectionString = o.Provider == DatabaseProvider.SqlServer
            ? o.ConnectionString ?? throw new InvalidOperationException("ConnectionStrings:Csm is required for SQL Server.")
            : SqliteConnectionString(o.ConnectionString);
        DapperSetup.Configure();
    }

    public ISqlDialect Dialect { get; }

    public string Description => Dialect.Provider == DatabaseProvider.Sqlite
        ? "SQLite " + new SqliteConnectionStringBuilder(_connectionString).DataSource
        : "SQL Server " + new SqlConnectionStringBuilder(_connectionString).DataSource;

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        DbConnection connection = Dialect.Provider == DatabaseProvider.SqlServer
            ? new SqlConnection(_connectionString)
            : new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        if (connection is SqliteConnection sqlite)
        {
            await using var pragma = sqlite.CreateCommand();
            pragma.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
            await pragma.ExecuteNonQueryAsync(ct);
        }
        return connection;
    }

    private static string SqliteConnectionString(string? configured)
    {
        var builder = configured is not null && configured.Contains('=')
            ? new SqliteConnectionStringBuilder(configured)
            : new SqliteConnectionStringBuilder { DataSource = configured ?? Path.Combine("data", "csm.db") };
        builder.Pooling = true;
        builder.DefaultTimeout = 30;
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        using (var connection = new SqliteConnection(builder.ConnectionString))
        {
            connection.Open();
            using var wal = connection.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            wal.ExecuteNonQuery();
        }
        return builder.ConnectionString;
    }
}
