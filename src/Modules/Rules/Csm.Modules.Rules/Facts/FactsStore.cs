using System.Data.Common;

namespace Csm.Modules.Rules.Facts;

/// <summary>
/// Writes to the facts tables inside the event handler's transaction. Every write is an upsert that keeps the
/// newest state, because events arrive at least once and not strictly in order.
/// </summary>
internal sealed class FactsStore(DbSession session, RulesCalendar calendar)
{
    public async Task<(DbConnection Connection, DbTransaction Tx)> OpenAsync(CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        return (connection, session.Transaction ?? throw new InvalidOperationException("Facts are written inside the handler's transaction."));
    }

    /// <summary>Makes sure the customer has a facts row, so facts from any event have a place to land.</summary>
    public Task EnsureCustomerAsync(long customerId, CancellationToken ct) => EnsureCustomersAsync([customerId], ct);

    /// <summary>Makes sure each of the customers has a facts row (one statement, run for each).</summary>
    public async Task EnsureCustomersAsync(IReadOnlyList<long> customerIds, CancellationToken ct)
    {
        var (c, tx) = await OpenAsync(ct);
        var now = calendar.Now;
        await c.ExecuteAsync(
            session.Dialect.InsertIfAbsent("rul_customer_facts", "customer_id, first_seen_at", "@CustomerId, @Now", "customer_id"),
            customerIds.Select(id => new { CustomerId = id, Now = now }), tx);
    }

    public async Task ExecuteAsync(string sql, object parameters, CancellationToken ct)
    {
        var (c, tx) = await OpenAsync(ct);
        await c.ExecuteAsync(sql, parameters, tx);
    }

    /// <summary>Inserts a row unless its key exists; true when it was inserted.</summary>
    public async Task<bool> InsertIfAbsentAsync(string table, string columns, string values, string key, object parameters, CancellationToken ct)
    {
        var (c, tx) = await OpenAsync(ct);
        return await c.ExecuteAsync(session.Dialect.InsertIfAbsent(table, columns, values, key), parameters, tx) == 1;
    }

    /// <summary>
    /// Counts a ticket on its opening day once, whichever of its events arrives first, and never a task
    /// (a proactive task is not the customer asking for help).
    /// </summary>
    public async Task CountTicketOnceAsync(long ticketId, long customerId, DateTimeOffset? createdAt, CancellationToken ct)
    {
        if (createdAt is null) return;
        var (c, tx) = await OpenAsync(ct);
        var claimed = await c.ExecuteAsync(
            "UPDATE rul_tickets SET counted = 1 WHERE ticket_id = @TicketId AND counted = 0 AND kind IS NOT NULL AND kind <> 'task'",
            new { TicketId = ticketId }, tx);
        if (claimed == 0) return;
        var day = calendar.DayOf(createdAt.Value);
        await c.ExecuteAsync(session.Dialect.InsertIfAbsent("rul_ticket_days", "customer_id, day, tickets", "@CustomerId, @Day, 0", "customer_id, day"),
            new { CustomerId = customerId, Day = day }, tx);
        await c.ExecuteAsync("UPDATE rul_ticket_days SET tickets = tickets + 1 WHERE customer_id = @CustomerId AND day = @Day",
            new { CustomerId = customerId, Day = day }, tx);
        await TicketRollup.AddTicketAsync(c, tx, customerId, day);
    }
}
