using Microsoft.Data.SqlClient;

namespace Csm.BuildingBlocks.Data;

internal sealed class SqlServerDialect : ISqlDialect
{
    public DatabaseProvider Provider => DatabaseProvider.SqlServer;
    public string Page => "OFFSET @Offset ROWS FETCH NEXT @Limit ROWS ONLY";

    public string InsertReturningId(string table, string columns, string values) =>
        $"INSERT INTO {table} ({columns}) OUTPUT INSERTED.id VALUES ({values})";

    public string InsertReturning(string table, string columns, string select, string returned) =>
        $"INSERT INTO {table} ({columns}) OUTPUT {string.Join(", ", returned.Split(',').Select(c => "INSERTED." + c.Trim()))} {select}";

    public string InsertIfAbsent(string table, string columns, string values, string keyColumns)
    {
        var keys = keyColumns.Split(',', StringSplitOptions.TrimEntries);
        var vals = values.Split(',', StringSplitOptions.TrimEntries);
        var cols = columns.Split(',', StringSplitOptions.TrimEntries);
        var match = string.Join(" AND ", keys.Select(k => $"t.{k} = {vals[Array.IndexOf(cols, k)]}"));
        return $"INSERT INTO {table} ({columns}) SELECT {values} WHERE NOT EXISTS (SELECT 1 FROM {table} t WITH (UPDLOCK, HOLDLOCK) WHERE {match})";
    }

    public string LastInsertedId => "SCOPE_IDENTITY()";
    public string Top(int limit) => $"TOP ({limit:D})";
    public string Limit(int limit) => "";
    public string JsonText(string column, string path) => $"JSON_VALUE({column}, '{path}')";
    public string JsonRows(string parameter) => $"OPENJSON({parameter})";

    // JSON_VALUE returns at most 4,000 characters; OPENJSON's value column is nvarchar(max).
    public string JsonValue(string column, string path, SqlType type) => type == SqlType.LongText && path.StartsWith("$.", StringComparison.Ordinal)
        ? $"(SELECT [value] FROM OPENJSON({column}) WHERE [key] = '{path[2..]}')"
        : JsonText(column, path);

    // The table stays locked (TABLOCKX, HOLDLOCK) until the transaction ends, so no other writer takes an id in between;
    // explicit ids above the identity's current value move it on.
    public string ReserveIds(string table) =>
        $"""
        DECLARE @Base BIGINT = (SELECT COALESCE(MAX(id), 0) FROM {table} WITH (TABLOCKX, HOLDLOCK));
        IF IDENT_CURRENT('{table}') > @Base SET @Base = CAST(IDENT_CURRENT('{table}') AS BIGINT);
        WITH n AS (SELECT TOP (@Count) ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) AS i FROM sys.all_columns a CROSS JOIN sys.all_columns b)
        SELECT @Base + i FROM n ORDER BY i;
        """;

    public string InsertWithIds(string table, string columns, string select) =>
        $"SET IDENTITY_INSERT {table} ON; INSERT INTO {table} ({columns}) {select}; SET IDENTITY_INSERT {table} OFF;";
    public string JsonRemove(string column, string path) => $"JSON_MODIFY({column}, '{path}', NULL)";
    public string Like(string column, string parameter) => $"{column} LIKE {parameter} ESCAPE '\\'";

    public string Increment(string table, string keyColumns, string keyValues, string counter)
    {
        var keys = keyColumns.Split(',', StringSplitOptions.TrimEntries);
        return $"MERGE {table} WITH (HOLDLOCK) AS t USING (SELECT {keyValues}) AS s ({keyColumns}) ON {string.Join(" AND ", keys.Select(k => $"t.{k} = s.{k}"))} " +
            $"WHEN MATCHED THEN UPDATE SET {counter} = t.{counter} + 1 WHEN NOT MATCHED THEN INSERT ({keyColumns}, {counter}) VALUES ({string.Join(", ", keys.Select(k => "s." + k))}, 1) " +
            $"OUTPUT inserted.{counter};";
    }

    public string Claimable(string table) => $"{table} WITH (UPDLOCK, READPAST, ROWLOCK)";

    public bool IsUniqueViolation(Exception exception) =>
        exception is SqlException e && (e.Number == 2627 || e.Number == 2601);

    public bool IsDeadlock(Exception exception) => exception is SqlException { Number: 1205 };
}
