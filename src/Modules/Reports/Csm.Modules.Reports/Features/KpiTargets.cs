using Csm.BuildingBlocks.Http;
using Csm.Modules.Reports.Reporting;
using Csm.Modules.Reports.Rollups;

namespace Csm.Modules.Reports.Features;

/// <summary>
/// KPI targets per agent or team, set by managers, and the report that shows each against its actual over a range:
/// SLA compliance (% of resolved tickets within their SLA), CSAT (% satisfied), NPS and resolved tickets (a count). For
/// all four, higher is better. Actuals come from the rollups: a few reads for any number of targets.
/// </summary>
internal static class KpiTargets
{
    public static readonly string[] Scopes = ["agent", "team"];
    public static readonly string[] Kpis = ["slaCompliance", "csat", "nps", "resolved"];

    /// <param name="Subject">The agent's user name or the team's name, as tickets carry them.</param>
    public sealed record Target(long Id, string Scope, string Subject, string Kpi, double Value);

    public sealed record SetRequest(string Scope, string Subject, string Kpi, double Value);

    /// <param name="Actual">Null when nothing was measured in the range.</param>
    /// <param name="N">Tickets resolved (slaCompliance, resolved) or answers (csat, nps) behind the actual.</param>
    public sealed record Standing(long Id, string Scope, string Subject, string Kpi, double Target, double? Actual, long N, bool? Met);

    public sealed record Report(DateOnly From, DateOnly To, string TimeZone, IReadOnlyList<Standing> Targets);

    /// <summary>The query string.</summary>
    public sealed record ReportQueryString(string? From = null, string? To = null, string? TimeZone = null);

    internal sealed class SetValidator : Validator<SetRequest>
    {
        public SetValidator()
        {
            RuleFor(r => r.Scope).Must(s => Scopes.Contains(s)).WithMessage(r => $"Unknown scope '{r.Scope}'; use agent or team.");
            RuleFor(r => r.Subject).NotEmpty().MaximumLength(100);
            RuleFor(r => r.Kpi).Must(k => Kpis.Contains(k)).WithMessage(r => $"Unknown KPI '{r.Kpi}'; use one of: {string.Join(", ", Kpis)}.");
            RuleFor(r => r.Value).Must(v => double.IsFinite(v) && v >= -100 && v <= 1_000_000).WithMessage("A target is a number from -100 up.");
            RuleFor(r => r.Value).InclusiveBetween(0, 100).When(r => r.Kpi is "slaCompliance" or "csat").WithMessage("A percentage is between 0 and 100.");
        }
    }

    private sealed record TargetRow
    {
        public long Id { get; init; }
        public string Scope { get; init; } = "";
        public string Subject { get; init; } = "";
        public string Kpi { get; init; } = "";
        public double Value { get; init; }
    }

    private const string Select = "SELECT id, scope, subject, kpi, target AS Value FROM rpt_kpi_targets";

    internal sealed class Set(DbSession session, AuditTrail audit, TimeProvider clock) : Endpoint<SetRequest, Ok<Target>>
    {
        public override void Configure()
        {
            Put("kpi-targets");
            Policies(Access.Manager);
            Group<ReportsGroup>();
            Description(d => d
                .WithName("Reports_SetKpiTarget")
                .WithSummary("Sets an agent's or a team's target on one KPI (replacing the one it had)")
                .WithDescription("`scope` agent or team; `subject` the user name or team name; `kpi` slaCompliance or csat (percent), nps (points) or resolved (tickets in the range asked)."));
        }

        public override async Task<Ok<Target>> ExecuteAsync(SetRequest r, CancellationToken ct)
        {
            var tx = await session.BeginAsync(ct);
            var c = await session.ConnectionAsync(ct);
            var args = new { r.Scope, Subject = r.Subject.Trim(), r.Kpi, r.Value, Now = clock.GetUtcNow() };
            var before = await c.QuerySingleOrDefaultAsync<TargetRow>($"{Select} WHERE scope = @Scope AND subject = @Subject AND kpi = @Kpi", args, tx);
            await c.ExecuteAsync(session.Dialect.InsertIfAbsent("rpt_kpi_targets", "scope, subject, kpi, target, updated_at",
                "@Scope, @Subject, @Kpi, @Value, @Now", "scope, subject, kpi"), args, tx);
            await c.ExecuteAsync("UPDATE rpt_kpi_targets SET target = @Value, updated_at = @Now WHERE scope = @Scope AND subject = @Subject AND kpi = @Kpi", args, tx);
            var row = await c.QuerySingleAsync<TargetRow>($"{Select} WHERE scope = @Scope AND subject = @Subject AND kpi = @Kpi", args, tx);
            var target = new Target(row.Id, row.Scope, row.Subject, row.Kpi, row.Value);
            await audit.RecordAsync("reports", "kpiTarget.set", "kpiTarget", row.Id, before, target, ct);
            await session.CommitAsync(ct);
            return TypedResults.Ok(target);
        }
    }

    internal sealed class Remove(DbSession session, AuditTrail audit) : EndpointWithoutRequest<Results<NoContent, ProblemHttpResult>>
    {
        public override void Configure()
        {
            Delete("kpi-targets/{id:long}");
            Policies(Access.Manager);
            Group<ReportsGroup>();
            Description(d => d.WithName("Reports_RemoveKpiTarget").WithSummary("Removes a KPI target").ProducesProblem(StatusCodes.Status404NotFound));
        }

        public override async Task<Results<NoContent, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
        {
            var id = Route<long>("id");
            var tx = await session.BeginAsync(ct);
            var c = await session.ConnectionAsync(ct);
            var before = await c.QuerySingleOrDefaultAsync<TargetRow>($"{Select} WHERE id = @Id", new { Id = id }, tx);
            if (before is null) return Problems.NotFound("KPI target", id);
            await c.ExecuteAsync("DELETE FROM rpt_kpi_targets WHERE id = @Id", new { Id = id }, tx);
            await audit.RecordAsync("reports", "kpiTarget.removed", "kpiTarget", id, before: before, ct: ct);
            await session.CommitAsync(ct);
            return TypedResults.NoContent();
        }
    }

    internal sealed class Actuals(DbSession session, DailySource source, ReportingZone reporting, TimeProvider clock)
        : Endpoint<ReportQueryString, Results<Ok<Report>, FileContentHttpResult, ValidationProblem>>
    {
        public override void Configure()
        {
            Get("reports/kpis");
            Policies(Can.Reports);
            Group<ReportsGroup>();
            Description(d => d
                .WithName("Reports_KpiTargets")
                .WithSummary("Every agent's and team's KPI target against its actual over a range, and whether it is met")
                .WithDescription("`from`, `to`, `timeZone` as in the satisfaction report (default: this quarter to today). Send `Accept: text/csv` for CSV.")
                .Produces<Report>(StatusCodes.Status200OK, "application/json", Csv.ContentType));
        }

        public override async Task<Results<Ok<Report>, FileContentHttpResult, ValidationProblem>> ExecuteAsync(ReportQueryString query, CancellationToken ct)
        {
            var errors = new Dictionary<string, string[]>();
            var q = ReportQuery.Parse(query.From, query.To, null, null, query.TimeZone, [], reporting, clock, errors);
            if (q is null || errors.Count > 0) return Problems.Invalid(errors);
            var report = await BuildAsync(q, session, source, ct);
            return Csv.Wanted(HttpContext.Request) ? ToCsv(report) : TypedResults.Ok(report);
        }

        internal static async Task<Report> BuildAsync(ReportQuery q, DbSession session, DailySource source, CancellationToken ct)
        {
            var c = await session.ConnectionAsync(ct);
            var targets = (await c.QueryAsync<TargetRow>($"{Select} ORDER BY scope, subject, kpi")).ToList();
            var range = new[] { (q.From, q.To) };
            var standings = new List<Standing>();
            foreach (var scope in targets.Select(t => t.Scope).Distinct())
            {
                var mine = targets.Where(t => t.Scope == scope).ToList();
                var service = (await source.ReadAsync(scope, [Measures.Resolved, Measures.SlaMet], null, q.From, q.To, q.Zone, ct, range))
                    .ToLookup(r => (r.Value, r.Measure), r => r.N);
                var scores = new Dictionary<string, ILookup<string, ScoreTile>>();
                foreach (var metric in mine.Select(t => t.Kpi).Where(k => k is "csat" or "nps").Distinct())
                    scores[metric] = (await source.ReadScoresAsync(scope, metric, q.From, q.To, q.Zone, range, ct)).ToLookup(t => t.Value);
                standings.AddRange(mine.Select(t =>
                {
                    var resolved = service[(t.Subject, Measures.Resolved)].Sum();
                    var (actual, n) = t.Kpi switch
                    {
                        "resolved" => (resolved, resolved),
                        "slaCompliance" => (resolved == 0 ? null : 100.0 * service[(t.Subject, Measures.SlaMet)].Sum() / resolved, resolved),
                        _ => Figure(t.Kpi, scores[t.Kpi][t.Subject], q),
                    };
                    return new Standing(t.Id, t.Scope, t.Subject, t.Kpi, t.Value, actual, n, actual is { } a ? a >= t.Value : null);
                }));
            }
            return new Report(q.From, q.To, q.TimeZone, standings);
        }

        internal static FileContentHttpResult ToCsv(Report r) => Csv.File($"kpis-{r.From:yyyyMMdd}-{r.To:yyyyMMdd}",
            ["scope", "subject", "kpi", "target", "actual", "n", "met"],
            r.Targets.Select(t => (IReadOnlyList<object?>)[t.Scope, t.Subject, t.Kpi, t.Target, t.Actual, t.N, t.Met]));

        private static (double? Value, long N) Figure(string metric, IEnumerable<ScoreTile> tiles, ReportQuery q)
        {
            var figure = SatisfactionMetric.Figure(metric, ScoreIndex.Of(tiles).Between(q.From, q.To), null);
            return (figure.Value, figure.N);
        }
    }
}
