using Csm.Modules.Customers.Contracts;
using Csm.Modules.Rules.Facts;
using MediatR;

namespace Csm.Modules.Rules.Events;

/// <summary>
/// Rule facts follow a merge: the merged customer's tickets, contracts, assets, orders and ticket days count for the
/// survivor, its counts and latest dates are folded into the survivor's, and its own facts row goes (it is no longer a
/// customer rules run for). Firings move unless the survivor already fired in the same cool-down window. Idempotent: the
/// counts are folded only while the merged customer's row exists, in the same transaction that deletes it. An undo moves
/// back the records listed in the event (ticket days and firings stay with the survivor).
/// </summary>
internal sealed class CustomerMerges(FactsStore facts) : INotificationHandler<CustomerMerged>, INotificationHandler<CustomerUnmerged>
{
    private sealed record Folded
    {
        public DateTimeOffset? LastInteractionAt { get; init; }
        public long Tickets7d { get; init; }
        public long Tickets30d { get; init; }
        public long Tickets90d { get; init; }
    }

    public async Task Handle(CustomerMerged e, CancellationToken ct)
    {
        await facts.EnsureCustomerAsync(e.SurvivorId, ct);
        var (c, tx) = await facts.OpenAsync(ct);
        var args = new { e.SurvivorId, e.MergedId };
        await c.ExecuteAsync(
            """
            UPDATE rul_tickets SET customer_id = @SurvivorId WHERE customer_id = @MergedId;
            UPDATE rul_contracts SET customer_id = @SurvivorId WHERE customer_id = @MergedId;
            UPDATE rul_assets SET customer_id = @SurvivorId WHERE customer_id = @MergedId;
            UPDATE rul_orders SET customer_id = @SurvivorId WHERE customer_id = @MergedId;
            UPDATE rul_firings SET customer_id = @SurvivorId WHERE customer_id = @MergedId AND NOT EXISTS (
              SELECT 1 FROM rul_firings f WHERE f.customer_id = @SurvivorId AND f.rule_id = rul_firings.rule_id AND f.cooldown_window = rul_firings.cooldown_window);
            INSERT INTO rul_ticket_days (customer_id, day, tickets)
              SELECT @SurvivorId, d.day, 0 FROM rul_ticket_days d
              WHERE d.customer_id = @MergedId AND NOT EXISTS (SELECT 1 FROM rul_ticket_days x WHERE x.customer_id = @SurvivorId AND x.day = d.day);
            UPDATE rul_ticket_days SET tickets = tickets + (SELECT m.tickets FROM rul_ticket_days m WHERE m.customer_id = @MergedId AND m.day = rul_ticket_days.day)
              WHERE customer_id = @SurvivorId AND day IN (SELECT day FROM rul_ticket_days WHERE customer_id = @MergedId);
            DELETE FROM rul_ticket_days WHERE customer_id = @MergedId;
            """, args, tx);
        var merged = await c.QuerySingleOrDefaultAsync<Folded>(
            """
            SELECT last_interaction_at AS LastInteractionAt, tickets_7d AS Tickets7d, tickets_30d AS Tickets30d, tickets_90d AS Tickets90d
            FROM rul_customer_facts WHERE customer_id = @MergedId
            """, args, tx);
        if (merged is not null)
        {
            await c.ExecuteAsync(
                """
                UPDATE rul_customer_facts SET tickets_7d = tickets_7d + @Tickets7d, tickets_30d = tickets_30d + @Tickets30d, tickets_90d = tickets_90d + @Tickets90d,
                  last_interaction_at = CASE WHEN @At IS NOT NULL AND (last_interaction_at IS NULL OR last_interaction_at < @At) THEN @At ELSE last_interaction_at END
                WHERE customer_id = @SurvivorId;
                DELETE FROM rul_custom_fields WHERE customer_id = @MergedId;
                DELETE FROM rul_customer_facts WHERE customer_id = @MergedId;
                """, new { e.SurvivorId, e.MergedId, merged.Tickets7d, merged.Tickets30d, merged.Tickets90d, At = merged.LastInteractionAt }, tx);
        }
        await RecountOrdersAsync(e.SurvivorId, ct);
    }

    public async Task Handle(CustomerUnmerged e, CancellationToken ct)
    {
        await facts.EnsureCustomerAsync(e.RestoredId, ct);
        var (c, tx) = await facts.OpenAsync(ct);
        foreach (var (table, key, ids) in new[] { ("rul_tickets", "ticket_id", e.TicketIds), ("rul_contracts", "contract_id", e.ContractIds),
                     ("rul_assets", "asset_id", e.AssetIds), ("rul_orders", "order_id", e.OrderIds) })
        {
            if (ids.Count > 0)
                await c.ExecuteAsync($"UPDATE {table} SET customer_id = @RestoredId WHERE customer_id = @SurvivorId AND {key} IN @Ids",
                    new { e.SurvivorId, e.RestoredId, Ids = ids }, tx);
        }
        await RecountOrdersAsync(e.SurvivorId, ct);
        await RecountOrdersAsync(e.RestoredId, ct);
    }

    private Task RecountOrdersAsync(long customerId, CancellationToken ct) => facts.ExecuteAsync(
        """
        UPDATE rul_customer_facts SET order_count = (SELECT COUNT(*) FROM rul_orders o WHERE o.customer_id = @CustomerId),
          last_order_on = (SELECT MAX(o.ordered_on) FROM rul_orders o WHERE o.customer_id = @CustomerId)
        WHERE customer_id = @CustomerId
        """, new { CustomerId = customerId }, ct);
}
