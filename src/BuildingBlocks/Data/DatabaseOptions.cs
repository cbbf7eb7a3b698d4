namespace Csm.BuildingBlocks.Data;

public enum DatabaseProvider { Sqlite, SqlServer, PostgreSql }

public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>For SQLite a file path or full connection string; defaults to ./data/csm.db.</summary>
    public string? ConnectionString { get; set; }
}
