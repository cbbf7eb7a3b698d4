using System.Data.Common;
using System.Text.Json;
using Csm.Modules.Customers.Features;

namespace Csm.Modules.Customers.View360;

/// <summary>
/// What the 360 view shows of one customer as the tables hold it, without what depends on the moment of reading (the
/// health score, which contracts are running, the 12-month score trend): those are computed from it on each read, so a
/// document written yesterday answers today as the tables would. Read for a batch of customers set-wise (one statement
/// per table for the whole batch, the recent rows of each customer picked by ROW_NUMBER), stored as JSON in cus_view360.
/// </summary>
internal sealed record Snapshot(
    CustomerView Profile, IReadOnlyList<ContractView> Contracts, IReadOnlyList<AssetView> Assets,
    long OrderCount, decimal OrderTotal, DateOnly? LastOrderedOn, IReadOnlyList<OrderView> RecentOrders,
    IReadOnlyList<InteractionView> Interactions, IReadOnlyList<CustomerOverview.TicketItem> Open, IReadOnlyList<CustomerOverview.TicketItem> Recent,
    IReadOnlyList<CustomerOverview.ScoreRow> Scores, IReadOnlyList<CustomerOverview.ScoreRow> LatestScores, DateTimeOffset ScoresSince)
{
    // Stored, never written into a page: non-ASCII text kept as it is (a Chinese name is a third of the size unescaped).
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static Snapshot? FromJson(string json) => JsonSerializer.Deserialize<Snapshot>(json, Json);

    private sealed record OrderTotals
    {
        public long CustomerId { get; init; }
        public long Count { get; init; }
        public decimal? Total { get; init; }
        public DateOnly? Last { get; init; }
    }

    /// <summary>A ticket row with its customer (the document keeps only the item, written as its declared type).</summary>
    private sealed record Ticket : CustomerOverview.TicketItem
    {
        public long CustomerId { get; init; }
    }

    /// <summary>A score row with its customer (the document keeps only the row, written as its declared type).</summary>
    private sealed record Score : CustomerOverview.ScoreRow
    {
        public long CustomerId { get; init; }
    }

    /// <summary>The newest <paramref name="keep"/> rows of each customer of a SELECT, newest first.</summary>
    private static string Newest(string select, string where, string order, int keep) =>
        $"SELECT * FROM (SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.CustomerId ORDER BY {order}) AS rn FROM ({select} {where}) x) y WHERE y.rn <= {keep:D} ORDER BY y.CustomerId, y.rn";

    private const string TicketSelect = $"SELECT customer_id AS CustomerId, {CustomerOverview.TicketColumns} FROM cus_ticket_view";

    /// <summary>
    /// The snapshots of these live customers (archived, erased or unknown ones are absent), in one round trip of eleven
    /// statements whatever the number of customers.
    /// </summary>
    public static async Task<Dictionary<long, Snapshot>> ReadAsync(DbConnection c, DbTransaction? tx, IReadOnlyCollection<long> ids, DateTimeOffset now)
    {
        var since = now.AddMonths(-12);
        using var read = await c.QueryMultipleAsync(
            $"""
            SELECT {CustomerRow.Columns} FROM cus_customers WHERE id IN @Ids AND deleted_at IS NULL;
            SELECT customer_id AS CustomerId, source, external_id AS ExternalId FROM cus_external_ids WHERE customer_id IN @Ids ORDER BY source;
            {ListContracts.Select} WHERE customer_id IN @Ids ORDER BY ends_on DESC, id DESC;
            {AssetView.Select} WHERE customer_id IN @Ids ORDER BY CASE WHEN next_maintenance_on IS NULL THEN 1 ELSE 0 END, next_maintenance_on, id;
            SELECT customer_id AS CustomerId, COUNT(*) AS Count, SUM(amount) AS Total, MAX(ordered_on) AS Last FROM cus_orders WHERE customer_id IN @Ids GROUP BY customer_id;
            {Newest(OrderView.Select, "WHERE customer_id IN @Ids", "x.OrderedOn DESC, x.Id DESC", 5)};
            {Newest(InteractionView.Select, "WHERE customer_id IN @Ids", "x.InteractedAt DESC, x.Id DESC", 20)};
            {Newest(TicketSelect, "WHERE customer_id IN @Ids AND is_open = 1", "x.CreatedAt DESC, x.TicketId DESC", 100)};
            {Newest(TicketSelect, "WHERE customer_id IN @Ids AND is_open = 0 AND kind <> 'task'", "x.ResolvedAt DESC, x.TicketId DESC", 10)};
            SELECT customer_id AS CustomerId, nps, csat, ces, responded_at AS RespondedAt FROM cus_score_view WHERE customer_id IN @Ids AND responded_at >= @Since ORDER BY customer_id, responded_at;
            {Newest("SELECT customer_id AS CustomerId, nps, csat, ces, responded_at AS RespondedAt FROM cus_score_view", "WHERE customer_id IN @Ids", "x.RespondedAt DESC", 3)};
            """,
            new { Ids = ids, Since = since }, tx);
        var rows = (await read.ReadAsync<CustomerRow>()).ToList();
        var externalIds = (await read.ReadAsync<ExternalIdRow>()).ToLookup(e => e.CustomerId);
        var contracts = (await read.ReadAsync<ContractView>()).ToLookup(k => k.CustomerId);
        var assets = (await read.ReadAsync<AssetView>()).ToLookup(a => a.CustomerId);
        var totals = (await read.ReadAsync<OrderTotals>()).ToDictionary(t => t.CustomerId);
        var orders = (await read.ReadAsync<OrderView>()).ToLookup(o => o.CustomerId);
        var interactions = (await read.ReadAsync<InteractionView>()).ToLookup(i => i.CustomerId);
        var open = (await read.ReadAsync<Ticket>()).ToLookup(t => t.CustomerId, t => (CustomerOverview.TicketItem)t);
        var recent = (await read.ReadAsync<Ticket>()).ToLookup(t => t.CustomerId, t => (CustomerOverview.TicketItem)t);
        var year = (await read.ReadAsync<Score>()).ToLookup(s => s.CustomerId, s => (CustomerOverview.ScoreRow)s);
        var latest = (await read.ReadAsync<Score>()).ToLookup(s => s.CustomerId, s => (CustomerOverview.ScoreRow)s);
        return rows.ToDictionary(r => r.Id, r =>
        {
            var total = totals.GetValueOrDefault(r.Id);
            return new Snapshot(CustomerView.From(r, externalIds[r.Id]), contracts[r.Id].ToList(), assets[r.Id].ToList(),
                total?.Count ?? 0, total?.Total ?? 0, total?.Last, orders[r.Id].ToList(), interactions[r.Id].ToList(),
                open[r.Id].ToList(), recent[r.Id].ToList(), year[r.Id].ToList(), latest[r.Id].ToList(), since);
        });
    }

    /// <summary>The view as of <paramref name="now"/>: the health score and the trend computed from the snapshot at this moment.</summary>
    public CustomerOverview.Response ToResponse(DateTimeOffset now)
    {
        var since = now.AddMonths(-12);
        var scores = CustomerOverview.ScoresOf(Scores.Where(s => s.RespondedAt >= since).ToList(), LatestScores);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var active = Contracts.Where(k => k.Status == "active" && k.EndsOn >= today).ToList();
        var openTickets = Open.Where(t => t.Kind != "task").ToList();
        var health = HealthScore.Compute(new HealthScore.Facts(
            scores.Nps?.Score, scores.Csat?.Score, scores.Ces?.Score, openTickets.Count, openTickets.Count(t => t.Breached),
            active.Count == 0 ? null : active.Min(k => k.EndsOn).DayNumber - today.DayNumber,
            Interactions.Count == 0 ? null : (int)(now - Interactions[0].InteractedAt).TotalDays,
            active.Count > 0));
        return new CustomerOverview.Response(Profile, health, Contracts, Assets,
            new CustomerOverview.Orders(OrderCount, OrderTotal, LastOrderedOn, RecentOrders), Interactions,
            openTickets, Recent, Open.Where(t => t.Kind == "task").ToList(), scores);
    }
}
