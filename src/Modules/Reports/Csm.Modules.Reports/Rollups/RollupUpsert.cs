using System.Data.Common;
using System.Globalization;
using System.Text.Json;

namespace Csm.Modules.Reports.Rollups;

/// <summary>A rollup table's primary key columns, each with its SQL Server type (what OPENJSON reads the column as).</summary>
internal sealed record RollupTable(string Name, (string Column, string SqlServerType)[] Keys);

/// <summary>
/// Adds n and total to many rollup rows with one statement per table and batch: the rows travel as one JSON array parameter
/// (json_each on SQLite, OPENJSON on SQL Server, jsonb_array_elements on PostgreSQL) into an upsert that creates a missing row with its delta and adds the delta
/// to an existing one. One parameter, not seven per row: the engines bind hundreds of named parameters slowly, and SQL Server
/// takes at most 2,100. The engines spell the upsert differently (ON CONFLICT … DO UPDATE, MERGE); that stays here.
/// </summary>
internal static class RollupUpsert
{
    private const int RowsPerStatement = 5000;

    /// <param name="rows">Each row: the key values in <see cref="RollupTable.Keys"/> order (strings, DateOnly or long), then n and total.</param>
    public static async Task AddAsync(DbConnection c, DbTransaction? tx, ISqlDialect dialect, RollupTable table, IEnumerable<object[]> rows)
    {
        var sql = Sql(dialect, table);
        foreach (var batch in rows.Chunk(RowsPerStatement))
        {
            await c.ExecuteAsync(sql, new { Rows = Json(batch) }, tx);
        }
    }

    private static string Sql(ISqlDialect dialect, RollupTable table)
    {
        var keys = table.Keys.Select(k => k.Column).ToList();
        var columns = string.Join(", ", keys) + ", n, total";
        if (dialect.Provider == DatabaseProvider.SqlServer)
        {
            var with = string.Join(", ", table.Keys.Select((k, i) => $"{k.Column} {k.SqlServerType} '$[{i}]'"));
            return $"""
                MERGE {table.Name} WITH (HOLDLOCK) AS t
                USING (SELECT {columns} FROM OPENJSON(@Rows) WITH ({with}, n BIGINT '$[{keys.Count}]', total FLOAT '$[{keys.Count + 1}]')) AS s
                ON {string.Join(" AND ", keys.Select(k => $"t.{k} = s.{k}"))}
                WHEN MATCHED THEN UPDATE SET n = t.n + s.n, total = t.total + s.total
                WHEN NOT MATCHED THEN INSERT ({columns}) VALUES ({string.Join(", ", keys.Append("n").Append("total").Select(k => "s." + k))});
                """;
        }
        if (dialect.Provider == DatabaseProvider.PostgreSql)
        {
            // Rows of one batch that share a key are summed first: ON CONFLICT may touch a row only once per statement.
            var read = string.Join(", ", table.Keys.Select((k, i) => $"CAST(j.value ->> {i} AS {PostgreSqlType(k.SqlServerType)}) AS {k.Column}"));
            return $"""
                INSERT INTO {table.Name} AS t ({columns})
                SELECT {string.Join(", ", keys)}, SUM(n), SUM(total) FROM (
                  SELECT {read}, CAST(j.value ->> {keys.Count} AS bigint) AS n, CAST(j.value ->> {keys.Count + 1} AS double precision) AS total
                  FROM {dialect.JsonRows("@Rows")} j) s
                GROUP BY {string.Join(", ", keys)}
                ON CONFLICT ({string.Join(", ", keys)}) DO UPDATE SET n = t.n + excluded.n, total = t.total + excluded.total
                """;
        }
        var values = string.Join(", ", Enumerable.Range(0, keys.Count + 2).Select(i => $"json_extract(j.value, '$[{i}]')"));
        // "WHERE true" tells SQLite's parser that ON CONFLICT belongs to the INSERT, not to a join of the SELECT.
        return $"""
            INSERT INTO {table.Name} ({columns}) SELECT {values} FROM {dialect.JsonRows("@Rows")} j WHERE true
            ON CONFLICT ({string.Join(", ", keys)}) DO UPDATE SET n = n + excluded.n, total = total + excluded.total
            """;
    }

    private static string PostgreSqlType(string sqlServerType) => sqlServerType.ToUpperInvariant() switch
    {
        "DATE" => "date",
        "BIGINT" or "INT" => "bigint",
        "FLOAT" => "double precision",
        _ => "text",
    };

    private static string Json(object[][] rows) => JsonRows.Text(rows, static (w, row) =>
    {
        w.WriteStartArray();
        foreach (var value in row)
        {
            switch (value)
            {
                case string s: w.WriteStringValue(s); break;
                case DateOnly d: w.WriteStringValue(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
                case long l: w.WriteNumberValue(l); break;
                case double x: w.WriteNumberValue(x); break;
                default: throw new ArgumentException($"A rollup row cannot hold {value.GetType().Name}.", nameof(row));
            }
        }
        w.WriteEndArray();
    });
}
