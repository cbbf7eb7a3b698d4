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
    /// from the answer to that resolution, the outcomes the follow-ups recorded, and the re-surveys that checked the fix.
    /// </summary>
    /// <param name="Resurveys">Re-surveys of those answers after their follow-up was resolved.</param>
    public sealed record Figures(
        long Unhappy, long FollowedUp, double? FollowedUpShare, double? CiLow, double? CiHigh, Duration TimeToClose,
        IReadOnlyDictionary<string, long> Outcomes, Resurveys Resurveys);

    /// <summary>
    /// Re-surveys sent after a resolved follow-up (and suppressed by the quiet period or cap), answered, and recovered: the
    /// second answer no longer unhappy (detractor → passive or promoter, CSAT 1–2 → 3+, CES 5–7 → below 5). The recovered
    /// share is of the answered re-surveys, in percent with its 95% Wilson interval. The re-survey's own score per metric it
    /// asked: NPS in points, CSAT % satisfied, CES mean effort, each with its 95% interval.
    /// </summary>
    public sealed record Resurveys(
        long Sent, long Suppressed, long Answered, long Recovered, double? RecoveredShare, double? RecoveredCiLow, double? RecoveredCiHigh,
        ResurveyScore? Nps, ResurveyScore? Csat, ResurveyScore? Ces);

    public sealed record ResurveyScore(long N, double? Value, double? CiLow, double? CiHigh);

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
            .WithSummary("Share of unhappy answers followed up, time to close the loop, the follow-ups' outcomes, and re-surveys with who recovered")
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
        var rows = await source.ReadAsync(q.GroupBy, [Measures.Unhappy, Measures.FollowedUp, Measures.LoopClose, .. ResurveyMeasures], Measures.OutcomePrefix, q.From, q.To, q.Zone, ct,
            periods.Select(p => (p.Start, p.End)));
        var groups = DayIndex.ByValue(rows, q.From, q.To, q.GroupBy).Select(g => new Group(g.Value,
                Compute(g.Days.Between(q.From, q.To).ToList()),
                periods.Select(p => new Point(p.Label, p.Start, p.End, Compute(g.Days.Between(p.Start, p.End).ToList()))).ToList()))
            .ToList();
        return new Response(q.From, q.To, q.Interval, q.GroupBy, q.TimeZone, source.UsesRollups(q.Zone) ? "rollups" : "facts", groups);
    }

    private static readonly string[] ResurveyMeasures =
    [
        Measures.ResurveySent, Measures.ResurveySuppressed, Measures.ResurveyAnswered, Measures.Recovered,
        Measures.ResurveyNps, Measures.ResurveyCsat, Measures.ResurveyCes,
    ];

    private static Resurveys Resurveyed(IReadOnlyList<DailyRow> rows)
    {
        var answered = rows.Count(Measures.ResurveyAnswered);
        var recovered = rows.Count(Measures.Recovered);
        var ci = SatisfactionMath.Wilson(recovered, answered);
        ResurveyScore? Score(string measure, string metric)
        {
            var counts = new ScoreCounts();
            foreach (var r in rows.Of(measure)) counts.Add((int)r.Bucket, r.N);
            if (counts.N == 0) return null;
            var figure = SatisfactionMetric.Figure(metric, counts, null);
            return new ResurveyScore(figure.N, figure.Value, figure.CiLow, figure.CiHigh);
        }
        return new Resurveys(rows.Count(Measures.ResurveySent), rows.Count(Measures.ResurveySuppressed), answered, recovered,
            SatisfactionMath.Share(recovered, answered), ci?.Low, ci?.High,
            Score(Measures.ResurveyNps, "nps"), Score(Measures.ResurveyCsat, "csat"), Score(Measures.ResurveyCes, "ces"));
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
            Duration.Of(rows.Of(Measures.LoopClose)), outcomes, Resurveyed(rows));
    }

    internal static FileContentHttpResult ToCsv(Response r)
    {
        var outcomes = r.Groups.SelectMany(g => g.Total.Outcomes.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var header = new List<string> { "group", "period", "start", "end", "unhappy", "followedUp", "followedUpShare", "ciLow", "ciHigh",
            "timeToCloseMedianMinutes", "timeToCloseP90Minutes", "timeToCloseMeanMinutes", "resurveysSent", "resurveysSuppressed",
            "resurveysAnswered", "recovered", "recoveredShare", "recoveredCiLow", "recoveredCiHigh", "resurveyNps", "resurveyNpsN",
            "resurveyCsat", "resurveyCsatN", "resurveyCes", "resurveyCesN" };
        header.AddRange(outcomes.Select(o => "outcome:" + o));
        IReadOnlyList<object?> Row(string group, string period, DateOnly start, DateOnly end, Figures f) =>
            new object?[] { group, period, start, end, f.Unhappy, f.FollowedUp, f.FollowedUpShare, f.CiLow, f.CiHigh,
                f.TimeToClose.Median, f.TimeToClose.P90, f.TimeToClose.Mean, f.Resurveys.Sent, f.Resurveys.Suppressed, f.Resurveys.Answered,
                f.Resurveys.Recovered, f.Resurveys.RecoveredShare, f.Resurveys.RecoveredCiLow, f.Resurveys.RecoveredCiHigh,
                f.Resurveys.Nps?.Value, f.Resurveys.Nps?.N, f.Resurveys.Csat?.Value, f.Resurveys.Csat?.N, f.Resurveys.Ces?.Value, f.Resurveys.Ces?.N }
                .Concat(outcomes.Select(o => (object?)f.Outcomes.GetValueOrDefault(o))).ToList();
        return Csv.File($"closed-loop-{r.From:yyyyMMdd}-{r.To:yyyyMMdd}", header,
            r.Groups.SelectMany(g => g.Series.Select(p => Row(g.Value, p.Period, p.Start, p.End, p.Figures)).Append(Row(g.Value, "total", r.From, r.To, g.Total))));
    }
}
