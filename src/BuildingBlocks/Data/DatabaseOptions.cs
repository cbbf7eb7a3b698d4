namespace Csm.BuildingBlocks.Data;

public enum DatabaseProvider { Sqlite, SqlServer, PostgreSql }

public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>For SQLite a file path or full connection string; defaults to ./data/csm.db.</summary>
    public string? ConnectionString { get; set; }
}

public static class DatabaseSettings
{
    /// <summary>The engine the settings name (Database:Provider), SQLite when none is named.</summary>
    public static DatabaseProvider DatabaseProvider(this Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        Microsoft.Extensions.Configuration.ConfigurationBinder.GetValue(configuration, "Database:Provider", Data.DatabaseProvider.Sqlite);

    /// <summary>
    /// A server engine, which several hosts may share: what they must agree on (schedule, key ring, rate counts) then
    /// lives in the database instead of in each process.
    /// </summary>
    public static bool SharedByHosts(this Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        configuration.DatabaseProvider() != Data.DatabaseProvider.Sqlite;
}
