using Csm.BuildingBlocks.Http;
using Csm.Modules.Reports.Reporting;
using Csm.Modules.Reports.Rollups;
using Csm.Modules.Reports.Statistics;

namespace Csm.Modules.Reports.Features;

internal sealed class RetentionReport(DbSession session, ReportingZone reporting, TimeProvider clock)
    : Endpoint<RetentionReport.QueryString, Results<Ok<RetentionReport.Response>, FileContentHttpResult, ValidationProblem>>
{
    /// <param name="Segment">An NPS category (promoters, passives, detractors) or a CSAT band (satisfied 4–5, neutral 3, dissatisfied 1–2).</param>
    public sealed record Segment(
        string Name, long Customers, long Churned, double? ChurnRate, double? ChurnCiLow, double? ChurnCiHigh,
        long Repurchased, double? RepurchaseRate, double? RepurchaseCiLow, double? RepurchaseCiHigh, long NotRepurchased);

    public new sealed record Response(
        DateOnly From, DateOnly To, DateOnly AsOf, string Definitions, IReadOnlyList<Segment> ByNpsCategory, IReadOnlyList<Segment> ByCsatBand,
        IReadOnlyList<BenchmarkLine> Benchmarks);

    private const string Definitions =
        "Customers are placed by their latest NPS (or CSAT) answer, when that answer fell between from and to (reporting-zone days). " +
        "Churned: the customer had contracts and none is still running today (every one expired, terminated or past its end date). " +
        "Repurchased: an order dated on or after the day of that answer. Rates in percent with 95% Wilson intervals. Erased customers are left out.";

    /// <summary>The query string.</summary>
    public sealed record QueryString(string? From = null, string? To = null);

    public override void Configure()
    {
        Get("reports/retention");
        Policies(Can.Reports);
        Group<ReportsGroup>();
        Description(d => d
            .WithName("Reports_Retention")
            .WithSummary("Churn and repurchase rates by NPS category and by CSAT band, beside the benchmark lines managers set")
            .WithDescription("`from`/`to` local dates yyyy-MM-dd (default: this quarter to today) select customers by the day of their latest answer. Send `Accept: text/csv` for CSV.")
            .Produces<Response>(StatusCodes.Status200OK, "application/json", Csv.ContentType));
    }

    private sealed record Row
    {
        public long Score { get; init; }
        public long Customers { get; init; }
        public long Churned { get; init; }
        public long Repurchased { get; init; }
    }

    public override async Task<Results<Ok<Response>, FileContentHttpResult, ValidationProblem>> ExecuteAsync(QueryString query, CancellationToken ct)
    {
        var http = HttpContext.Request;
        var (from, to) = query;
        var errors = new Dictionary<string, string[]>();
        var q = ReportQuery.Parse(from, to, null, null, null, [], reporting, clock, errors);
        if (q is null) return Problems.Invalid(errors);
        var today = ReportingZone.LocalDay(clock.GetUtcNow(), reporting.Zone);

        var nps = await ReadAsync(session, "nps", q, today, ct);
        var csat = await ReadAsync(session, "csat", q, today, ct);
        var response = new Response(q.From, q.To, today, Definitions,
            [Segmented("promoters", nps, 9, 10), Segmented("passives", nps, 7, 8), Segmented("detractors", nps, 0, 6)],
            [Segmented("satisfied", csat, 4, 5), Segmented("neutral", csat, 3, 3), Segmented("dissatisfied", csat, 1, 2)],
            await BenchmarkLines.ForAsync(session, ["churnRate", "repurchaseRate"], ct));
        return Csv.Wanted(http) ? ToCsv(response) : TypedResults.Ok(response);
    }

    /// <summary>Customers per latest score, with how many churned and how many bought again: one set-based pass over customer facts.</summary>
    private static async Task<IReadOnlyList<Row>> ReadAsync(DbSession session, string metric, ReportQuery q, DateOnly today, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        return (await c.QueryAsync<Row>($"""
            SELECT Score, COUNT(*) AS Customers, SUM(Churned) AS Churned, SUM(Repurchased) AS Repurchased FROM (
              SELECT c.latest_{metric} AS Score,
                CASE WHEN EXISTS (SELECT 1 FROM rpt_contracts k WHERE k.customer_id = c.customer_id)
                      AND NOT EXISTS (SELECT 1 FROM rpt_contracts k WHERE k.customer_id = c.customer_id
                                      AND k.status NOT IN ('expired', 'terminated') AND k.ends_on >= @Today)
                     THEN 1 ELSE 0 END AS Churned,
                CASE WHEN EXISTS (SELECT 1 FROM rpt_orders o WHERE o.customer_id = c.customer_id AND o.ordered_on >= c.latest_{metric}_day)
                     THEN 1 ELSE 0 END AS Repurchased
              FROM rpt_customers c
              WHERE c.erased = 0 AND c.latest_{metric}_day >= @From AND c.latest_{metric}_day <= @To
            ) s GROUP BY Score
            """, new { q.From, q.To, Today = today })).ToList();
    }

    private static Segment Segmented(string name, IReadOnlyList<Row> rows, int low, int high)
    {
        var mine = rows.Where(r => r.Score >= low && r.Score <= high).ToList();
        long customers = mine.Sum(r => r.Customers), churned = mine.Sum(r => r.Churned), repurchased = mine.Sum(r => r.Repurchased);
        var churnCi = SatisfactionMath.Wilson(churned, customers);
        var repurchaseCi = SatisfactionMath.Wilson(repurchased, customers);
        return new Segment(name, customers, churned, SatisfactionMath.Share(churned, customers), churnCi?.Low, churnCi?.High,
            repurchased, SatisfactionMath.Share(repurchased, customers), repurchaseCi?.Low, repurchaseCi?.High, customers - repurchased);
    }

    private static FileContentHttpResult ToCsv(Response r)
    {
        string[] header = ["by", "segment", "customers", "churned", "churnRate", "churnCiLow", "churnCiHigh", "repurchased", "repurchaseRate",
            "repurchaseCiLow", "repurchaseCiHigh", "notRepurchased"];
        IEnumerable<IReadOnlyList<object?>> Rows(string by, IReadOnlyList<Segment> segments) => segments.Select(s => (IReadOnlyList<object?>)
            [by, s.Name, s.Customers, s.Churned, s.ChurnRate, s.ChurnCiLow, s.ChurnCiHigh, s.Repurchased, s.RepurchaseRate, s.RepurchaseCiLow, s.RepurchaseCiHigh, s.NotRepurchased]);
        return Csv.File($"retention-{r.From:yyyyMMdd}-{r.To:yyyyMMdd}", header, Rows("npsCategory", r.ByNpsCategory).Concat(Rows("csatBand", r.ByCsatBand)));
    }
}
