using Csm.Modules.Reports.Statistics;

namespace Csm.Modules.Reports.Reporting;

/// <summary>
/// One satisfaction figure with what stands behind it. Value: NPS in points, CSAT in percent satisfied, CES the mean effort
/// score (1 = very easy … 7 = very hard, lower is better). Change is against the previous period; BeyondNoise says whether
/// that change is larger than chance would make it.
/// </summary>
/// <param name="EasyShare">CES only: % of low-effort answers (1–3), with its 95% Wilson interval.</param>
/// <param name="HighEffortShare">CES only: % of high-effort answers (5–7, the unhappy ones that get a follow-up), with its 95% Wilson interval.</param>
internal sealed record SatisfactionFigure(
    long N, double? Value, double? CiLow, double? CiHigh,
    IReadOnlyDictionary<string, long> Counts, IReadOnlyDictionary<string, long> Distribution,
    double? EasyShare, double? EasyCiLow, double? EasyCiHigh,
    bool SmallSample, string? Warning, double? Change, bool? BeyondNoise,
    double? HighEffortShare = null, double? HighEffortCiLow = null, double? HighEffortCiHigh = null);

internal static class SatisfactionMetric
{
    public static readonly string[] Names = ["nps", "csat", "ces"];

    public static string Scale(string metric) => metric switch
    {
        "nps" => "0–10; promoters 9–10, passives 7–8, detractors 0–6; NPS = %promoters − %detractors, in points from −100 to 100; 95% adjusted-Wald interval",
        "csat" => "1–5; satisfied 4–5, neutral 3, dissatisfied 1–2; CSAT = % satisfied; 95% Wilson interval",
        _ => CesScale,
    };

    /// <summary>One reading of CES for the whole system: the survey question's anchors, the Surveys classification (5–7 unhappy) and this report.</summary>
    public const string CesScale =
        "1–7, 1 = very easy … 7 = very hard; lower is better. CES = mean effort score with a 95% normal interval; " +
        "highEffortShare = % answering 5–7 (high effort), easyShare = % answering 1–3 (low effort), each with a 95% Wilson interval";

    public static SatisfactionFigure Figure(string metric, ScoreCounts now, ScoreCounts? before)
    {
        var n = now.N;
        var warning = n == 0 ? "No answers in this period." : n < SatisfactionMath.SmallSample ? $"Only {n} answers: the interval is wide; read with care." : null;
        var bn = before?.N ?? 0;
        switch (metric)
        {
            case "nps":
            {
                long P(ScoreCounts s) => s.Between(9, 10);
                long D(ScoreCounts s) => s.Between(0, 6);
                var ci = SatisfactionMath.NpsInterval(P(now), D(now), n);
                var value = SatisfactionMath.Nps(P(now), D(now), n);
                var previous = before is null ? null : SatisfactionMath.Nps(P(before), D(before), bn);
                return new(n, value, ci?.Low, ci?.High,
                    new Dictionary<string, long> { ["promoters"] = P(now), ["passives"] = now.Between(7, 8), ["detractors"] = D(now) },
                    now.Distribution(0, 10), null, null, null, n < SatisfactionMath.SmallSample, warning, value - previous,
                    before is null ? null : SatisfactionMath.NpsMoved(P(now), D(now), n, P(before), D(before), bn));
            }
            case "csat":
            {
                var satisfied = now.Between(4, 5);
                var ci = SatisfactionMath.Wilson(satisfied, n);
                var value = SatisfactionMath.Share(satisfied, n);
                var previous = before is null ? null : SatisfactionMath.Share(before.Between(4, 5), bn);
                return new(n, value, ci?.Low, ci?.High,
                    new Dictionary<string, long> { ["satisfied"] = satisfied, ["neutral"] = now.Between(3, 3), ["dissatisfied"] = now.Between(1, 2) },
                    now.Distribution(1, 5), null, null, null, n < SatisfactionMath.SmallSample, warning, value - previous,
                    before is null ? null : SatisfactionMath.ShareMoved(satisfied, n, before.Between(4, 5), bn));
            }
            default:
            {
                var easy = now.Between(1, 3);
                var hard = now.Between(5, 7);
                var ci = SatisfactionMath.MeanInterval(now.Sum, now.SumOfSquares, n);
                var easyCi = SatisfactionMath.Wilson(easy, n);
                var hardCi = SatisfactionMath.Wilson(hard, n);
                var value = SatisfactionMath.Mean(now.Sum, n);
                var previous = before is null ? null : SatisfactionMath.Mean(before.Sum, bn);
                return new(n, value, ci?.Low, ci?.High,
                    new Dictionary<string, long> { ["easy"] = easy, ["neutral"] = now.Between(4, 4), ["difficult"] = hard },
                    now.Distribution(1, 7), SatisfactionMath.Share(easy, n), easyCi?.Low, easyCi?.High, n < SatisfactionMath.SmallSample, warning,
                    value - previous, before is null ? null : SatisfactionMath.MeanMoved(now.Sum, now.SumOfSquares, n, before.Sum, before.SumOfSquares, bn),
                    SatisfactionMath.Share(hard, n), hardCi?.Low, hardCi?.High);
            }
        }
    }
}
