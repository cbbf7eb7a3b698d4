using System.Text;
using Npgsql;

namespace Csm.BuildingBlocks.Data;

/// <summary>
/// PostgreSQL, and the PostgreSQL-compatible databases (openGauss, KingbaseES, PolarDB, GaussDB). JSON travels as text
/// and is read as jsonb; booleans are SMALLINT 0/1 as on SQLite, so the modules' SQL compares them the same way.
/// </summary>
internal sealed class PostgreSqlDialect : ISqlDialect
{
    public DatabaseProvider Provider => DatabaseProvider.PostgreSql;
    public string Page => "LIMIT @Limit OFFSET @Offset";

    public string InsertReturningId(string table, string columns, string values) =>
        $"INSERT INTO {table} ({columns}) VALUES ({values}) RETURNING id";

    public string InsertIfAbsent(string table, string columns, string values, string keyColumns) =>
        $"INSERT INTO {table} ({columns}) VALUES ({values}) ON CONFLICT ({keyColumns}) DO NOTHING";

    public string LastInsertedId => "lastval()";
    public string Top(int limit) => "";
    public string Limit(int limit) => $"LIMIT {limit:D}";
    public string ReserveIds(string table) => $"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, @Count) ORDER BY 1";

    public string JsonText(string column, string path) => $"(CAST({column} AS jsonb) #>> '{Path(path)}')";
    public string JsonValue(string column, string path, SqlType type) => type switch
    {
        SqlType.BigInt => $"CAST({JsonText(column, path)} AS bigint)",
        SqlType.Float => $"CAST({JsonText(column, path)} AS double precision)",
        SqlType.Time => $"CAST({JsonText(column, path)} AS timestamptz)",
        SqlType.Date => $"CAST({JsonText(column, path)} AS date)",
        SqlType.Uuid => $"CAST({JsonText(column, path)} AS uuid)",
        _ => JsonText(column, path),
    };

    public string JsonRows(string parameter) => $"jsonb_array_elements(CAST({parameter} AS jsonb))";
    public string JsonRemove(string column, string path) => $"CAST(CAST({column} AS jsonb) #- '{Path(path)}' AS text)";
    public string Like(string column, string parameter) => $"{column} ILIKE {parameter} ESCAPE '\\'";

    public string SkipLocked => "FOR UPDATE SKIP LOCKED";

    // The rows are locked by the CTE that chose them; an outer "WHERE id IN (...) AND {where}" would wait for a row
    // another host just claimed and then drop it on its re-check, leaving a claim with fewer rows than were free.
    public string ClaimFirst(string table, string set, string where, string orderBy, int limit) =>
        $"WITH claimed AS (SELECT id FROM {table} WHERE {where} ORDER BY {orderBy} LIMIT {limit:D} FOR UPDATE SKIP LOCKED) " +
        $"UPDATE {table} SET {set} FROM claimed WHERE {table}.id = claimed.id";

    public bool IsUniqueViolation(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public bool IsDeadlock(Exception exception) => exception is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected };

    /// <summary>A JSON path of the form '$.a.b[0]' as PostgreSQL's text array path '{a,b,0}'.</summary>
    internal static string Path(string path)
    {
        if (!path.StartsWith('$')) throw new ArgumentException($"A JSON path starts with $: '{path}'.", nameof(path));
        var parts = new List<string>();
        var part = new StringBuilder();
        foreach (var c in path.AsSpan(1))
        {
            if (c is '.' or '[' or ']')
            {
                if (part.Length > 0) parts.Add(part.ToString());
                part.Clear();
            }
            else part.Append(c);
        }
        if (part.Length > 0) parts.Add(part.ToString());
        return "{" + string.Join(",", parts) + "}";
    }
}
