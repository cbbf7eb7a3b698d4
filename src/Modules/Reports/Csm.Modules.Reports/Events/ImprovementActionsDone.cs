using Csm.Modules.Reports.Contracts;
using Csm.Modules.Tickets.Contracts;
using MediatR;

namespace Csm.Modules.Reports.Events;

/// <summary>An improvement action's task was resolved: the action is done, and names its task.</summary>
internal sealed class ImprovementActionsDone(DbSession session) : INotificationHandler<TicketResolved>
{
    public async Task Handle(TicketResolved e, CancellationToken ct)
    {
        if (e.Source is not { } source || !source.StartsWith(ImprovementActionPlanned.SourcePrefix, StringComparison.Ordinal)
            || !long.TryParse(source.AsSpan(ImprovementActionPlanned.SourcePrefix.Length), out var actionId)) return;
        await (await session.ConnectionAsync(ct)).ExecuteAsync(
            "UPDATE rpt_plan_actions SET ticket_id = @TicketId, done_at = @ResolvedAt WHERE id = @Id",
            new { e.TicketId, e.ResolvedAt, Id = actionId }, session.Transaction);
    }
}
