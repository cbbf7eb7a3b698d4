using Csm.BuildingBlocks.Http;
using Csm.Modules.Reports.Reporting;
using Csm.Modules.Reports.Rollups;

namespace Csm.Modules.Reports.Features;

/// <summary>
/// Complaints (tickets of the complaint kind, whatever their type) per 100 customers and per 1,000 orders, by period and
/// tier. Customers are those known now and not erased (the same base for every period); orders are those placed in the period.
/// </summary>
internal sealed class ComplaintRate(DbSession session, ReportingZone reporting, TimeProvider clock)
    : Endpoint<ComplaintRate.QueryString, Results<Ok<ComplaintRate.Response>, FileContentHttpResult, ValidationProblem>>
{
    /// <param name="PerThousandOrders">Null when no order was placed in the period.</param>
    public sealed record Rate(string Period, DateOnly Start, DateOnly End, long Complaints, long Customers, long Orders, double? PerHundredCustomers, double? PerThousandOrders);

    /// <param name="Value">The tier, or "all"; "(none)" for customers without one.</param>
    public sealed record Group(string Value, Rate Total, IReadOnlyList<Rate> Series);

    public new sealed record Response(DateOnly From, DateOnly To, string Interval, string GroupBy, string TimeZone, IReadOnlyList<Group> Groups);

    /// <summary>The query string.</summary>
    public sealed record QueryString(string? From = null, string? To = null, string? Interval = null, string? GroupBy = null, string? TimeZone = null);

    public override void Configure()
    {
        Get("reports/complaint-rate");
        Policies(Can.Reports);
        Group<ReportsGroup>();
        Description(d => d
            .WithName("Reports_ComplaintRate")
            .WithSummary("Complaints per 100 customers and per 1,000 orders, by period and tier")
            .WithDescription("`from`, `to`, `interval`, `timeZone` as in the satisfaction report; `groupBy` tier (or nothing for everyone). Complaints are tickets of the complaint kind opened in the period; customers are those known now and not erased; orders those placed in the period. Send `Accept: text/csv` for CSV.")
            .Produces<Response>(StatusCodes.Status200OK, "application/json", Csv.ContentType));
    }

    private sealed record Complaint
    {
        public DateTimeOffset CreatedAt { get; init; }
        public string? Tier { get; init; }
    }

    private sealed record Count
    {
        public DateOnly? Day { get; init; }
        public string? Tier { get; init; }
        public long N { get; init; }
    }

    public override async Task<Results<Ok<Response>, FileContentHttpResult, ValidationProblem>> ExecuteAsync(QueryString query, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var q = ReportQuery.Parse(query.From, query.To, query.Interval, query.GroupBy, query.TimeZone, ["tier"], reporting, clock, errors);
        if (q is null || errors.Count > 0) return Problems.Invalid(errors);
        var response = await BuildAsync(q, session, ct);
        return Csv.Wanted(HttpContext.Request) ? ToCsv(response) : TypedResults.Ok(response);
    }

    internal static async Task<Response> BuildAsync(ReportQuery q, DbSession session, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        var complaints = (await c.QueryAsync<Complaint>(
            "SELECT created_at AS CreatedAt, tier AS Tier FROM rpt_tickets WHERE kind = 'complaint' AND created_at >= @From AND created_at < @To",
            new { From = ReportingZone.StartOf(q.From, q.Zone), To = ReportingZone.StartOf(q.To.AddDays(1), q.Zone) }))
            .Select(t => (Day: ReportingZone.LocalDay(t.CreatedAt, q.Zone), t.Tier)).ToList();
        var orders = (await c.QueryAsync<Count>("""
            SELECT o.ordered_on AS Day, cu.tier AS Tier, COUNT(*) AS N FROM rpt_orders o LEFT JOIN rpt_customers cu ON cu.customer_id = o.customer_id
            WHERE o.ordered_on >= @From AND o.ordered_on <= @To GROUP BY o.ordered_on, cu.tier
            """, new { q.From, q.To })).ToList();
        var customers = (await c.QueryAsync<Count>("SELECT tier AS Tier, COUNT(*) AS N FROM rpt_customers WHERE erased = 0 GROUP BY tier")).ToList();

        var byTier = q.GroupBy == "tier";
        string Of(string? tier) => byTier ? (string.IsNullOrEmpty(tier) ? Measures.NoValue : tier) : Measures.All;
        var values = complaints.Select(x => Of(x.Tier)).Concat(customers.Select(x => Of(x.Tier))).Append(byTier ? null : Measures.All)
            .OfType<string>().Distinct().OrderBy(v => v, StringComparer.Ordinal).ToList();
        var periods = Periods.Between(q.From, q.To, q.Interval);

        Rate RateOf(string value, string label, DateOnly start, DateOnly end)
        {
            var n = complaints.Count(x => Of(x.Tier) == value && x.Day >= start && x.Day <= end);
            var known = customers.Where(x => Of(x.Tier) == value).Sum(x => x.N);
            var placed = orders.Where(x => Of(x.Tier) == value && x.Day >= start && x.Day <= end).Sum(x => x.N);
            return new Rate(label, start, end, n, known, placed, known == 0 ? null : 100.0 * n / known, placed == 0 ? null : 1000.0 * n / placed);
        }

        var groups = values.Select(v => new Group(v, RateOf(v, "total", q.From, q.To),
            periods.Select(p => RateOf(v, p.Label, p.Start, p.End)).ToList())).ToList();
        return new Response(q.From, q.To, q.Interval, q.GroupBy, q.TimeZone, groups);
    }

    internal static FileContentHttpResult ToCsv(Response r)
    {
        string[] header = ["group", "period", "start", "end", "complaints", "customers", "orders", "perHundredCustomers", "perThousandOrders"];
        static IReadOnlyList<object?> Row(string group, Rate x) =>
            [group, x.Period, x.Start, x.End, x.Complaints, x.Customers, x.Orders, x.PerHundredCustomers, x.PerThousandOrders];
        return Csv.File($"complaint-rate-{r.From:yyyyMMdd}-{r.To:yyyyMMdd}", header, r.Groups.SelectMany(g => g.Series.Append(g.Total).Select(x => Row(g.Value, x))));
    }
}
