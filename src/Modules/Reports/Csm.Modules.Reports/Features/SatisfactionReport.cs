using Csm.BuildingBlocks.Http;
using Csm.Modules.Reports.Reporting;
using Csm.Modules.Reports.Rollups;
using Csm.Modules.Reports.Statistics;

namespace Csm.Modules.Reports.Features;

internal sealed class SatisfactionReport(DailySource source, DbSession session, ReportingZone reporting, TimeProvider clock)
    : Endpoint<SatisfactionReport.QueryString, Results<Ok<SatisfactionReport.Response>, FileContentHttpResult, ValidationProblem>>
{
    public sealed record Point(string Period, DateOnly Start, DateOnly End, SatisfactionFigure Figure);

    /// <param name="Value">The group's value ("vip", an agent's name, a survey id) or "all"; "(none)" when the answer had none.</param>
    public sealed record Group(string Value, SatisfactionFigure Total, SatisfactionFigure Previous, IReadOnlyList<Point> Series);

    /// <param name="Source">"rollups", or "facts" when the asked time zone is not the one rollups are kept in.</param>
    public new sealed record Response(
        string Metric, string Scale, DateOnly From, DateOnly To, DateOnly PreviousFrom, DateOnly PreviousTo, string Interval,
        string GroupBy, string TimeZone, string Source, IReadOnlyList<Group> Groups, IReadOnlyList<BenchmarkLine> Benchmarks);

    /// <summary>The query string.</summary>
    public sealed record QueryString(string? Metric = null, string? From = null, string? To = null, string? Interval = null, string? GroupBy = null, string? TimeZone = null);

    public override void Configure()
    {
        Get("reports/satisfaction");
        Policies(Can.Reports);
        Group<ReportsGroup>();
        Description(d => d
            .WithName("Reports_Satisfaction")
            .WithSummary("NPS, CSAT or CES with sample size, 95% interval and change against the previous period, by interval and group")
            .WithDescription("""
            `metric` nps (default), csat or ces (1 = very easy … 7 = very hard, lower is better; `scale` in the body says so); `from`/`to` local dates yyyy-MM-dd (default: this quarter to today); `interval` day, week,
            month (default) or quarter; `groupBy` tier, touchpoint, ticketType, channel (the ticket's), agent, team, survey or answeredVia (how the answer came: email, sms, link, widget, qr); `timeZone` an IANA name
            (default the reporting zone, Asia/Shanghai). The previous period is the same number of days just before `from`.
            Send `Accept: text/csv` for a CSV file (UTF-8 with BOM).
            """)
            .Produces<Response>(StatusCodes.Status200OK, "application/json", Csv.ContentType));
    }

    public override async Task<Results<Ok<Response>, FileContentHttpResult, ValidationProblem>> ExecuteAsync(QueryString query, CancellationToken ct)
    {
        var http = HttpContext.Request;
        var (metric, from, to, interval, groupBy, timeZone) = query;
        var errors = new Dictionary<string, string[]>();
        var m = string.IsNullOrWhiteSpace(metric) ? Measures.Nps : metric.Trim();
        if (!SatisfactionMetric.Names.Contains(m, StringComparer.Ordinal))
            errors["metric"] = [$"Unknown metric '{m}'; use one of: {string.Join(", ", SatisfactionMetric.Names)}."];
        var q = ReportQuery.Parse(from, to, interval, groupBy, timeZone, Measures.ResponseGroups, reporting, clock, errors);
        if (q is null || errors.Count > 0) return Problems.Invalid(errors);
        var response = await BuildAsync(m, q, source, session, ct);
        return Csv.Wanted(http) ? ToCsv(response) : TypedResults.Ok(response);
    }

    /// <summary>The report for a parsed query: what the endpoint answers and what a subscription sends.</summary>
    internal static async Task<Response> BuildAsync(string m, ReportQuery q, DailySource source, DbSession session, CancellationToken ct)
    {
        var (previousFrom, previousTo) = q.Previous;
        var firstBefore = Periods.Before(q.From, q.Interval);
        var readFrom = previousFrom < firstBefore.Start ? previousFrom : firstBefore.Start;
        var periods = Periods.Between(q.From, q.To, q.Interval);
        var tiles = await source.ReadScoresAsync(q.GroupBy, m, readFrom, q.To, q.Zone,
            periods.Append(firstBefore).Select(p => (p.Start, p.End)).Append((previousFrom, previousTo)).Append((q.From, q.To)), ct);

        var groups = ScoreIndex.ByValue(tiles, q.From, q.To, q.GroupBy).Select(g =>
        {
            ScoreCounts Count(DateOnly a, DateOnly b) => g.Scores.Between(a, b);
            var series = periods.Select((p, i) =>
            {
                var before = i == 0 ? firstBefore : periods[i - 1];
                return new Point(p.Label, p.Start, p.End, SatisfactionMetric.Figure(m, Count(p.Start, p.End), Count(before.Start, before.End)));
            }).ToList();
            return new Group(g.Value, SatisfactionMetric.Figure(m, Count(q.From, q.To), Count(previousFrom, previousTo)),
                SatisfactionMetric.Figure(m, Count(previousFrom, previousTo), null), series);
        }).ToList();

        var response = new Response(m, SatisfactionMetric.Scale(m), q.From, q.To, previousFrom, previousTo, q.Interval, q.GroupBy, q.TimeZone,
            source.UsesRollups(q.Zone) ? "rollups" : "facts", groups, await BenchmarkLines.ForAsync(session, [m], ct));
        return response;
    }

    internal static FileContentHttpResult ToCsv(Response r)
    {
        var countNames = r.Groups.FirstOrDefault()?.Total.Counts.Keys.ToList() ?? [];
        var scores = r.Groups.FirstOrDefault()?.Total.Distribution.Keys.ToList() ?? [];
        var header = new List<string> { "group", "period", "start", "end", "n", r.Metric, "ciLow", "ciHigh", "easyShare", "change", "beyondNoise", "smallSample", "highEffortShare" };
        header.AddRange(countNames);
        header.AddRange(scores.Select(s => "score" + s));
        IReadOnlyList<object?> Row(string group, string period, DateOnly start, DateOnly end, SatisfactionFigure f) =>
            new object?[] { group, period, start, end, f.N, f.Value, f.CiLow, f.CiHigh, f.EasyShare, f.Change, f.BeyondNoise, f.SmallSample, f.HighEffortShare }
                .Concat(countNames.Select(k => (object?)f.Counts[k])).Concat(scores.Select(s => (object?)f.Distribution[s])).ToList();
        var rows = r.Groups.SelectMany(g => g.Series.Select(p => Row(g.Value, p.Period, p.Start, p.End, p.Figure))
            .Append(Row(g.Value, "total", r.From, r.To, g.Total)));
        return Csv.File($"satisfaction-{r.Metric}-{r.From:yyyyMMdd}-{r.To:yyyyMMdd}", header, rows);
    }
}
