using Csm.BuildingBlocks.Http;
using Csm.BuildingBlocks.Templates;
using Csm.Modules.Reports.Dashboards;
using Csm.Modules.Reports.Rollups;
using Csm.Modules.Reports.Subscriptions;

namespace Csm.Modules.Reports.Features;

/// <summary>
/// Managers subscribe a person (a user) or everyone of a role to a report, sent by e-mail every day, week or month for
/// the last whole period in the subscription's time zone and language, with the key figures in the body and the
/// report's CSV attached. A person must have an e-mail address to be subscribed.
/// </summary>
internal static class ReportSubscriptions
{
    /// <param name="DashboardId">The dashboard of a subscription to report "dashboard", which its recipients must see.</param>
    public sealed record Form(
        string Report, string Frequency, string? UserName = null, string? Role = null, string? TimeZone = null, string? Language = null, long? DashboardId = null);

    /// <param name="LastPeriod">The latest period queued for anyone ("2026-03-02/2026-03-08"), null before the first.</param>
    public sealed record Subscription(
        long Id, string Report, string Frequency, string? UserName, string? Role, string TimeZone, string Language, string CreatedBy,
        DateTimeOffset CreatedAt, string? LastPeriod, long? DashboardId);

    internal sealed class Validator : Validator<Form>
    {
        public Validator()
        {
            RuleFor(f => f.Report).Must(r => r is not null && SubscribedReports.Titles.ContainsKey(r))
                .WithMessage(f => $"Unknown report '{f.Report}'; use one of: {string.Join(", ", SubscribedReports.Titles.Keys)}.");
            RuleFor(f => f.Frequency).Must(r => SubscriptionPeriod.Frequencies.Contains(r))
                .WithMessage(f => $"Unknown frequency '{f.Frequency}'; use daily, weekly or monthly.");
            RuleFor(f => f.UserName).NotEmpty().When(f => f.Role is null).WithMessage("Name a person (userName) or a role.");
            RuleFor(f => f.UserName).Null().When(f => f.Role is not null).WithMessage("Name a person or a role, not both.");
            RuleFor(f => f.UserName).MaximumLength(200);
            RuleFor(f => f.Role).Must(r => r is null || Roles.All.Contains(r))
                .WithMessage(f => $"Unknown role '{f.Role}'; use one of: {string.Join(", ", Roles.All)}.");
            RuleFor(f => f.TimeZone).Must(z => z is null || (z.Length <= 100 && ReportingZone.Find(z) is not null))
                .WithMessage(f => $"'{f.TimeZone}' is not a known time zone; use an IANA name such as Asia/Shanghai.");
            RuleFor(f => f.Language).Must(l => l is null || TemplateLanguages.All.Contains(l)).WithMessage("language is zh-CN or en.");
            RuleFor(f => f.DashboardId).NotNull().GreaterThan(0).When(f => f.Report == SubscribedReports.Dashboard)
                .WithMessage("A subscription to a dashboard names it (dashboardId).");
            RuleFor(f => f.DashboardId).Null().When(f => f.Report != SubscribedReports.Dashboard)
                .WithMessage("Only a subscription to report 'dashboard' names a dashboard.");
        }
    }

    private sealed record Row
    {
        public long Id { get; init; }
        public string Report { get; init; } = "";
        public string Frequency { get; init; } = "";
        public string? UserName { get; init; }
        public string? Role { get; init; }
        public string TimeZone { get; init; } = "";
        public string Language { get; init; } = "";
        public string CreatedBy { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public string? LastPeriod { get; init; }
        public long? DashboardId { get; init; }

        public Subscription View() => new(Id, Report, Frequency, UserName, Role, TimeZone, Language, CreatedBy, CreatedAt, LastPeriod, DashboardId);
    }

    private const string Select = """
        SELECT s.id, s.report, s.frequency, s.user_name AS UserName, s.role, s.time_zone AS TimeZone, s.language, s.created_by AS CreatedBy,
          s.created_at AS CreatedAt, s.dashboard_id AS DashboardId, (SELECT MAX(d.period) FROM rpt_subscription_deliveries d WHERE d.subscription_id = s.id) AS LastPeriod
        FROM rpt_subscriptions s
        """;

    internal sealed class List(DbSession session) : EndpointWithoutRequest<Ok<Paged<Subscription>>>
    {
        public override void Configure()
        {
            Get("report-subscriptions");
            Policies(Can.Reports);
            Group<ReportsGroup>();
            Description(d => d.WithName("Reports_ListSubscriptions").WithSummary("Report subscriptions: who gets which report by e-mail, how often"));
        }

        public override async Task<Ok<Paged<Subscription>>> ExecuteAsync(CancellationToken ct)
        {
            var rows = (await (await session.ConnectionAsync(ct)).QueryAsync<Row>($"{Select} ORDER BY s.id")).Select(r => r.View()).ToList();
            return TypedResults.Ok(new Paged<Subscription>(rows, rows.Count, 1, Math.Max(rows.Count, 1)));
        }
    }

    internal sealed class Create(DbSession session, IStaffDirectory staff, ReportingZone reporting, AuditTrail audit, TimeProvider clock)
        : Endpoint<Form, Results<Created<Subscription>, ValidationProblem>>
    {
        public override void Configure()
        {
            Post("report-subscriptions");
            Policies(Access.Manager);
            Group<ReportsGroup>();
            Description(d => d
                .WithName("Reports_Subscribe")
                .WithSummary("Subscribes a person or a role to a report or a dashboard by e-mail")
                .WithDescription("`report` nps, csat, ces, service, closedLoop, complaintRate, kpis, vocDigest (top detractor themes and the week's rising terms, three verbatims each) or dashboard with its `dashboardId` (each data tile's figures in the body and its report's CSV attached, one file per report; the recipients must see the dashboard); `frequency` daily, weekly (Monday to Sunday) or monthly: each e-mail covers the last whole period. Either `userName` (who must have an e-mail address) or `role`. `timeZone` (default the reporting zone) and `language` (zh-CN, the default, or en) are the recipients'. The CSV attached is the report's own CSV for that period, by day (by week for a month).")
                .WithIdempotency());
        }

        public override async Task<Results<Created<Subscription>, ValidationProblem>> ExecuteAsync(Form form, CancellationToken ct)
        {
            var c = await session.ConnectionAsync(ct);
            if (form.UserName is { } userName)
            {
                var person = await staff.FindAsync(c, null, userName.Trim());
                if (person is null) return Problems.Invalid(new Dictionary<string, string[]> { ["userName"] = [$"Nobody has the user name '{userName}'."] });
                if (string.IsNullOrWhiteSpace(person.Email))
                    return Problems.Invalid(new Dictionary<string, string[]> { ["userName"] = [$"{person.UserName} has no e-mail address; add one to the user first."] });
                form = form with { UserName = person.UserName };
                if (form.DashboardId is { } dashboard
                    && await DashboardStore.FindAsync(c, null, new Viewer(person.UserName, person.Roles, person.Team, false), dashboard) is null)
                    return Problems.Invalid("dashboardId", $"{person.UserName} does not see dashboard {dashboard} (or there is none): it is not theirs nor shared with their team or roles.");
            }
            else if (form.DashboardId is { } dashboard && await DashboardStore.FindAsync(c, null, new Viewer("", [form.Role!], null, false), dashboard) is null)
                return Problems.Invalid("dashboardId", $"Dashboard {dashboard} is not shared with the role {form.Role} (or there is none).");
            var tx = await session.BeginAsync(ct);
            var args = new
            {
                form.Report, form.Frequency, form.UserName, form.Role, TimeZone = form.TimeZone ?? reporting.Zone.Id,
                Language = form.Language ?? TemplateLanguages.Chinese, By = User.Identity?.Name ?? "", Now = clock.GetUtcNow(), form.DashboardId,
            };
            var id = await c.ExecuteScalarAsync<long>(session.Dialect.InsertReturningId("rpt_subscriptions",
                "report, frequency, user_name, role, time_zone, language, created_by, created_at, dashboard_id",
                "@Report, @Frequency, @UserName, @Role, @TimeZone, @Language, @By, @Now, @DashboardId"), args, tx);
            var created = (await c.QuerySingleAsync<Row>($"{Select} WHERE s.id = @Id", new { Id = id }, tx)).View();
            await audit.RecordAsync("reports", "reportSubscription.created", "reportSubscription", id, after: created, ct: ct);
            await session.CommitAsync(ct);
            return TypedResults.Created($"/api/report-subscriptions/{id}", created);
        }
    }

    internal sealed class Remove(DbSession session, AuditTrail audit) : EndpointWithoutRequest<Results<NoContent, ProblemHttpResult>>
    {
        public override void Configure()
        {
            Delete("report-subscriptions/{id:long}");
            Policies(Access.Manager);
            Group<ReportsGroup>();
            Description(d => d.WithName("Reports_Unsubscribe").WithSummary("Ends a report subscription").ProducesProblem(StatusCodes.Status404NotFound));
        }

        public override async Task<Results<NoContent, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
        {
            var id = Route<long>("id");
            var tx = await session.BeginAsync(ct);
            var c = await session.ConnectionAsync(ct);
            var before = await c.QuerySingleOrDefaultAsync<Row>($"{Select} WHERE s.id = @Id", new { Id = id }, tx);
            if (before is null) return Problems.NotFound("Report subscription", id);
            await c.ExecuteAsync("DELETE FROM rpt_subscription_deliveries WHERE subscription_id = @Id", new { Id = id }, tx);
            await c.ExecuteAsync("DELETE FROM rpt_subscriptions WHERE id = @Id", new { Id = id }, tx);
            await audit.RecordAsync("reports", "reportSubscription.removed", "reportSubscription", id, before: before.View(), ct: ct);
            await session.CommitAsync(ct);
            return TypedResults.NoContent();
        }
    }
}
