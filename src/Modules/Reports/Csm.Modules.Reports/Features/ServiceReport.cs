using Csm.BuildingBlocks.Http;
using Csm.Modules.Reports.Reporting;
using Csm.Modules.Reports.Rollups;
using Csm.Modules.Reports.Statistics;

namespace Csm.Modules.Reports.Features;

internal sealed class ServiceReport(DailySource source, DbSession session, ReportingZone reporting, TimeProvider clock)
    : Endpoint<ServiceReport.QueryString, Results<Ok<ServiceReport.Response>, FileContentHttpResult, ValidationProblem>>
{
    /// <summary>
    /// Tickets created and resolved in the period (proactive tasks excluded). Times are business minutes. Rates in percent:
    /// resolution rate = created in the period and resolved since; first-contact resolution, SLA compliance and reopen
    /// rate are shares of the tickets resolved in the period; escalations are tickets whose first SLA breach fell in it.
    /// </summary>
    public sealed record Figures(
        long Created, long Resolved, Duration FirstResponse, Duration Resolution, double? ResolutionRate,
        double? FirstContactResolution, double? SlaCompliance, double? ReopenRate, long Escalations);

    public sealed record Point(string Period, DateOnly Start, DateOnly End, Figures Figures);

    public sealed record AgeCount(string Age, long Tickets);

    public sealed record StageCount(string Stage, long Tickets);

    /// <summary>Open tickets now, by how long they have been open and by workflow stage.</summary>
    public sealed record Backlog(long Open, IReadOnlyList<AgeCount> ByAge, IReadOnlyList<StageCount> ByStage);

    public sealed record Group(string Value, Figures Total, IReadOnlyList<Point> Series, Backlog Backlog);

    public new sealed record Response(DateOnly From, DateOnly To, string Interval, string GroupBy, string TimeZone, string Source, IReadOnlyList<Group> Groups);

    private static readonly string[] ServiceMeasures =
    [
        Measures.Created, Measures.ResolvedOfCreated, Measures.Resolved, Measures.FirstContact, Measures.FirstResponse,
        Measures.Resolution, Measures.SlaMet, Measures.Reopened, Measures.Escalated,
    ];

    /// <summary>The query string.</summary>
    public sealed record QueryString(string? From = null, string? To = null, string? Interval = null, string? GroupBy = null, string? TimeZone = null);

    public override void Configure()
    {
        Get("reports/service");
        Policies(Can.Reports);
        Group<ReportsGroup>();
        Description(d => d
            .WithName("Reports_Service")
            .WithSummary("First-response and resolution times, resolution rate, first-contact resolution, SLA compliance, reopen rate, escalations and backlog")
            .WithDescription("""
            `from`/`to` local dates yyyy-MM-dd (default: this quarter to today); `interval` day, week, month (default) or quarter;
            `groupBy` tier, ticketType, channel, agent or team, tag, or field:{key} (a ticket field's values; a ticket counts under each of its tags or values); `timeZone` an IANA name (default the reporting zone).
            Median and p90 are exact to a 5%-wide bucket; means are exact. Send `Accept: text/csv` for CSV.
            """)
            .Produces<Response>(StatusCodes.Status200OK, "application/json", Csv.ContentType));
    }

    public override async Task<Results<Ok<Response>, FileContentHttpResult, ValidationProblem>> ExecuteAsync(QueryString query, CancellationToken ct)
    {
        var http = HttpContext.Request;
        var errors = new Dictionary<string, string[]>();
        // Besides the fixed groups: "tag", or "field:{key}" for a ticket field's values.
        var byLabel = query.GroupBy?.Trim() is { } g && (g == Events.LabelsSeen.Tag || (g.StartsWith(Events.LabelsSeen.FieldPrefix, StringComparison.Ordinal)
            && System.Text.RegularExpressions.Regex.IsMatch(g[Events.LabelsSeen.FieldPrefix.Length..], "^[A-Za-z][A-Za-z0-9_]{0,39}$")));
        var groups = byLabel ? [.. Measures.TicketGroups, query.GroupBy!.Trim()] : Measures.TicketGroups;
        var q = ReportQuery.Parse(query.From, query.To, query.Interval, query.GroupBy, query.TimeZone, groups, reporting, clock, errors);
        if (q is null)
        {
            if (errors.TryGetValue("groupBy", out var message)) errors["groupBy"] = [message[0].TrimEnd('.') + ", tag or field:{key}."];
            return Problems.Invalid(errors);
        }
        var response = await BuildAsync(q, byLabel, source, session, clock, ct);
        return Csv.Wanted(http) ? ToCsv(response) : TypedResults.Ok(response);
    }

    internal static async Task<Response> BuildAsync(ReportQuery q, bool byLabel, DailySource source, DbSession session, TimeProvider clock, CancellationToken ct)
    {
        var periods = Periods.Between(q.From, q.To, q.Interval);
        var rows = byLabel
            ? await source.RecountByLabelAsync(q.GroupBy, ServiceMeasures, q.From, q.To, q.Zone, ct)
            : await source.ReadAsync(q.GroupBy, ServiceMeasures, null, q.From, q.To, q.Zone, ct, periods.Select(p => (p.Start, p.End)));
        var backlogs = await TicketBacklog.ReadAsync(session, q.GroupBy, clock.GetUtcNow(), ct);
        var values = DayIndex.ByValue(rows, q.From, q.To, q.GroupBy).Select(g => g.Value).Union(backlogs.Keys).ToList();
        var byValue = rows.GroupBy(r => r.Value).ToDictionary(g => g.Key, g => new DayIndex(g));
        var grouped = values.Select(value =>
        {
            var days = byValue.GetValueOrDefault(value) ?? new DayIndex([]);
            return new Group(value, Compute(days.Between(q.From, q.To).ToList()),
                periods.Select(p => new Point(p.Label, p.Start, p.End, Compute(days.Between(p.Start, p.End).ToList()))).ToList(),
                backlogs.GetValueOrDefault(value) ?? TicketBacklog.Empty);
        }).ToList();

        return new Response(q.From, q.To, q.Interval, q.GroupBy, q.TimeZone, source.UsesRollups(q.Zone) && !byLabel ? "rollups" : "facts", grouped);
    }

    internal static Figures Compute(IReadOnlyList<DailyRow> rows)
    {
        var created = rows.Count(Measures.Created);
        var resolved = rows.Count(Measures.Resolved);
        return new Figures(created, resolved, Duration.Of(rows.Of(Measures.FirstResponse)), Duration.Of(rows.Of(Measures.Resolution)),
            SatisfactionMath.Share(rows.Count(Measures.ResolvedOfCreated), created),
            SatisfactionMath.Share(rows.Count(Measures.FirstContact), resolved),
            SatisfactionMath.Share(rows.Count(Measures.SlaMet), resolved),
            SatisfactionMath.Share(rows.Count(Measures.Reopened), resolved),
            rows.Count(Measures.Escalated));
    }

    internal static FileContentHttpResult ToCsv(Response r)
    {
        string[] header =
        [
            "group", "period", "start", "end", "created", "resolved", "firstResponseN", "firstResponseMedian", "firstResponseP90", "firstResponseMean",
            "resolutionN", "resolutionMedian", "resolutionP90", "resolutionMean", "resolutionRate", "firstContactResolution", "slaCompliance",
            "reopenRate", "escalations", "openNow",
        ];
        IReadOnlyList<object?> Row(Group g, string period, DateOnly start, DateOnly end, Figures f) =>
        [
            g.Value, period, start, end, f.Created, f.Resolved, f.FirstResponse.N, f.FirstResponse.Median, f.FirstResponse.P90, f.FirstResponse.Mean,
            f.Resolution.N, f.Resolution.Median, f.Resolution.P90, f.Resolution.Mean, f.ResolutionRate, f.FirstContactResolution, f.SlaCompliance,
            f.ReopenRate, f.Escalations, g.Backlog.Open,
        ];
        return Csv.File($"service-{r.From:yyyyMMdd}-{r.To:yyyyMMdd}", header,
            r.Groups.SelectMany(g => g.Series.Select(p => Row(g, p.Period, p.Start, p.End, p.Figures)).Append(Row(g, "total", r.From, r.To, g.Total))));
    }
}
