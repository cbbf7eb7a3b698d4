using System.Data.Common;
using System.Reflection;
using System.Text.RegularExpressions;
using Csm.BuildingBlocks.Modules;
using Dapper;
using Microsoft.Extensions.Logging;

namespace Csm.BuildingBlocks.Data;

/// <summary>A migration script: embedded resource "Migrations/{Sqlite|SqlServer|PostgreSql}/NNNN_name.sql" of a module assembly.</summary>
public sealed record Migration(string Module, int Version, string Name, string Sql);

/// <summary>
/// Applies each module's ordered scripts once, recording them in schema_migrations. All pending scripts
/// run in one transaction under an exclusive lock, so two hosts starting at once apply each script once.
/// </summary>
public sealed partial class MigrationRunner(Db db, ILogger<MigrationRunner> logger)
{
    /// <param name="only">Applies only the scripts it accepts: a test stops before a script to seed the rows that script moves.</param>
    public async Task<int> RunAsync(IEnumerable<(string Module, Assembly Assembly)> sources, CancellationToken ct = default, Func<Migration, bool>? only = null)
    {
        var migrations = sources.SelectMany(s => Discover(s.Module, s.Assembly, db.Dialect.Provider)).Where(m => only?.Invoke(m) ?? true).ToList();
        await using var connection = await OpenAsync(ct);
        var provider = db.Dialect.Provider;
        if (provider != DatabaseProvider.PostgreSql) await EnsureTableAsync(connection);
        await using var tx = await connection.BeginTransactionAsync(ct);
        switch (provider)
        {
            case DatabaseProvider.SqlServer:
                await connection.ExecuteAsync(
                    "EXEC sp_getapplock @Resource = 'csm_migrations', @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 120000",
                    transaction: tx);
                break;
            case DatabaseProvider.PostgreSql:
                // A lock of the transaction, released at its end: a second host waits here, then finds the work done.
                // PostgreSQL's DDL is transactional, so the table is created under the lock too.
                await connection.ExecuteAsync("SET LOCAL lock_timeout = '120s'; SELECT pg_advisory_xact_lock(7265001)", transaction: tx);
                await EnsureTableAsync(connection, tx);
                break;
            default:
                // Take SQLite's write lock before reading, so a second host waits here instead of racing.
                await connection.ExecuteAsync("UPDATE schema_migrations SET module = module WHERE 1 = 0", transaction: tx);
                break;
        }
        var applied = (await connection.QueryAsync<(string Module, long Version)>(
            "SELECT module, version FROM schema_migrations", transaction: tx)).ToHashSet();
        RefuseNewer(applied, migrations);
        var pending = migrations.Where(m => !applied.Contains((m.Module, m.Version))).ToList();
        foreach (var m in pending)
        {
            foreach (var batch in Batches(m.Sql))
            {
                await connection.ExecuteAsync(batch, transaction: tx);
            }
            await connection.ExecuteAsync(
                "INSERT INTO schema_migrations (module, version, name, applied_at) VALUES (@Module, @Version, @Name, @AppliedAt)",
                new { m.Module, m.Version, m.Name, AppliedAt = DateTimeOffset.UtcNow }, tx);
            logger.LogInformation("Applied migration {Module} {Version} {Name}", m.Module, m.Version, m.Name);
        }
        await tx.CommitAsync(ct);
        return pending.Count;
    }

    /// <summary>
    /// A database some newer Csm migrated holds scripts this one does not know: running on it would read and write a
    /// schema this code was not written for, so the host stops and says which scripts and what to do.
    /// </summary>
    private static void RefuseNewer(HashSet<(string Module, long Version)> applied, List<Migration> known)
    {
        var mine = known.Select(m => (m.Module, (long)m.Version)).ToHashSet();
        var unknown = applied.Where(a => !mine.Contains(a)).OrderBy(a => a.Module).ThenBy(a => a.Version).ToList();
        if (unknown.Count == 0) return;
        throw new HostCannotStart(
            $"The database was migrated by a newer Csm (migrations this version does not know: {string.Join(", ", unknown.Select(u => $"{u.Module} {u.Version:D4}"))}). "
            + "Run the newer Csm, or restore a backup taken before the upgrade.");
    }

    public static IEnumerable<Migration> Discover(string module, Assembly assembly, DatabaseProvider provider)
    {
        var folder = $".Migrations.{provider}.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.Contains(folder, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[(n.IndexOf(folder, StringComparison.Ordinal) + folder.Length)..^4];
                var match = ScriptName().Match(file);
                if (!match.Success) throw new InvalidOperationException($"Migration '{n}' must be named NNNN_name.sql.");
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return new Migration(module, int.Parse(match.Groups[1].Value), match.Groups[2].Value, reader.ReadToEnd());
            })
            .OrderBy(m => m.Version);
    }

    /// <summary>The first connection: a server that cannot be reached or refuses the credentials stops the host with the setting named.</summary>
    private async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        try
        {
            return await db.OpenAsync(ct);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or Microsoft.Data.SqlClient.SqlException)
        {
            throw HostCannotStart.Setting("ConnectionStrings:Csm", $"{db.Description} cannot be opened: {(e.InnerException ?? e).Message.TrimEnd('.')}.");
        }
    }

    private async Task EnsureTableAsync(DbConnection connection, DbTransaction? tx = null)
    {
        var sql = db.Dialect.Provider switch
        {
            DatabaseProvider.SqlServer => """
              IF OBJECT_ID('schema_migrations') IS NULL
              BEGIN TRY
                CREATE TABLE schema_migrations (module NVARCHAR(64) NOT NULL, version INT NOT NULL, name NVARCHAR(200) NOT NULL,
                  applied_at DATETIMEOFFSET NOT NULL, CONSTRAINT pk_schema_migrations PRIMARY KEY (module, version));
              END TRY BEGIN CATCH IF ERROR_NUMBER() <> 2714 THROW; END CATCH
              """,
            DatabaseProvider.PostgreSql => """
              CREATE TABLE IF NOT EXISTS schema_migrations (module TEXT NOT NULL, version BIGINT NOT NULL, name TEXT NOT NULL,
                applied_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (module, version));
              """,
            _ => """
              CREATE TABLE IF NOT EXISTS schema_migrations (module TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL,
                applied_at TEXT NOT NULL, PRIMARY KEY (module, version));
              """,
        };
        await connection.ExecuteAsync(sql, transaction: tx);
    }

    // SQL Server scripts may separate batches with GO lines.
    private static IEnumerable<string> Batches(string sql) => GoLine().Split(sql).Where(b => !string.IsNullOrWhiteSpace(b));

    [GeneratedRegex(@"^(\d{4})_(.+)$")]
    private static partial Regex ScriptName();

    [GeneratedRegex(@"^\s*GO\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex GoLine();
}
