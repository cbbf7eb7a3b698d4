using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Outbound;
using Csm.BuildingBlocks.Templates;
using Csm.Modules.Reports.Dashboards;
using Csm.Modules.Reports.Rollups;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Csm.Modules.Reports.Subscriptions;

/// <summary>
/// Sends each subscription its last whole period once: the report is built once per subscription and period, and each
/// recipient's delivery row (unique per subscription, period and recipient) is written with the e-mail in one
/// transaction, so a second run or a second host queues nothing again.
/// </summary>
internal sealed class ReportDeliveries(Db db, IServiceScopeFactory scopes, IStaffDirectory staff, MessageTemplates templates, TimeProvider clock,
    ILogger<ReportDeliveries> logger)
{
    public const string Kind = ReportMail.Name;

    internal sealed record SubscriptionRow
    {
        public long Id { get; init; }
        public string Report { get; init; } = "";
        public string Frequency { get; init; } = "";
        public string? UserName { get; init; }
        public string? Role { get; init; }
        public string TimeZone { get; init; } = "";
        public string Language { get; init; } = "";
        public long? DashboardId { get; init; }
    }

    public const string Select =
        "SELECT id, report, frequency, user_name AS UserName, role, time_zone AS TimeZone, language, dashboard_id AS DashboardId FROM rpt_subscriptions";

    /// <summary>Queues what is due; returns how many e-mails were queued.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct = default)
    {
        List<SubscriptionRow> subscriptions;
        await using (var c = await db.OpenAsync(ct))
            subscriptions = (await c.QueryAsync<SubscriptionRow>($"{Select} ORDER BY id")).ToList();
        var queued = 0;
        foreach (var s in subscriptions)
        {
            try
            {
                queued += await DeliverAsync(s, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Report subscription {Id} ({Report}) could not be delivered", s.Id, s.Report);
            }
        }
        return queued;
    }

    private async Task<int> DeliverAsync(SubscriptionRow s, CancellationToken ct)
    {
        if (ReportingZone.Find(s.TimeZone) is not { } zone) return 0;
        var period = SubscriptionPeriod.LastBefore(clock.GetUtcNow(), zone, s.Frequency);
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var recipients = await RecipientsAsync(session, s, period, ct);
        if (recipients.Count == 0) return 0;

        RenderedReport report;
        if (s.Report == SubscribedReports.Dashboard)
        {
            if (await DashboardStore.ByIdAsync(await session.ConnectionAsync(ct), s.DashboardId ?? 0) is not { } dashboard)
            {
                logger.LogWarning("Report subscription {Id} names dashboard {Dashboard}, which no longer exists; nothing is sent", s.Id, s.DashboardId);
                return 0;
            }
            report = await scope.ServiceProvider.GetRequiredService<SubscribedDashboard>()
                .RenderAsync(dashboard, s.Frequency, period.From, period.To, s.TimeZone, s.Language, ct);
        }
        else
            report = await scope.ServiceProvider.GetRequiredService<SubscribedReports>()
                .RenderAsync(s.Report, s.Frequency, period.From, period.To, s.TimeZone, s.Language, ct);
        var text = await templates.TextAsync(Kind, s.Language, ct);
        var values = ReportMail.Values(report, period.Label);
        var queue = scope.ServiceProvider.GetRequiredService<OutboundQueue>();

        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        var queued = 0;
        foreach (var person in recipients)
        {
            var claimed = await c.ExecuteAsync(session.Dialect.InsertIfAbsent("rpt_subscription_deliveries",
                "subscription_id, period, recipient, message_id, queued_at", "@Id, @Period, @Recipient, 0, @Now", "subscription_id, period, recipient"),
                new { s.Id, Period = period.Key, Recipient = person.UserName, Now = clock.GetUtcNow() }, tx);
            if (claimed == 0) continue;
            var message = await queue.QueueAsync(new OutboundMessage(ReportMail.Module, $"subscription:{s.Id}:{period.Key}", Kind, OutboundChannels.Email,
                string.IsNullOrWhiteSpace(person.Email) ? null : person.Email, Placeholders.Render(text.Subject, values), Placeholders.Render(text.Body, values))
            {
                Language = TemplateLanguages.Normalize(s.Language),
                Attachments = report.Files,
                Unreachable = $"{person.UserName} has no e-mail address",
            }, ct);
            await c.ExecuteAsync("UPDATE rpt_subscription_deliveries SET message_id = @Message WHERE subscription_id = @Id AND period = @Period AND recipient = @Recipient",
                new { Message = message, s.Id, Period = period.Key, Recipient = person.UserName }, tx);
            queued++;
        }
        await session.CommitAsync(ct);
        return queued;
    }

    /// <summary>The active people the subscription names who have not had this period yet.</summary>
    private async Task<List<StaffMember>> RecipientsAsync(DbSession session, SubscriptionRow s, SubscriptionPeriod period, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        var people = s.UserName is { } user
            ? (await staff.FindAsync(c, null, user) is { IsActive: true } one ? [one] : [])
            : (await staff.ActiveAsync(c, null)).Where(p => p.Has(s.Role ?? "")).ToList();
        if (people.Count == 0) return [];
        var done = (await c.QueryAsync<string>(
            "SELECT recipient FROM rpt_subscription_deliveries WHERE subscription_id = @Id AND period = @Period",
            new { s.Id, Period = period.Key })).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return people.Where(p => !done.Contains(p.UserName)).ToList();
    }
}
