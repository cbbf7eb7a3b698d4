using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Csm.Testing;

/// <summary>
/// Databases on the PostgreSQL server CSM_TEST_POSTGRES names: one per fixture, copied from a template that the
/// migrations ran on once per test process (CREATE DATABASE ... TEMPLATE copies files, far faster than migrating).
/// </summary>
public static class PostgresDatabase
{
    private static string Server => Environment.GetEnvironmentVariable("CSM_TEST_POSTGRES")
        ?? throw new InvalidOperationException("CSM_TEST_POSTGRES is not set.");

    public static string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(Server) { Database = database }.ConnectionString;

    /// <summary>A new empty database on the server (no migrations run): its name.</summary>
    public static async Task<string> CreateEmptyAsync(string prefix = "csm_tpl_")
    {
        var name = prefix + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync($"CREATE DATABASE {name}");
        return name;
    }

    /// <summary>
    /// A fresh database from the template; or, for a name a test passed to restart on (a path or an earlier fixture's
    /// database), that database, created from the template the first time.
    /// </summary>
    internal static async Task<string> CreateAsync(string? reuse, Func<Task<string>> template)
    {
        var name = reuse is null ? "csm_t_" + Guid.NewGuid().ToString("N")[..12]
            : reuse.StartsWith("csm_", StringComparison.Ordinal) ? reuse
            : "csm_f_" + Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(reuse)))[..16];
        await using var c = new NpgsqlConnection(Server);
        await c.OpenAsync();
        await using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @n", c))
        {
            exists.Parameters.AddWithValue("n", name);
            if (await exists.ExecuteScalarAsync() is not null) return name;
        }
        var from = await template();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE {from}", c);
        await create.ExecuteNonQueryAsync();
        return name;
    }

    internal static void Drop(string name)
    {
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString(name)));
        try
        {
            using var c = new NpgsqlConnection(Server);
            c.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", c);
            drop.ExecuteNonQuery();
        }
        catch (NpgsqlException)
        {
            // The throwaway server goes with its folder at the end of the run.
        }
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var c = new NpgsqlConnection(Server);
        await c.OpenAsync();
        await using var command = new NpgsqlCommand(sql, c);
        await command.ExecuteNonQueryAsync();
    }
}
