using Csm.BuildingBlocks.Http;
using Csm.Modules.Reports.Reporting;
using Csm.Modules.Reports.Rollups;
using Csm.Modules.Reports.Statistics;

namespace Csm.Modules.Reports.Features;

internal sealed class ClosedLoopReport(DailySource source, ReportingZone reporting, TimeProvider clock)
    : Endpoint<ClosedLoopReport.QueryString, Results<Ok<ClosedLoopReport.Response>, FileContentHttpResult, ValidationProblem>>
{
    /// <summary>
    /// Unhappy answers given in the period (NPS detractors, CSAT 1–2, low effort scores, as the Surveys module classed them),
    /// how many had their follow-up task resolved, the share in percent (with its Wilson interval), the calendar minutes
    /// from the answer to that resolution, and the outcomes the follow-ups recorded.
    /// </summary>
    public sealed record Figures(
        long Unhappy, long FollowedUp, double? FollowedUpShare, double? CiLow, double? CiHigh, Duration TimeToClose,
        IReadOnlyDictionary<string, long> Outcomes);

    public sealed record Point(string Period, DateOnly Start, DateOnly End, Figures Figures);

    public sealed record Group(string Value, Figures Total, IReadOnlyList<Point> Series);

    public new sealed record Response(DateOnly From, DateOnly To, string Interval, string GroupBy, string TimeZone, string Source, IReadOnlyList<Group> Groups);

    /// <summary>The query string.</summary>
    public sealed record QueryString(string? From = null, string? To = null, string? Interval = null, string? GroupBy = null, string? TimeZone = null);

    public override void Configure()
    {
        Get("reports/closed-loop");
        Policies(Can.Reports);
        Group<ReportsGroup>();
        Description(d => d
            .WithName("Reports_ClosedLoop")
            .WithSummary("Share of unhappy answers followed up, time to close the loop, and the follow-ups' outcomes")
            .WithDescription("Same `from`, `to`, `interval`, `groupBy` (response groups) and `timeZone` as the satisfaction report. Send `Accept: text/csv` for CSV.")
            .Produces<Response>(StatusCodes.Status200OK, "application/json", Csv.ContentType));
    }

    public override async Task<Results<Ok<Response>, FileContentHttpResult, ValidationProblem>> ExecuteAsync(QueryString query, CancellationToken ct)
    {
        var http = HttpContext.Request;
        var (from, to, interval, groupBy, timeZone) = query;
        var errors = new Dictionary<string, string[]>();
        var q = ReportQuery.Parse(from, to, interval, groupBy, timeZone, Measures.ResponseGroups, reporting, clock, errors);
        if (q is null) return Problems.Invalid(errors);
        var response = await BuildAsync(q, source, ct);
        return Csv.Wanted(http) ? ToCsv(response) : TypedResults.Ok(response);
    }

    internal static async Task<Response> BuildAsync(ReportQuery q, DailySource source, CancellationToken ct)
    {
        var periods = Periods.Between(q.From, q.To, q.Interval);
        var rows = await source.ReadAsync(q.GroupBy, [Measures.Unhappy, Measures.FollowedUp, Measures.LoopClose], Measures.OutcomePrefix, q.From, q.To, q.Zone, ct,
            periods.Select(p => (p.Start, p.End)));
        var groups = DayIndex.ByValue(rows, q.From, q.To, q.GroupBy).Select(g => new Group(g.Value,
                Compute(g.Days.Between(q.From, q.To).ToList()),
                periods.Select(p => new Point(p.Label, p.Start, p.End, Compute(g.Days.Between(p.Start, p.End).ToList()))).ToList()))
            .ToList();
        return new Response(q.From, q.To, q.Interval, q.GroupBy, q.TimeZone, source.UsesRollups(q.Zone) ? "rollups" : "facts", groups);
    }

    private static Figures Compute(IReadOnlyList<DailyRow> rows)
    {
        var unhappy = rows.Count(Measures.Unhappy);
        var followedUp = rows.Count(Measures.FollowedUp);
        var ci = SatisfactionMath.Wilson(followedUp, unhappy);
        var outcomes = rows.Where(r => r.Measure.StartsWith(Measures.OutcomePrefix, StringComparison.Ordinal))
            .GroupBy(r => r.Measure[Measures.OutcomePrefix.Length..]).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(r => r.N));
        return new Figures(unhappy, followedUp, SatisfactionMath.Share(followedUp, unhappy), ci?.Low, ci?.High,
            Duration.Of(rows.Of(Measures.LoopClose)), outcomes);
    }

    internal static FileContentHttpResult ToCsv(Response r)
    {
        var outcomes = r.Groups.SelectMany(g => g.Total.Outcomes.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var header = new List<string> { "group", "period", "start", "end", "unhappy", "followedUp", "followedUpShare", "ciLow", "ciHigh",
            "timeToCloseMedianMinutes", "timeToCloseP90Minutes", "timeToCloseMeanMinutes" };
        header.AddRange(outcomes.Select(o => "outcome:" + o));
        IReadOnlyList<object?> Row(string group, string period, DateOnly start, DateOnly end, Figures f) =>
            new object?[] { group, period, start, end, f.Unhappy, f.FollowedUp, f.FollowedUpShare, f.CiLow, f.CiHigh,
                f.TimeToClose.Median, f.TimeToClose.P90, f.TimeToClose.Mean }
                .Concat(outcomes.Select(o => (object?)f.Outcomes.GetValueOrDefault(o))).ToList();
        return Csv.File($"closed-loop-{r.From:yyyyMMdd}-{r.To:yyyyMMdd}", header,
            r.Groups.SelectMany(g => g.Series.Select(p => Row(g.Value, p.Period, p.Start, p.End, p.Figures)).Append(Row(g.Value, "total", r.From, r.To, g.Total))));
    }
}
