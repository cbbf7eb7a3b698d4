using Csm.Modules.Rules.Contracts;
using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Sla;
using Csm.Modules.Tickets.Tickets;
using MediatR;

namespace Csm.Modules.Tickets.Integration;

/// <summary>
/// A rule's "escalate" action: the open ticket is raised to the asked priority (never lowered) and its history says
/// which rule asked, why, and whom to tell; its due times follow the new priority. A closed ticket is left alone.
/// </summary>
internal sealed class RuleEscalations(DbSession session, SlaPlanner planner, TimeProvider clock) : INotificationHandler<TicketEscalationRequested>
{
    public async Task Handle(TicketEscalationRequested e, CancellationToken ct)
    {
        if (!Enum.TryParse<TicketPriority>(e.Priority, ignoreCase: true, out var asked)) return;
        var c = await session.ConnectionAsync(ct);
        var tx = session.Transaction;
        var current = await c.QuerySingleOrDefaultAsync<string?>(
            "SELECT priority FROM tkt_tickets WHERE id = @Id AND status <> 'closed'", new { Id = e.TicketId }, tx);
        if (current is null || !Enum.TryParse<TicketPriority>(current, ignoreCase: true, out var priority)) return;
        var now = clock.GetUtcNow();
        if (asked > priority)
        {
            await c.ExecuteAsync("UPDATE tkt_tickets SET priority = @Priority, version = version + 1, updated_at = @Now WHERE id = @Id",
                new { Id = e.TicketId, Priority = SlaPolicyStore.Text(asked), Now = now }, tx);
            // The higher priority may fall under a policy with shorter targets.
            await planner.RecomputeOpenTicketsAsync("id = @Id", new { Id = e.TicketId }, ct);
        }
        await TicketStore.AddHistoryAsync(c, tx, e.TicketId, now, "rule", "escalated",
            new { source = e.Source, reason = e.Reason, priorityFrom = priority.ToString(), priorityTo = (asked > priority ? asked : priority).ToString(), notify = e.NotifyRole });
    }
}
