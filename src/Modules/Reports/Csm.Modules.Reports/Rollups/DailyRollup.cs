using System.Data.Common;

namespace Csm.Modules.Reports.Rollups;

/// <summary>Writes deltas into rpt_daily: the row is created at zero when absent, then counted up or down.</summary>
internal static class DailyRollup
{
    public static async Task ApplyAsync(DbConnection c, DbTransaction? tx, ISqlDialect dialect, IReadOnlyCollection<DailyDelta> deltas)
    {
        if (deltas.Count == 0) return;
        var rows = deltas.Select(d => new { d.Dimension, d.Measure, d.Day, d.Value, d.Bucket, d.N, d.Total }).ToList();
        await c.ExecuteAsync(dialect.InsertIfAbsent("rpt_daily", "dimension, measure, day, dim_value, bucket, n, total",
            "@Dimension, @Measure, @Day, @Value, @Bucket, 0, 0", "dimension, measure, day, dim_value, bucket"), rows, tx);
        await c.ExecuteAsync("""
            UPDATE rpt_daily SET n = n + @N, total = total + @Total
            WHERE dimension = @Dimension AND measure = @Measure AND day = @Day AND dim_value = @Value AND bucket = @Bucket
            """, rows, tx);
    }

    /// <summary>Recomputes every rollup from the facts in the reporting zone. Returns the rollup rows written.</summary>
    public static async Task<int> RebuildAsync(DbConnection c, DbTransaction tx, ISqlDialect dialect, TimeZoneInfo zone)
    {
        var totals = new DeltaTotals();
        await foreach (var response in c.QueryUnbufferedAsync<ResponseFact>(ResponseFact.Select, transaction: tx))
        {
            foreach (var d in Contribution.Of(response, zone)) totals.Add(d);
        }
        await foreach (var ticket in c.QueryUnbufferedAsync<TicketFact>(TicketFact.Select, transaction: tx))
        {
            foreach (var d in Contribution.Of(ticket, zone)) totals.Add(d);
        }
        var rows = totals.ToList();
        await c.ExecuteAsync("DELETE FROM rpt_daily", transaction: tx);
        await c.ExecuteAsync(
            "INSERT INTO rpt_daily (dimension, measure, day, dim_value, bucket, n, total) VALUES (@Dimension, @Measure, @Day, @Value, @Bucket, @N, @Total)",
            rows.Select(d => new { d.Dimension, d.Measure, d.Day, d.Value, d.Bucket, d.N, d.Total }), tx);
        return rows.Count;
    }
}
