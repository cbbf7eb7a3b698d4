using System.Data.Common;
using System.Text;

namespace Csm.Modules.Reports.Rollups;

/// <summary>
/// Adds n and total to many rollup rows with one statement per table and batch: the rows travel as parameters of a multi-row
/// upsert that creates a missing row with the delta and adds the delta to an existing one. The two engines spell that
/// differently (SQLite's ON CONFLICT … DO UPDATE, SQL Server's MERGE), and that difference is kept here.
/// </summary>
internal static class RollupUpsert
{
    /// <summary>SQL Server takes at most 2,100 parameters a command; a batch stays under that.</summary>
    private const int MaxParameters = 2000;

    /// <param name="keys">The table's primary key columns, in the order each row gives them, followed in every row by n and total.</param>
    public static async Task AddAsync(DbConnection c, DbTransaction? tx, ISqlDialect dialect, string table, string[] keys, IEnumerable<object[]> rows)
    {
        var columns = keys.Length + 2;
        foreach (var batch in rows.Chunk(MaxParameters / columns))
        {
            var args = new DynamicParameters();
            var values = new StringBuilder();
            for (var r = 0; r < batch.Length; r++)
            {
                values.Append(r == 0 ? "(" : ", (");
                for (var k = 0; k < columns; k++)
                {
                    var name = $"p{r}_{k}";
                    args.Add(name, batch[r][k]);
                    values.Append(k == 0 ? "@" : ", @").Append(name);
                }
                values.Append(')');
            }
            await c.ExecuteAsync(Sql(dialect, table, keys, values.ToString()), args, tx);
        }
    }

    private static string Sql(ISqlDialect dialect, string table, string[] keys, string values)
    {
        var columns = string.Join(", ", keys) + ", n, total";
        if (dialect.Provider == DatabaseProvider.SqlServer)
        {
            return $"""
                MERGE {table} WITH (HOLDLOCK) AS t
                USING (VALUES {values}) AS s ({columns})
                ON {string.Join(" AND ", keys.Select(k => $"t.{k} = s.{k}"))}
                WHEN MATCHED THEN UPDATE SET n = t.n + s.n, total = t.total + s.total
                WHEN NOT MATCHED THEN INSERT ({columns}) VALUES ({string.Join(", ", keys.Append("n").Append("total").Select(k => "s." + k))});
                """;
        }
        return $"""
            INSERT INTO {table} ({columns}) VALUES {values}
            ON CONFLICT ({string.Join(", ", keys)}) DO UPDATE SET n = n + excluded.n, total = total + excluded.total
            """;
    }
}
