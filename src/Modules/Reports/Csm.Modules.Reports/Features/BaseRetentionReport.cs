using Csm.BuildingBlocks.Http;
using Csm.Modules.Reports.Rollups;
using Csm.Modules.Reports.Statistics;

namespace Csm.Modules.Reports.Features;

/// <summary>
/// Churn and repurchase across the whole customer base (not only survey respondents), and by cohort (the month of the
/// first contract), tier and account manager, with satisfaction beside. One grouped statement over the customer facts;
/// the groupings are folded from its rows.
/// </summary>
internal sealed class BaseRetentionReport(DbSession session, ReportingZone reporting, TimeProvider clock)
    : EndpointWithoutRequest<Results<Ok<BaseRetentionReport.Response>, FileContentHttpResult>>
{
    /// <param name="Value">"all"; the cohort month yyyy-MM; the tier; the account manager. "(none)" when a customer has none.</param>
    /// <param name="Classified">Customers with a lifecycle status; the base of the churn rate.</param>
    /// <param name="Explicit">Statuses set by an import, the API, a person or a rule.</param>
    /// <param name="Derived">Statuses derived from contracts and orders.</param>
    /// <param name="Ordered">Customers with at least one order; the base of the repurchase rate.</param>
    /// <param name="Nps">NPS of the group's customers by their latest answer, null when none answered.</param>
    /// <param name="Csat">Share of the group's customers whose latest CSAT answer is 4 or 5, in percent.</param>
    public sealed record Group(
        string Value, long Customers, long Classified, long Active, long AtRisk, long Churned, long WonBack, long Explicit, long Derived,
        double? ChurnRate, double? ChurnCiLow, double? ChurnCiHigh,
        long Ordered, long Repurchased, double? RepurchaseRate, double? RepurchaseCiLow, double? RepurchaseCiHigh,
        long NpsRespondents, double? Nps, long CsatRespondents, double? Csat);

    public new sealed record Response(DateOnly AsOf, string Definitions, Group Base, IReadOnlyList<Group> ByCohort, IReadOnlyList<Group> ByTier, IReadOnlyList<Group> ByAccountManager);

    private const string Definitions =
        "Every customer known and not erased. Churn rate: customers whose lifecycle status is churned among those with a status " +
        "(explicit: set by an import, the API, a person or a rule; derived: from contracts and orders). Repurchase rate: customers " +
        "who ordered on two days or more among those who ordered. Cohort: the month of the customer's first contract. NPS and CSAT " +
        "by each customer's latest answer. Rates in percent with 95% Wilson intervals.";

    public override void Configure()
    {
        Get("reports/retention/base");
        Policies(Can.Reports);
        Group<ReportsGroup>();
        Description(d => d
            .WithName("Reports_BaseRetention")
            .WithSummary("Churn and repurchase for the whole customer base and by cohort, tier and account manager, with satisfaction beside")
            .WithDescription("Lifecycle statuses say which are explicit and which derived. Send `Accept: text/csv` for CSV.")
            .Produces<Response>(StatusCodes.Status200OK, "application/json", Csv.ContentType));
    }

    private sealed record Row
    {
        public DateOnly? FirstContract { get; init; }
        public string? Tier { get; init; }
        public string? AccountManager { get; init; }
        public long Customers { get; init; }
        public long Active { get; init; }
        public long AtRisk { get; init; }
        public long Churned { get; init; }
        public long WonBack { get; init; }
        public long Explicit { get; init; }
        public long Derived { get; init; }
        public long Ordered { get; init; }
        public long Repurchased { get; init; }
        public long NpsRespondents { get; init; }
        public long Promoters { get; init; }
        public long Detractors { get; init; }
        public long CsatRespondents { get; init; }
        public long Satisfied { get; init; }
    }

    public override async Task<Results<Ok<Response>, FileContentHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        var rows = (await c.QueryAsync<Row>(
            """
            SELECT FirstContract, Tier, AccountManager, COUNT(*) AS Customers,
              SUM(CASE WHEN Status = 'active' THEN 1 ELSE 0 END) AS Active,
              SUM(CASE WHEN Status = 'atRisk' THEN 1 ELSE 0 END) AS AtRisk,
              SUM(CASE WHEN Status = 'churned' THEN 1 ELSE 0 END) AS Churned,
              SUM(CASE WHEN Status = 'wonBack' THEN 1 ELSE 0 END) AS WonBack,
              SUM(CASE WHEN Status IS NOT NULL AND IsExplicit = 1 THEN 1 ELSE 0 END) AS Explicit,
              SUM(CASE WHEN Status IS NOT NULL AND IsExplicit = 0 THEN 1 ELSE 0 END) AS Derived,
              SUM(CASE WHEN Orders > 0 THEN 1 ELSE 0 END) AS Ordered,
              SUM(CASE WHEN Orders > 1 THEN 1 ELSE 0 END) AS Repurchased,
              SUM(CASE WHEN Nps IS NOT NULL THEN 1 ELSE 0 END) AS NpsRespondents,
              SUM(CASE WHEN Nps >= 9 THEN 1 ELSE 0 END) AS Promoters,
              SUM(CASE WHEN Nps <= 6 THEN 1 ELSE 0 END) AS Detractors,
              SUM(CASE WHEN Csat IS NOT NULL THEN 1 ELSE 0 END) AS CsatRespondents,
              SUM(CASE WHEN Csat >= 4 THEN 1 ELSE 0 END) AS Satisfied
            FROM (
              SELECT c.tier AS Tier, c.account_manager AS AccountManager, c.lifecycle_status AS Status, c.lifecycle_explicit AS IsExplicit,
                c.latest_nps AS Nps, c.latest_csat AS Csat,
                (SELECT MIN(k.starts_on) FROM rpt_contracts k WHERE k.customer_id = c.customer_id) AS FirstContract,
                (SELECT COUNT(DISTINCT o.ordered_on) FROM rpt_orders o WHERE o.customer_id = c.customer_id) AS Orders
              FROM rpt_customers c WHERE c.erased = 0
            ) s
            GROUP BY FirstContract, Tier, AccountManager
            """)).ToList();
        var response = new Response(ReportingZone.LocalDay(clock.GetUtcNow(), reporting.Zone), Definitions,
            Fold(Measures.All, rows),
            Grouped(rows, r => r.FirstContract?.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)),
            Grouped(rows, r => r.Tier),
            Grouped(rows, r => r.AccountManager));
        return Csv.Wanted(HttpContext.Request) ? ToCsv(response) : TypedResults.Ok(response);
    }

    private static List<Group> Grouped(IEnumerable<Row> rows, Func<Row, string?> key) =>
        rows.GroupBy(r => string.IsNullOrEmpty(key(r)) ? Measures.NoValue : key(r)!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Fold(g.Key, g.ToList())).ToList();

    private static Group Fold(string value, IReadOnlyList<Row> rows)
    {
        long Sum(Func<Row, long> f) => rows.Sum(f);
        var (churned, classified) = (Sum(r => r.Churned), Sum(r => r.Active + r.AtRisk + r.Churned + r.WonBack));
        var (repurchased, ordered) = (Sum(r => r.Repurchased), Sum(r => r.Ordered));
        var (npsN, csatN) = (Sum(r => r.NpsRespondents), Sum(r => r.CsatRespondents));
        var churnCi = SatisfactionMath.Wilson(churned, classified);
        var repurchaseCi = SatisfactionMath.Wilson(repurchased, ordered);
        return new Group(value, Sum(r => r.Customers), classified, Sum(r => r.Active), Sum(r => r.AtRisk), churned, Sum(r => r.WonBack),
            Sum(r => r.Explicit), Sum(r => r.Derived),
            SatisfactionMath.Share(churned, classified), churnCi?.Low, churnCi?.High,
            ordered, repurchased, SatisfactionMath.Share(repurchased, ordered), repurchaseCi?.Low, repurchaseCi?.High,
            npsN, npsN == 0 ? null : SatisfactionMath.Share(Sum(r => r.Promoters), npsN) - SatisfactionMath.Share(Sum(r => r.Detractors), npsN),
            csatN, SatisfactionMath.Share(Sum(r => r.Satisfied), csatN));
    }

    private static FileContentHttpResult ToCsv(Response r)
    {
        string[] header = ["by", "value", "customers", "classified", "active", "atRisk", "churned", "wonBack", "explicit", "derived", "churnRate",
            "churnCiLow", "churnCiHigh", "ordered", "repurchased", "repurchaseRate", "repurchaseCiLow", "repurchaseCiHigh", "npsRespondents", "nps",
            "csatRespondents", "csat"];
        IEnumerable<IReadOnlyList<object?>> Rows(string by, IEnumerable<Group> groups) => groups.Select(g => (IReadOnlyList<object?>)
            [by, g.Value, g.Customers, g.Classified, g.Active, g.AtRisk, g.Churned, g.WonBack, g.Explicit, g.Derived, g.ChurnRate, g.ChurnCiLow, g.ChurnCiHigh,
             g.Ordered, g.Repurchased, g.RepurchaseRate, g.RepurchaseCiLow, g.RepurchaseCiHigh, g.NpsRespondents, g.Nps, g.CsatRespondents, g.Csat]);
        return Csv.File($"retention-base-{r.AsOf:yyyyMMdd}", header,
            Rows("base", [r.Base]).Concat(Rows("cohort", r.ByCohort)).Concat(Rows("tier", r.ByTier)).Concat(Rows("accountManager", r.ByAccountManager)));
    }
}
