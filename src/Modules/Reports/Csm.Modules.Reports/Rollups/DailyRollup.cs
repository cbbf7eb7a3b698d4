using System.Data.Common;

namespace Csm.Modules.Reports.Rollups;

/// <summary>
/// Writes deltas into rpt_daily and into the week and month tiles of rpt_period (see <see cref="Tiles"/>): each row is
/// created with its delta when absent, otherwise counted up or down, so every grain always holds the same sums.
/// </summary>
internal static class DailyRollup
{
    private static readonly RollupTable Daily = new("rpt_daily",
        [("dimension", "NVARCHAR(20)"), ("measure", "NVARCHAR(40)"), ("day", "DATE"), ("dim_value", "NVARCHAR(200)"), ("bucket", "BIGINT")]);

    private static readonly RollupTable Period = new("rpt_period",
        [("dimension", "NVARCHAR(20)"), ("measure", "NVARCHAR(40)"), ("grain", "NCHAR(1)"), ("start_day", "DATE"), ("dim_value", "NVARCHAR(200)"), ("bucket", "BIGINT")]);

    /// <summary>One upsert per table for the whole batch of deltas, not two statements per row and grain.</summary>
    public static async Task ApplyAsync(DbConnection c, DbTransaction? tx, ISqlDialect dialect, IReadOnlyCollection<DailyDelta> deltas)
    {
        if (deltas.Count == 0) return;
        var days = Contribution.Sum(deltas);
        await RollupUpsert.AddAsync(c, tx, dialect, Daily, days.Select(Row));
        await RollupUpsert.AddAsync(c, tx, dialect, Period, PeriodRows(days).Select(Row));
    }

    private sealed record PeriodDelta(string Dimension, string Measure, string Grain, DateOnly Start, string Value, long Bucket, long N, double Total);

    private static object[] Row(DailyDelta d) => [d.Dimension, d.Measure, d.Day, d.Value, d.Bucket, d.N, d.Total];

    private static object[] Row(PeriodDelta d) => [d.Dimension, d.Measure, d.Grain, d.Start, d.Value, d.Bucket, d.N, d.Total];

    /// <summary>The week and month rows the day deltas add to, summed per row.</summary>
    private static IEnumerable<PeriodDelta> PeriodRows(IEnumerable<DailyDelta> deltas) => deltas
        .SelectMany(d => Tiles.Grains.Select(g => (Key: (d.Dimension, d.Measure, g, Tiles.StartOf(d.Day, g), d.Value, d.Bucket), d.N, d.Total)))
        .GroupBy(x => x.Key)
        .Select(g => new PeriodDelta(g.Key.Dimension, g.Key.Measure, g.Key.g, g.Key.Item4, g.Key.Value, g.Key.Bucket, g.Sum(x => x.N), g.Sum(x => x.Total)));

    /// <summary>Recomputes every rollup from the facts in the reporting zone. Returns the daily rollup rows written.</summary>
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
        await c.ExecuteAsync("DELETE FROM rpt_period", transaction: tx);
        // In key order, so the clustered tables grow at their end instead of splitting pages all over.
        await RollupUpsert.AddAsync(c, tx, dialect, Daily, rows
            .OrderBy(d => d.Dimension, StringComparer.Ordinal).ThenBy(d => d.Measure, StringComparer.Ordinal).ThenBy(d => d.Day)
            .ThenBy(d => d.Value, StringComparer.Ordinal).ThenBy(d => d.Bucket).Select(Row));
        await RollupUpsert.AddAsync(c, tx, dialect, Period, PeriodRows(rows)
            .OrderBy(d => d.Dimension, StringComparer.Ordinal).ThenBy(d => d.Measure, StringComparer.Ordinal).ThenBy(d => d.Grain, StringComparer.Ordinal)
            .ThenBy(d => d.Start).ThenBy(d => d.Value, StringComparer.Ordinal).ThenBy(d => d.Bucket).Select(Row));
        return rows.Count;
    }
}

/// <summary>
/// How a range of days is read: covered, left to right, by whole months, whole weeks (Monday first) and single days, the
/// largest that fits before the next boundary the report asks about. A tile never straddles a boundary, so every asked
/// range (a period of the series, the total, the previous period) is a whole number of tiles and sums exactly.
/// </summary>
internal static class Tiles
{
    public const string Day = "d", Week = "w", Month = "m";
    public static readonly string[] Grains = [Week, Month];

    public static DateOnly StartOf(DateOnly day, string grain) => grain == Month
        ? new DateOnly(day.Year, day.Month, 1)
        : day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    public static List<(string Grain, DateOnly Start)> Cover(DateOnly from, DateOnly to, IEnumerable<(DateOnly Start, DateOnly End)> ranges)
    {
        var cuts = ranges.SelectMany(r => new[] { r.Start, r.End.AddDays(1) }).Where(d => d > from && d <= to).Distinct().Order().ToList();
        var tiles = new List<(string, DateOnly)>();
        var next = 0;
        for (var d = from; d <= to;)
        {
            while (next < cuts.Count && cuts[next] <= d) next++;
            var limit = next < cuts.Count ? cuts[next].AddDays(-1) : to;
            if (d.Day == 1 && d.AddMonths(1).AddDays(-1) <= limit)
            {
                tiles.Add((Month, d));
                d = d.AddMonths(1);
            }
            else if (d.DayOfWeek == DayOfWeek.Monday && d.AddDays(6) <= limit)
            {
                tiles.Add((Week, d));
                d = d.AddDays(7);
            }
            else
            {
                tiles.Add((Day, d));
                d = d.AddDays(1);
            }
        }
        return tiles;
    }

    /// <summary>Consecutive tiles of one grain as (grain, first start, last start) runs: one index range read each.</summary>
    public static List<(string Grain, DateOnly First, DateOnly Last)> Runs(IEnumerable<(string Grain, DateOnly Start)> tiles)
    {
        var runs = new List<(string Grain, DateOnly First, DateOnly Last)>();
        foreach (var (grain, start) in tiles)
        {
            if (runs.Count > 0 && runs[^1].Grain == grain) runs[^1] = (grain, runs[^1].First, start);
            else runs.Add((grain, start, start));
        }
        return runs;
    }
}
