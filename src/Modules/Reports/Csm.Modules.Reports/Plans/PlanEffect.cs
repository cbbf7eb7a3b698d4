using Csm.Modules.Reports.Reporting;
using Csm.Modules.Reports.Rollups;

namespace Csm.Modules.Reports.Plans;

internal static partial class ImprovementPlan
{
    /// <summary>The metric for the plan's segment over local dates From..To (inclusive), with its 95% interval.</summary>
    public sealed record Window(DateOnly From, DateOnly To, SatisfactionFigure Figure);

    /// <summary>
    /// The plan's metric for its segment from its start to today (After) against the same number of days just before the
    /// start (Before). After.Figure.Change is the difference and After.Figure.BeyondNoise the two-sample test the satisfaction
    /// report uses for a change (NPS: adjusted-Wald difference, CSAT: Agresti–Caffo, CES: Welch), at 95%.
    /// </summary>
    /// <param name="Goal">The goal's metric for the segment since the start, and whether it reached the target (CES: at or below it).</param>
    public sealed record Effect(string Metric, Window Before, Window After, GoalProgress Goal);

    public sealed record GoalProgress(string Metric, double Target, DateOnly Date, double? Value, bool? Reached);
}

/// <summary>Reads a plan's effect off the rollups in the reporting zone: one read per metric.</summary>
internal sealed class PlanEffect(DailySource source, ReportingZone reporting, TimeProvider clock)
{
    public async Task<ImprovementPlan.Effect?> OfAsync(ImprovementPlan.Plan plan, CancellationToken ct)
    {
        var today = ReportingZone.LocalDay(clock.GetUtcNow(), reporting.Zone);
        if (today < plan.StartsOn) return null;
        var days = today.DayNumber - plan.StartsOn.DayNumber + 1;
        var (beforeFrom, beforeTo) = (plan.StartsOn.AddDays(-days), plan.StartsOn.AddDays(-1));
        var segment = plan.Problem.Segment;
        async Task<(Statistics.ScoreCounts Before, Statistics.ScoreCounts After)> CountsAsync(string metric)
        {
            var tiles = await source.ReadScoresAsync(segment.Dimension, metric, beforeFrom, today, reporting.Zone,
                [(beforeFrom, beforeTo), (plan.StartsOn, today)], ct);
            var index = ScoreIndex.Of(tiles.Where(t => t.Value == (segment.Value ?? Measures.All)));
            return (index.Between(beforeFrom, beforeTo), index.Between(plan.StartsOn, today));
        }

        var metric = plan.Problem.Metric;
        var (before, after) = await CountsAsync(metric);
        var afterFigure = SatisfactionMetric.Figure(metric, after, before);
        var goalValue = plan.Goal.Metric == metric ? afterFigure.Value
            : SatisfactionMetric.Figure(plan.Goal.Metric, (await CountsAsync(plan.Goal.Metric)).After, null).Value;
        bool? reached = goalValue is not { } v ? null : plan.Goal.Metric == "ces" ? v <= plan.Goal.Target : v >= plan.Goal.Target;
        return new ImprovementPlan.Effect(metric,
            new(beforeFrom, beforeTo, SatisfactionMetric.Figure(metric, before, null)),
            new(plan.StartsOn, today, afterFigure),
            new(plan.Goal.Metric, plan.Goal.Target, plan.Goal.Date, goalValue, reached));
    }
}
