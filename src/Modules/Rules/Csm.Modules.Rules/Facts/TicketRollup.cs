using System.Data.Common;
using System.Globalization;

namespace Csm.Modules.Rules.Facts;

/// <summary>
/// A sliding window of ticket days kept as a column of rul_customer_facts: the tickets on the days
/// (day - <see cref="From"/>, day - <see cref="To"/>], or every day after day - From when To is null (a ticket dated
/// in the future counts, as the sum over rul_ticket_days counts it).
/// </summary>
internal sealed record TicketWindow(string Column, int From, int? To)
{
    public bool Holds(DateOnly ticketDay, DateOnly day) => ticketDay > day.AddDays(-From) && (To is null || ticketDay <= day.AddDays(-To.Value));
}

/// <summary>
/// Keeps the ticket windows of every customer as columns, so the ticket facts are column reads rather than a
/// sum over rul_ticket_days per customer. The sums are relative to one day, rul_ticket_rollup.rolled_on: the ticket
/// handlers add a new ticket to the windows it falls in, and <see cref="RollForwardAsync"/> moves them to today once
/// a day by subtracting the days that left a window and adding those that entered it (a few thousand rows, not
/// every customer). Until then the facts sum rul_ticket_days as before, so a stale rollup is slower, never wrong.
/// </summary>
internal sealed class TicketRollup(DbSession session, RulesCalendar calendar)
{
    public static readonly IReadOnlyList<TicketWindow> Windows =
    [
        new("tickets_7d", 7, null),
        new("tickets_30d", 30, null),
        new("tickets_90d", 90, null),
        new("tickets_weekly_base", 189, 7),
        new("tickets_monthly_base", 210, 30),
    ];

    private static readonly int[] Offsets = Windows.SelectMany(w => w.To is null ? [w.From] : new[] { w.From, w.To.Value }).Distinct().Order().ToArray();

    /// <summary>
    /// A ticket fact: the window's column on the day it was rolled to, else the sum over rul_ticket_days it stands for
    /// (the fact parameters name the day bounds @Day{n}). The rollup day is one uncorrelated lookup per query.
    /// </summary>
    public static string FactSql(TicketWindow w) =>
        $"(CASE WHEN (SELECT r.rolled_on FROM rul_ticket_rollup r) = @Today THEN f.{w.Column} ELSE {Sum($"@Day{w.From}", w.To is null ? null : $"@Day{w.To}", "f.customer_id")} END)";

    public static TicketWindow Window(string column) => Windows.Single(w => w.Column == column);

    private static string Sum(string after, string? until, string customer) =>
        $"(SELECT COALESCE(SUM(d.tickets), 0) FROM rul_ticket_days d WHERE d.customer_id = {customer} AND d.day > {after}{(until is null ? "" : $" AND d.day <= {until}")})";

    private static string Day(int offset) => "D" + offset.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Adds one ticket on <paramref name="ticketDay"/> to the customer's windows, inside the handler's transaction.
    /// The rollup row is locked first (a no-op update) so a roll-forward running at the same time waits for this
    /// handler or this handler for it (SQLite serialises writers anyway; SQL Server needs the lock).
    /// </summary>
    public static async Task AddTicketAsync(DbConnection c, DbTransaction tx, long customerId, DateOnly ticketDay)
    {
        await c.ExecuteAsync("UPDATE rul_ticket_rollup SET rolled_on = rolled_on WHERE id = 1", transaction: tx);
        var rolledOn = await c.ExecuteScalarAsync<DateOnly?>("SELECT rolled_on FROM rul_ticket_rollup WHERE id = 1", transaction: tx);
        if (rolledOn is not { } day) return;
        var counted = Windows.Where(w => w.Holds(ticketDay, day)).ToList();
        if (counted.Count == 0) return;
        await c.ExecuteAsync(
            $"UPDATE rul_customer_facts SET {string.Join(", ", counted.Select(w => $"{w.Column} = {w.Column} + 1"))} WHERE customer_id = @CustomerId",
            new { CustomerId = customerId }, tx);
    }

    /// <summary>What a roll-forward did: "current" (nothing to do), "rolled" (incrementally) or "rebuilt" (from scratch).</summary>
    public sealed record Outcome(string Kind, DateOnly? From, DateOnly To, int Customers);

    /// <summary>Moves every customer's windows to today, in its own transaction. Cheap when they are already there.</summary>
    public async Task<Outcome> RollForwardAsync(CancellationToken ct)
    {
        var today = calendar.Today;
        var c = await session.ConnectionAsync(ct);
        const string Read = "SELECT rolled_on FROM rul_ticket_rollup WHERE id = 1";
        if (await c.ExecuteScalarAsync<DateOnly?>(new CommandDefinition(Read, cancellationToken: ct)) == today) return new Outcome("current", today, today, 0);

        var tx = await session.BeginAsync(ct);
        try
        {
            // Locking the rollup row first orders this against the ticket handlers (see AddTicketAsync).
            await c.ExecuteAsync("UPDATE rul_ticket_rollup SET rolled_on = rolled_on WHERE id = 1", transaction: tx);
            var from = await c.ExecuteScalarAsync<DateOnly?>(Read, transaction: tx);
            Outcome outcome;
            if (from == today) outcome = new Outcome("current", from, today, 0);
            else if (from is { } old && old < today && today.DayNumber - old.DayNumber <= Offsets[^1]) outcome = await RollAsync(c, tx, old, today);
            else outcome = await RebuildAsync(c, tx, from, today);
            await c.ExecuteAsync("UPDATE rul_ticket_rollup SET rolled_on = @Today WHERE id = 1", new { Today = today }, tx);
            await session.CommitAsync(ct);
            return outcome;
        }
        catch
        {
            await session.RollbackAsync(CancellationToken.None);
            throw;
        }
    }

    // A window (d - a, d - b] moving from day O to day N loses the days (O - a, N - a] and gains (O - b, N - b]; only
    // customers with a ticket on one of those days change.
    private static async Task<Outcome> RollAsync(DbConnection c, DbTransaction tx, DateOnly from, DateOnly to)
    {
        var p = new DynamicParameters();
        foreach (var offset in Offsets)
        {
            p.Add(Day(offset) + "Old", from.AddDays(-offset));
            p.Add(Day(offset) + "New", to.AddDays(-offset));
        }
        string Moved(int offset) => Sum($"@{Day(offset)}Old", $"@{Day(offset)}New", "rul_customer_facts.customer_id");
        var set = Windows.Select(w => $"{w.Column} = {w.Column} - {Moved(w.From)}{(w.To is { } b ? " + " + Moved(b) : "")}");
        var touched = string.Join(" OR ", Offsets.Select(o => $"(d.day > @{Day(o)}Old AND d.day <= @{Day(o)}New)"));
        var customers = await c.ExecuteAsync(
            $"UPDATE rul_customer_facts SET {string.Join(", ", set)} WHERE customer_id IN (SELECT d.customer_id FROM rul_ticket_days d WHERE {touched})",
            p, tx);
        return new Outcome("rolled", from, to, customers);
    }

    // The first time (or after a long pause, or a clock set back): every window summed afresh for the customers with a
    // ticket in the widest window, the others set to zero.
    private static async Task<Outcome> RebuildAsync(DbConnection c, DbTransaction tx, DateOnly? from, DateOnly to)
    {
        var p = new DynamicParameters();
        foreach (var offset in Offsets) p.Add(Day(offset), to.AddDays(-offset));
        var widest = $"@{Day(Offsets[^1])}";
        await c.ExecuteAsync(
            $"UPDATE rul_customer_facts SET {string.Join(", ", Windows.Select(w => $"{w.Column} = 0"))} WHERE {string.Join(" OR ", Windows.Select(w => $"{w.Column} <> 0"))}",
            transaction: tx);
        var set = Windows.Select(w => $"{w.Column} = {Sum($"@{Day(w.From)}", w.To is { } b ? $"@{Day(b)}" : null, "rul_customer_facts.customer_id")}");
        var customers = await c.ExecuteAsync(
            $"UPDATE rul_customer_facts SET {string.Join(", ", set)} WHERE customer_id IN (SELECT d.customer_id FROM rul_ticket_days d WHERE d.day > {widest})",
            p, tx);
        return new Outcome("rebuilt", from, to, customers);
    }
}
