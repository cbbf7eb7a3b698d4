namespace Csm.Modules.Reports.Statistics;

/// <summary>
/// Fixed, geometrically growing buckets for durations in minutes. A day's rollup keeps a count and a minutes sum per
/// bucket, so any range's median and p90 come from adding counts, with no samples kept: the mean is exact (sum / n) and a
/// percentile is exact to its bucket, i.e. within 5% of (1 + minutes). Per-day sorted samples would be exact but grow with
/// the tickets and cannot be merged without reading them all, which is what rollups are for.
/// </summary>
internal static class MinuteHistogram
{
    private const double Growth = 1.05;
    private static readonly double LogGrowth = Math.Log(Growth);

    /// <summary>Bucket 0 holds [0, 1) minutes; bucket k ≥ 1 holds [1.05^(k−1), 1.05^k).</summary>
    public static int Bucket(double minutes) =>
        minutes < 1 ? 0 : 1 + (int)Math.Floor(Math.Log(minutes) / LogGrowth);

    public static double Lower(int bucket) => bucket == 0 ? 0 : Math.Pow(Growth, bucket - 1);

    public static double Upper(int bucket) => Math.Pow(Growth, bucket);

    /// <summary>The value a bucket answers with: its geometric middle (0.5 for the first).</summary>
    public static double Representative(int bucket) => bucket == 0 ? 0.5 : Math.Sqrt(Lower(bucket) * Upper(bucket));

    /// <summary>Nearest-rank percentile (the ⌈p·n⌉-th smallest value), answered by the bucket that holds it.</summary>
    public static double? Percentile(IReadOnlyCollection<(int Bucket, long Count)> counts, double p)
    {
        var n = counts.Sum(c => c.Count);
        if (n <= 0) return null;
        var rank = Math.Max(1, (long)Math.Ceiling(p * n));
        long seen = 0;
        foreach (var (bucket, count) in counts.OrderBy(c => c.Bucket))
        {
            seen += count;
            if (seen >= rank) return Representative(bucket);
        }
        return null;
    }
}
