using Microsoft.Data.Sqlite;

namespace Csm.BuildingBlocks.Data;

internal sealed class SqliteDialect : ISqlDialect
{
    public DatabaseProvider Provider => DatabaseProvider.Sqlite;
    public string Page => "LIMIT @Limit OFFSET @Offset";

    public string InsertReturningId(string table, string columns, string values) =>
        $"INSERT INTO {table} ({columns}) VALUES ({values}) RETURNING id";

    public string InsertIfAbsent(string table, string columns, string values, string keyColumns) =>
        $"INSERT INTO {table} ({columns}) VALUES ({values}) ON CONFLICT ({keyColumns}) DO NOTHING";

    public string LastInsertedId => "last_insert_rowid()";
    public string Top(int limit) => "";
    public string Limit(int limit) => $"LIMIT {limit:D}";
    // CAST so numbers compare as text, as JSON_VALUE does on SQL Server.
    public string JsonText(string column, string path) => $"CAST(json_extract({column}, '{path}') AS TEXT)";
    public string JsonRows(string parameter) => $"json_each({parameter})";
    // The largest id the table has had (AUTOINCREMENT never reuses one), then the next @Count: safe while this transaction holds the write lock.
    public string ReserveIds(string table) =>
        $"""
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @Count)
        SELECT MAX(COALESCE((SELECT MAX(id) FROM {table}), 0), COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '{table}'), 0)) + i FROM n ORDER BY i
        """;

    public string JsonRemove(string column, string path) => $"json_remove({column}, '{path}')";
    public string Like(string column, string parameter) => $"{column} LIKE {parameter} ESCAPE '\\'";

    // 19 = SQLITE_CONSTRAINT; 2067 / 1555 are its UNIQUE / PRIMARY KEY extended codes.
    public bool IsUniqueViolation(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 19 } e && e.SqliteExtendedErrorCode is 2067 or 1555;

    public bool IsDeadlock(Exception exception) => false;
}
