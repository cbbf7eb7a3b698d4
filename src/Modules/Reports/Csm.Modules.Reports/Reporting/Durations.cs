using Csm.Modules.Reports.Statistics;

namespace Csm.Modules.Reports.Reporting;

/// <summary>
/// A duration's summary in minutes. The mean is exact; the median and p90 are the middle of the 5%-wide histogram bucket
/// holding the nearest-rank value (see <see cref="MinuteHistogram"/>).
/// </summary>
internal sealed record Duration(long N, double? Median, double? P90, double? Mean)
{
    public static Duration Of(IEnumerable<DailyRow> rows)
    {
        var buckets = rows.GroupBy(r => (int)r.Bucket).Select(g => (Bucket: g.Key, Count: g.Sum(r => r.N), Minutes: g.Sum(r => r.Total))).ToList();
        var counts = buckets.Select(b => (b.Bucket, b.Count)).ToList();
        var n = counts.Sum(b => b.Count);
        return new Duration(n, MinuteHistogram.Percentile(counts, 0.5), MinuteHistogram.Percentile(counts, 0.9),
            SatisfactionMath.Mean(buckets.Sum(b => b.Minutes), n));
    }
}

internal static class Counting
{
    public static long Count(this IEnumerable<DailyRow> rows, string measure) => rows.Where(r => r.Measure == measure).Sum(r => r.N);

    public static IEnumerable<DailyRow> Of(this IEnumerable<DailyRow> rows, string measure) => rows.Where(r => r.Measure == measure);
}
