using Csm.BuildingBlocks.Auth;
using Csm.Modules.Rules.Contracts;
using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Notifications;
using Csm.Modules.Tickets.Sla;
using Csm.Modules.Tickets.Data;
using MediatR;

namespace Csm.Modules.Tickets.Events;

/// <summary>
/// A rule's "escalate" action: the open ticket is raised to the asked priority (never lowered) and its history says
/// which rule asked, why, and whom to tell; its due times follow the new priority. A closed ticket is left alone.
/// The role to tell gets a notification each for everyone holding it in the ticket's team (the rule names a role, not
/// a person, and whoever of them is at work should see it); when nobody in the team holds it, the first active holder
/// elsewhere hears of it, as the escalation job picks a manager: telling every holder in the company would reach people
/// with no tie to the ticket. The inbox runs this handler once per event, so a redelivery notifies nobody twice.
/// </summary>
internal sealed class RuleEscalations(DbSession session, SlaPlanner planner, IStaffDirectory staff, TimeProvider clock)
    : INotificationHandler<TicketEscalationRequested>
{
    private sealed record Row
    {
        public string Priority { get; init; } = "";
        public string? Team { get; init; }
    }

    public async Task Handle(TicketEscalationRequested e, CancellationToken ct)
    {
        if (!Enum.TryParse<TicketPriority>(e.Priority, ignoreCase: true, out var asked)) return;
        var c = await session.ConnectionAsync(ct);
        var tx = session.Transaction;
        var current = await c.QuerySingleOrDefaultAsync<Row>(
            "SELECT priority, team FROM tkt_tickets WHERE id = @Id AND status <> 'closed'", new { Id = e.TicketId }, tx);
        if (current is null || !Enum.TryParse<TicketPriority>(current.Priority, ignoreCase: true, out var priority)) return;
        var now = clock.GetUtcNow();
        if (asked > priority)
        {
            await c.ExecuteAsync("UPDATE tkt_tickets SET priority = @Priority, version = version + 1, updated_at = @Now WHERE id = @Id",
                new { Id = e.TicketId, Priority = EnumText.Of(asked), Now = now }, tx);
            // The higher priority may fall under a policy with shorter targets.
            await planner.RecomputeOpenTicketsAsync("id = @Id", new { Id = e.TicketId }, ct);
        }
        await TicketStore.AddHistoryAsync(c, tx, e.TicketId, now, "rule", "escalated",
            new { source = e.Source, reason = e.Reason, priorityFrom = priority.ToString(), priorityTo = (asked > priority ? asked : priority).ToString(), notify = e.NotifyRole });
        if (e.NotifyRole is { Length: > 0 } role)
        {
            var inTeam = current.Team is null ? [] : (await staff.ActiveAsync(c, tx, current.Team)).Where(m => m.Has(role)).Select(m => m.UserName).ToList();
            var told = inTeam.Count > 0 ? inTeam : await staff.WithRoleAsync(c, tx, role, null) is { } anyone ? [anyone] : [];
            await Notices.WriteAsync(c, tx, session.Dialect,
                told.Select(to => new Notice(to, e.TicketId, NotificationKind.RuleEscalated, Reason: e.Reason)).ToList(), now);
        }
    }
}
