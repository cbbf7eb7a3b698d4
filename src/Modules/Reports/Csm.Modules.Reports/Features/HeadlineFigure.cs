using Csm.Modules.Reports.Reporting;
using Csm.Modules.Reports.Rollups;

namespace Csm.Modules.Reports.Features;

/// <summary>
/// A headline tile's figure: the metric for the current period so far (this month, week…) against the same number of days
/// before it. Early in a period few have answered yet, so when fewer than <c>Reports:Dashboards:YoungPeriodAnswers</c>
/// have, the period is "young" and the last 30 days come beside it, so the tile never shows an empty month on its first morning.
/// </summary>
internal sealed class HeadlineFigure(DailySource source, ReportingZone reporting, TimeProvider clock, DashboardSettings settings)
    : Endpoint<HeadlineFigure.QueryString, Results<Ok<HeadlineFigure.Response>, ValidationProblem>>
{
    public const int Days = 30;

    public sealed record Window(DateOnly From, DateOnly To, SatisfactionFigure Figure);

    /// <param name="Young">Fewer answers than <paramref name="YoungBelow"/> in the current period so far.</param>
    /// <param name="Last30Days">The 30 days to today (against the 30 before), only when the period is young.</param>
    public new sealed record Response(string Metric, string Interval, string TimeZone, Window Current, bool Young, int YoungBelow, Window? Last30Days);

    /// <summary>The query string.</summary>
    public sealed record QueryString(string? Metric = null, string? Interval = null);

    public override void Configure()
    {
        Get("reports/headline");
        Policies(Can.Reports);
        Group<ReportsGroup>();
        Description(d => d
            .WithName("Reports_Headline")
            .WithSummary("A dashboard's headline figure: NPS, CSAT or CES for the current period, with the last 30 days beside it while the period is young")
            .WithDescription("`metric` nps (default), csat or ces; `interval` day, week, month (default) or quarter: the current one runs from its start to today in the reporting zone."));
    }

    public override async Task<Results<Ok<Response>, ValidationProblem>> ExecuteAsync(QueryString query, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var metric = string.IsNullOrWhiteSpace(query.Metric) ? Measures.Nps : query.Metric.Trim();
        if (!SatisfactionMetric.Names.Contains(metric))
            errors["metric"] = [$"Unknown metric '{metric}'; use one of: {string.Join(", ", SatisfactionMetric.Names)}."];
        var q = ReportQuery.Parse(null, null, query.Interval, null, null, [], reporting, clock, errors);
        if (q is null || errors.Count > 0) return Problems.Invalid(errors);

        var today = q.To;
        var start = Periods.Start(today, q.Interval);
        var length = today.DayNumber - start.DayNumber + 1;
        var (recentFrom, earlierFrom) = (today.AddDays(-(Days - 1)), today.AddDays(-(2 * Days - 1)));
        var readFrom = start.AddDays(-length) < earlierFrom ? start.AddDays(-length) : earlierFrom;
        var tiles = ScoreIndex.Of(await source.ReadScoresAsync(Measures.All, metric, readFrom, today, q.Zone,
            [(start, today), (start.AddDays(-length), start.AddDays(-1)), (recentFrom, today), (earlierFrom, recentFrom.AddDays(-1))], ct));
        var current = SatisfactionMetric.Figure(metric, tiles.Between(start, today), tiles.Between(start.AddDays(-length), start.AddDays(-1)));
        var young = current.N < settings.YoungPeriodAnswers;
        var recent = young
            ? new Window(recentFrom, today, SatisfactionMetric.Figure(metric, tiles.Between(recentFrom, today), tiles.Between(earlierFrom, recentFrom.AddDays(-1))))
            : null;
        return TypedResults.Ok(new Response(metric, q.Interval, q.TimeZone, new Window(start, today, current), young, settings.YoungPeriodAnswers, recent));
    }
}

/// <summary>"Reports:Dashboards": <c>YoungPeriodAnswers</c>, below which a headline's current period is young (default 30).</summary>
internal sealed record DashboardSettings(int YoungPeriodAnswers);
