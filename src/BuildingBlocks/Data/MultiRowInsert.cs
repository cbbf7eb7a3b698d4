using System.Data.Common;
using System.Text;
using Dapper;

namespace Csm.BuildingBlocks.Data;

/// <summary>
/// Inserts many rows with a few multi-row INSERTs instead of one statement per row (thousands of rows: the per-statement
/// cost dominates). Chunks stay within both engines' limits: 2,100 parameters on SQL Server (32,766 on SQLite) and
/// 1,000 rows per VALUES list; values always travel as parameters.
/// </summary>
public static class MultiRowInsert
{
    public const int MaxRowsPerStatement = 500;
    private const int MaxParametersPerStatement = 2000;

    /// <param name="rows">One value per column, in the order of <paramref name="columns"/>.</param>
    public static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string table, IReadOnlyList<string> columns,
        IEnumerable<object?[]> rows, CancellationToken ct = default)
    {
        var perStatement = Math.Clamp(MaxParametersPerStatement / columns.Count, 1, MaxRowsPerStatement);
        var head = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ";
        foreach (var chunk in rows.Chunk(perStatement))
        {
            var parameters = new DynamicParameters();
            var sql = new StringBuilder(head, head.Length + chunk.Length * columns.Count * 8);
            for (var r = 0; r < chunk.Length; r++)
            {
                if (chunk[r].Length != columns.Count) throw new ArgumentException($"Row {r} has {chunk[r].Length} values for {columns.Count} columns.", nameof(rows));
                sql.Append(r == 0 ? "(" : ", (");
                for (var k = 0; k < columns.Count; k++)
                {
                    var name = $"v{r}_{k}";
                    sql.Append(k == 0 ? "@" : ", @").Append(name);
                    parameters.Add(name, chunk[r][k]);
                }
                sql.Append(')');
            }
            await connection.ExecuteAsync(new CommandDefinition(sql.ToString(), parameters, transaction, cancellationToken: ct));
        }
    }
}
