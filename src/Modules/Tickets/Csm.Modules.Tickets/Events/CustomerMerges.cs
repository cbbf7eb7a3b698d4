using Csm.Modules.Customers.Contracts;
using MediatR;

namespace Csm.Modules.Tickets.Events;

/// <summary>
/// Tickets and tasks (and the assets a ticket can name, and the WeChat senders linked to the customer) follow a merge to the survivor, and go back when it is undone.
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
            UPDATE tkt_wechat_followers SET customer_id = @SurvivorId WHERE customer_id = @MergedId;
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
        // A WeChat sender goes back with the tickets their conversations opened.
        if (e.TicketIds.Count > 0)
            await c.ExecuteAsync(
                """
                UPDATE tkt_wechat_followers SET customer_id = @RestoredId
                WHERE customer_id = @SurvivorId AND EXISTS (SELECT 1 FROM tkt_wechat_threads t
                  WHERE t.platform = tkt_wechat_followers.platform AND t.open_id = tkt_wechat_followers.open_id AND t.ticket_id IN @Tickets)
                """, args, session.Transaction);
    }
}
