using Csm.Modules.Customers.Contracts;
using MediatR;

namespace Csm.Modules.Reports.Events;

/// <summary>
/// Report rows follow a merge: the merged customer's tickets, responses, contracts and orders count for the survivor, and
/// the merged customer leaves the base (so churn and repurchase count one customer once). An undo moves back the rows
/// listed in the event and brings the customer back. Plain moves by id: a redelivery changes nothing.
/// </summary>
internal sealed class CustomerMerges(DbSession session) : INotificationHandler<CustomerMerged>, INotificationHandler<CustomerUnmerged>
{
    public async Task Handle(CustomerMerged e, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        await c.ExecuteAsync(session.Dialect.InsertIfAbsent("rpt_customers", "customer_id", "@SurvivorId", "customer_id"), new { e.SurvivorId }, session.Transaction);
        await c.ExecuteAsync(
            """
            UPDATE rpt_tickets SET customer_id = @SurvivorId WHERE customer_id = @MergedId;
            UPDATE rpt_responses SET customer_id = @SurvivorId WHERE customer_id = @MergedId;
            UPDATE rpt_contracts SET customer_id = @SurvivorId WHERE customer_id = @MergedId;
            UPDATE rpt_orders SET customer_id = @SurvivorId WHERE customer_id = @MergedId;
            DELETE FROM rpt_customers WHERE customer_id = @MergedId;
            """, new { e.SurvivorId, e.MergedId }, session.Transaction);
    }

    public async Task Handle(CustomerUnmerged e, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        var tx = session.Transaction;
        await c.ExecuteAsync(session.Dialect.InsertIfAbsent("rpt_customers", "customer_id", "@RestoredId", "customer_id"), new { e.RestoredId }, tx);
        foreach (var (table, key, ids) in new[] { ("rpt_tickets", "ticket_id", e.TicketIds), ("rpt_responses", "response_id", e.ResponseIds),
                     ("rpt_contracts", "contract_id", e.ContractIds), ("rpt_orders", "order_id", e.OrderIds) })
        {
            if (ids.Count > 0)
                await c.ExecuteAsync($"UPDATE {table} SET customer_id = @RestoredId WHERE customer_id = @SurvivorId AND {key} IN @Ids",
                    new { e.SurvivorId, e.RestoredId, Ids = ids }, tx);
        }
    }
}
