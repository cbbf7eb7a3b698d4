namespace Csm.Modules.Reports.Statistics;

/// <summary>A 95% interval, in the unit of the figure it bounds.</summary>
internal readonly record struct Interval(double Low, double High);

/// <summary>
/// The satisfaction formulas, from answer counts only, so rollups and the tests' independent computations share no code
/// but this. Proportions and NPS are in percent / points; every function answers null where n makes the figure undefined.
/// </summary>
internal static class SatisfactionMath
{
    /// <summary>The two-sided 95% normal quantile.</summary>
    public const double Z = 1.959963984540054;

    /// <summary>Below this many answers a figure carries a small-sample warning.</summary>
    public const long SmallSample = 30;

    /// <summary>%promoters (9–10) − %detractors (0–6), in points from −100 to 100.</summary>
    public static double? Nps(long promoters, long detractors, long n) =>
        n == 0 ? null : 100.0 * (promoters - detractors) / n;

    /// <summary>Adjusted Wald: ¾ added to promoters and to detractors and 3 to n, so the interval stays honest at the extremes.</summary>
    public static Interval? NpsInterval(long promoters, long detractors, long n)
    {
        if (n == 0) return null;
        var (center, variance) = AdjustedNps(promoters, detractors, n);
        var half = Z * Math.Sqrt(variance);
        return new(Math.Max(-100, 100 * (center - half)), Math.Min(100, 100 * (center + half)));
    }

    /// <summary>Share of x in n, in percent.</summary>
    public static double? Share(long x, long n) => n == 0 ? null : 100.0 * x / n;

    /// <summary>Wilson score interval of a proportion, in percent.</summary>
    public static Interval? Wilson(long x, long n)
    {
        if (n == 0) return null;
        var p = (double)x / n;
        var z2 = Z * Z;
        var denominator = 1 + z2 / n;
        var center = (p + z2 / (2.0 * n)) / denominator;
        var half = Z * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return new(100 * Math.Max(0, center - half), 100 * Math.Min(1, center + half));
    }

    public static double? Mean(double sum, long n) => n == 0 ? null : sum / n;

    /// <summary>Normal interval of a mean from the sample standard deviation; undefined below two answers.</summary>
    public static Interval? MeanInterval(double sum, double sumOfSquares, long n)
    {
        if (n < 2) return null;
        var mean = sum / n;
        var half = Z * Math.Sqrt(SampleVariance(sum, sumOfSquares, n) / n);
        return new(mean - half, mean + half);
    }

    /// <summary>Whether two NPS differ beyond the noise: the adjusted difference outside 1.96 of its standard error.</summary>
    public static bool? NpsMoved(long promotersA, long detractorsA, long nA, long promotersB, long detractorsB, long nB)
    {
        if (nA == 0 || nB == 0) return null;
        var a = AdjustedNps(promotersA, detractorsA, nA);
        var b = AdjustedNps(promotersB, detractorsB, nB);
        return Math.Abs(a.Center - b.Center) > Z * Math.Sqrt(a.Variance + b.Variance);
    }

    /// <summary>Two proportions differ beyond the noise (Agresti–Caffo: one success and one failure added to each).</summary>
    public static bool? ShareMoved(long xA, long nA, long xB, long nB)
    {
        if (nA == 0 || nB == 0) return null;
        var pA = (xA + 1.0) / (nA + 2);
        var pB = (xB + 1.0) / (nB + 2);
        return Math.Abs(pA - pB) > Z * Math.Sqrt(pA * (1 - pA) / (nA + 2) + pB * (1 - pB) / (nB + 2));
    }

    /// <summary>Two means differ beyond the noise (Welch's statistic against the normal quantile).</summary>
    public static bool? MeanMoved(double sumA, double squaresA, long nA, double sumB, double squaresB, long nB)
    {
        if (nA < 2 || nB < 2) return null;
        var se = Math.Sqrt(SampleVariance(sumA, squaresA, nA) / nA + SampleVariance(sumB, squaresB, nB) / nB);
        var difference = Math.Abs(sumA / nA - sumB / nB);
        return se == 0 ? difference > 0 : difference > Z * se;
    }

    private static (double Center, double Variance) AdjustedNps(long promoters, long detractors, long n)
    {
        var adjustedN = n + 3.0;
        var p = (promoters + 0.75) / adjustedN;
        var d = (detractors + 0.75) / adjustedN;
        return (p - d, (p + d - (p - d) * (p - d)) / adjustedN);
    }

    private static double SampleVariance(double sum, double sumOfSquares, long n) =>
        Math.Max(0, (sumOfSquares - sum * sum / n) / (n - 1));
}
