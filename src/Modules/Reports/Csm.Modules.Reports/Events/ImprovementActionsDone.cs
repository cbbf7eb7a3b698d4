using Csm.Modules.Reports.Contracts;
using Csm.Modules.Tickets.Contracts;
using MediatR;

namespace Csm.Modules.Reports.Events;

/// <summary>An improvement action's task: opened, the action names it; resolved, the action is done.</summary>
internal sealed class ImprovementActionsDone(DbSession session) : INotificationHandler<TicketCreated>, INotificationHandler<TicketResolved>
{
    public async Task Handle(TicketCreated e, CancellationToken ct)
    {
        if (ActionOf(e.Source) is not { } actionId) return;
        await (await session.ConnectionAsync(ct)).ExecuteAsync(
            "UPDATE rpt_plan_actions SET ticket_id = @TicketId WHERE id = @Id", new { e.TicketId, Id = actionId }, session.Transaction);
    }

    public async Task Handle(TicketResolved e, CancellationToken ct)
    {
        if (ActionOf(e.Source) is not { } actionId) return;
        await (await session.ConnectionAsync(ct)).ExecuteAsync(
            "UPDATE rpt_plan_actions SET ticket_id = @TicketId, done_at = @ResolvedAt WHERE id = @Id",
            new { e.TicketId, e.ResolvedAt, Id = actionId }, session.Transaction);
    }

    private static long? ActionOf(string? source) =>
        source is not null && source.StartsWith(ImprovementActionPlanned.SourcePrefix, StringComparison.Ordinal)
        && long.TryParse(source.AsSpan(ImprovementActionPlanned.SourcePrefix.Length), out var id) ? id : null;
}
