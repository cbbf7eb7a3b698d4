using Csm.Modules.Reports.Statistics;

namespace Csm.Tests.Reports;

/// <summary>The formulas against figures worked out by hand (adjusted Wald, Wilson, normal mean interval).</summary>
public sealed class SatisfactionMathTests
{
    private const double Tolerance = 1e-6;

    [Test]
    public void No_answers_give_no_figure_and_no_interval()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SatisfactionMath.Nps(0, 0, 0), Is.Null);
            Assert.That(SatisfactionMath.NpsInterval(0, 0, 0), Is.Null);
            Assert.That(SatisfactionMath.Share(0, 0), Is.Null);
            Assert.That(SatisfactionMath.Wilson(0, 0), Is.Null);
            Assert.That(SatisfactionMath.Mean(0, 0), Is.Null);
            Assert.That(SatisfactionMath.MeanInterval(0, 0, 0), Is.Null);
            Assert.That(SatisfactionMath.NpsMoved(0, 0, 0, 5, 1, 10), Is.Null);
            Assert.That(SatisfactionMath.ShareMoved(1, 2, 0, 0), Is.Null);
        });
    }

    [Test]
    public void Ten_promoters_score_100_with_an_adjusted_interval_that_stays_below_the_ceiling()
    {
        // n' = 13, p = 10.75/13, d = 0.75/13: centre 0.76923, variance (0.88462 − 0.59172)/13, half-width 0.29420.
        var ci = SatisfactionMath.NpsInterval(10, 0, 10)!.Value;
        Assert.That(SatisfactionMath.Nps(10, 0, 10), Is.EqualTo(100));
        Assert.That(ci.Low, Is.EqualTo(47.5035515).Within(Tolerance));
        Assert.That(ci.High, Is.EqualTo(100));
    }

    [Test]
    public void Ten_detractors_score_minus_100_mirroring_all_promoters()
    {
        var ci = SatisfactionMath.NpsInterval(0, 10, 10)!.Value;
        Assert.That(SatisfactionMath.Nps(0, 10, 10), Is.EqualTo(-100));
        Assert.That(ci.Low, Is.EqualTo(-100));
        Assert.That(ci.High, Is.EqualTo(-47.5035515).Within(Tolerance));
    }

    [Test]
    public void Five_promoters_three_passives_two_detractors_score_30()
    {
        // p = 5.75/13 = 0.44231, d = 2.75/13 = 0.21154, centre 0.23077, variance 0.046199, half-width 0.42127.
        var ci = SatisfactionMath.NpsInterval(5, 2, 10)!.Value;
        Assert.That(SatisfactionMath.Nps(5, 2, 10), Is.EqualTo(30).Within(Tolerance));
        Assert.That(ci.Low, Is.EqualTo(-19.0506154).Within(Tolerance));
        Assert.That(ci.High, Is.EqualTo(65.2044615).Within(Tolerance));
    }

    [TestCase(8, 10, 80, 49.0162472, 94.3317849)]
    [TestCase(0, 10, 0, 0, 27.7532800)]
    [TestCase(10, 10, 100, 72.2467200, 100)]
    public void Csat_share_has_a_wilson_interval(long satisfied, long n, double share, double low, double high)
    {
        var ci = SatisfactionMath.Wilson(satisfied, n)!.Value;
        Assert.That(SatisfactionMath.Share(satisfied, n), Is.EqualTo(share).Within(Tolerance));
        Assert.That(ci.Low, Is.EqualTo(low).Within(Tolerance));
        Assert.That(ci.High, Is.EqualTo(high).Within(Tolerance));
    }

    [Test]
    public void Effort_mean_has_a_normal_interval_from_the_sample_deviation()
    {
        // Answers 5, 6, 7, 4: mean 5.5, sample variance (126 − 22²/4)/3 = 5/3, half-width 1.96·√(5/12) = 1.26515.
        var ci = SatisfactionMath.MeanInterval(22, 126, 4)!.Value;
        Assert.That(SatisfactionMath.Mean(22, 4), Is.EqualTo(5.5));
        Assert.That(ci.Low, Is.EqualTo(4.2348487).Within(Tolerance));
        Assert.That(ci.High, Is.EqualTo(6.7651513).Within(Tolerance));
        Assert.That(SatisfactionMath.MeanInterval(7, 49, 1), Is.Null, "one answer has no spread");
    }

    [Test]
    public void A_change_is_beyond_the_noise_only_when_samples_are_large_enough()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SatisfactionMath.NpsMoved(6, 2, 10, 4, 3, 10), Is.False, "NPS 40 vs 10 on ten answers each is noise");
            Assert.That(SatisfactionMath.NpsMoved(600, 200, 1000, 400, 300, 1000), Is.True, "the same shares on a thousand answers each are not");
            Assert.That(SatisfactionMath.ShareMoved(8, 10, 7, 10), Is.False);
            Assert.That(SatisfactionMath.ShareMoved(800, 1000, 700, 1000), Is.True);
            Assert.That(SatisfactionMath.MeanMoved(22, 126, 4, 20, 102, 4), Is.False);
        });
    }

    [Test]
    public void A_percentile_is_answered_by_the_bucket_that_holds_its_nearest_rank()
    {
        var minutes = new[] { 3.0, 10, 10, 42, 42, 42, 300, 900, 901, 5000 };
        var counts = minutes.GroupBy(MinuteHistogram.Bucket).Select(g => (g.Key, (long)g.Count())).ToList();
        var median = MinuteHistogram.Percentile(counts, 0.5)!.Value;
        var p90 = MinuteHistogram.Percentile(counts, 0.9)!.Value;
        Assert.That(MinuteHistogram.Bucket(median), Is.EqualTo(MinuteHistogram.Bucket(42)), "the 5th of 10 is 42");
        Assert.That(median, Is.EqualTo(42).Within(42 * 0.05));
        Assert.That(MinuteHistogram.Bucket(p90), Is.EqualTo(MinuteHistogram.Bucket(901)), "the 9th of 10 is 901");
        Assert.That(MinuteHistogram.Percentile([], 0.5), Is.Null);
    }
}
