using Csm.Modules.Customers.Contracts;
using MediatR;

namespace Csm.Modules.Tickets.Events;

/// <summary>
/// Tickets and tasks (and the assets a ticket can name) follow a merge to the survivor, and go back when it is undone.
/// Both are plain moves keyed on ids: a redelivery finds nothing left to move.
/// </summary>
internal sealed class CustomerMerges(DbSession session) : INotificationHandler<CustomerMerged>, INotificationHandler<CustomerUnmerged>
{
    public async Task Handle(CustomerMerged e, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        await c.ExecuteAsync(
            """
            UPDATE tkt_tickets SET customer_id = @SurvivorId WHERE customer_id = @MergedId;
            UPDATE tkt_assets SET customer_id = @SurvivorId WHERE customer_id = @MergedId;
            """, new { e.SurvivorId, e.MergedId }, session.Transaction);
    }

    public async Task Handle(CustomerUnmerged e, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        var args = new { e.SurvivorId, e.RestoredId, Tickets = e.TicketIds, Assets = e.AssetIds };
        if (e.TicketIds.Count > 0)
            await c.ExecuteAsync("UPDATE tkt_tickets SET customer_id = @RestoredId WHERE customer_id = @SurvivorId AND id IN @Tickets", args, session.Transaction);
        if (e.AssetIds.Count > 0)
            await c.ExecuteAsync("UPDATE tkt_assets SET customer_id = @RestoredId WHERE customer_id = @SurvivorId AND asset_id IN @Assets", args, session.Transaction);
    }
}
