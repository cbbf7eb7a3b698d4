
namespace Csm.Modules.Customers.Features;

/// <summary>The 360° view: everything an agent should see before answering the customer, in one read.</summary>
internal sealed class CustomerOverview(DbSession session, TimeProvider clock)
    : EndpointWithoutRequest<Results<Ok<CustomerOverview.Response>, ProblemHttpResult>>
{
    public sealed record TicketItem
    {
        public long TicketId { get; init; }
        public string Number { get; init; } = "";
        public string TypeCode { get; init; } = "";
        public string Kind { get; init; } = "";
        public string Subject { get; init; } = "";
        public string Priority { get; init; } = "";
        public string Stage { get; init; } = "";
        public string? Assignee { get; init; }
        public bool IsOpen { get; init; }
        public bool Breached { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? ResolvedAt { get; init; }
        public DateTimeOffset? DueAt { get; init; }
    }

    public sealed record ScoreRow
    {
        public int? Nps { get; init; }
        public int? Csat { get; init; }
        public int? Ces { get; init; }
        public DateTimeOffset RespondedAt { get; init; }
    }

    public sealed record LatestScore(int Score, DateTimeOffset RespondedAt);
    public sealed record MonthScores(string Month, int Responses, double? Nps, double? Csat, double? Ces);
    public sealed record Scores(LatestScore? Nps, LatestScore? Csat, LatestScore? Ces, IReadOnlyList<MonthScores> Trend);
    public sealed record Orders(long Count, decimal Total, DateOnly? LastOrderedOn, IReadOnlyList<OrderView> Recent);

    public new sealed record Response(
        CustomerView Profile, Health Health, IReadOnlyList<ContractView> Contracts, IReadOnlyList<AssetView> Assets, Orders Orders,
        IReadOnlyList<InteractionView> RecentInteractions, IReadOnlyList<TicketItem> OpenTickets, IReadOnlyList<TicketItem> RecentTickets,
        IReadOnlyList<TicketItem> OpenTasks, Scores Scores);

    private sealed record OrderTotals
    {
        public long Count { get; init; }
        public decimal? Total { get; init; }
        public DateOnly? Last { get; init; }
    }

    public override void Configure()
    {
        Get("customers/{id:long}/360");
        Group<CustomersGroup>();
        Description(d => d
            .WithName("Customers_View360")
            .WithSummary("The 360° view of a customer")
            .WithDescription("Profile, health score with its reasons, contracts, equipment, orders, recent interactions, open and recent tickets, " +
                         "open tasks, and the latest NPS / CSAT / CES with a 12-month trend.")
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<Ok<Response>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        var c = await session.ConnectionAsync(ct);
        var now = clock.GetUtcNow();
        var d = session.Dialect;
        // One round trip for the whole view.
        using var read = await c.QueryMultipleAsync(
            $"""
            SELECT {CustomerRow.Columns} FROM cus_customers WHERE id = @Id AND deleted_at IS NULL;
            SELECT customer_id AS CustomerId, source, external_id AS ExternalId FROM cus_external_ids WHERE customer_id = @Id ORDER BY source;
            {ListContracts.Select} WHERE customer_id = @Id ORDER BY ends_on DESC;
            {AssetView.Select} WHERE customer_id = @Id ORDER BY CASE WHEN next_maintenance_on IS NULL THEN 1 ELSE 0 END, next_maintenance_on;
            SELECT COUNT(*) AS Count, SUM(amount) AS Total, MAX(ordered_on) AS Last FROM cus_orders WHERE customer_id = @Id;
            SELECT {d.Top(5)} id, customer_id AS CustomerId, ordered_on AS OrderedOn, amount, product FROM cus_orders WHERE customer_id = @Id ORDER BY ordered_on DESC, id DESC {d.Limit(5)};
            SELECT {d.Top(20)} id, customer_id AS CustomerId, channel, direction, summary, agent, interacted_at AS InteractedAt
              FROM cus_interactions WHERE customer_id = @Id ORDER BY interacted_at DESC, id DESC {d.Limit(20)};
            SELECT {d.Top(100)} {TicketColumns} FROM cus_ticket_view WHERE customer_id = @Id AND is_open = 1 ORDER BY created_at DESC {d.Limit(100)};
            SELECT {d.Top(10)} {TicketColumns} FROM cus_ticket_view WHERE customer_id = @Id AND is_open = 0 AND kind <> 'task' ORDER BY resolved_at DESC {d.Limit(10)};
            SELECT nps, csat, ces, responded_at AS RespondedAt FROM cus_score_view WHERE customer_id = @Id AND responded_at >= @Since ORDER BY responded_at;
            SELECT {d.Top(3)} nps, csat, ces, responded_at AS RespondedAt FROM cus_score_view WHERE customer_id = @Id ORDER BY responded_at DESC {d.Limit(3)};
            """,
            new { Id = id, Since = now.AddMonths(-12) });
        var row = await read.ReadSingleOrDefaultAsync<CustomerRow>();
        if (row is null) return Problems.NotFound("Customer", id);
        var profile = CustomerView.From(row, await read.ReadAsync<ExternalIdRow>());
        var contracts = (await read.ReadAsync<ContractView>()).ToList();
        var assets = (await read.ReadAsync<AssetView>()).ToList();
        var totals = await read.ReadSingleAsync<OrderTotals>();
        var recentOrders = (await read.ReadAsync<OrderView>()).ToList();
        var interactions = (await read.ReadAsync<InteractionView>()).ToList();
        var open = (await read.ReadAsync<TicketItem>()).ToList();
        var recent = (await read.ReadAsync<TicketItem>()).ToList();
        var yearOfScores = (await read.ReadAsync<ScoreRow>()).ToList();
        var latestRows = (await read.ReadAsync<ScoreRow>()).ToList();

        var scores = ScoresOf(yearOfScores, latestRows);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var active = contracts.Where(k => k.Status == "active" && k.EndsOn >= today).ToList();
        var openTickets = open.Where(t => t.Kind != "task").ToList();
        var health = HealthScore.Compute(new HealthScore.Facts(
            scores.Nps?.Score, scores.Csat?.Score, scores.Ces?.Score, openTickets.Count, openTickets.Count(t => t.Breached),
            active.Count == 0 ? null : active.Min(k => k.EndsOn).DayNumber - today.DayNumber,
            interactions.Count == 0 ? null : (int)(now - interactions[0].InteractedAt).TotalDays,
            active.Count > 0));

        return TypedResults.Ok(new Response(profile, health, contracts, assets,
            new Orders(totals.Count, totals.Total ?? 0, totals.Last, recentOrders), interactions,
            openTickets, recent, open.Where(t => t.Kind == "task").ToList(), scores));
    }

    internal const string TicketColumns =
        "ticket_id AS TicketId, number, type_code AS TypeCode, kind, subject, priority, stage, assignee, is_open AS IsOpen, breached, " +
        "created_at AS CreatedAt, resolved_at AS ResolvedAt, due_at AS DueAt";

    internal static Scores ScoresOf(IReadOnlyList<ScoreRow> year, IReadOnlyList<ScoreRow> latest)
    {
        LatestScore? Latest(Func<ScoreRow, int?> pick) =>
            latest.Concat(year.AsEnumerable().Reverse()).Where(r => pick(r) is not null).Select(r => new LatestScore(pick(r)!.Value, r.RespondedAt)).FirstOrDefault();
        static double? Nps(IEnumerable<int> answers)
        {
            var a = answers.ToList();
            return a.Count == 0 ? null : Math.Round(100.0 * (a.Count(x => x >= 9) - a.Count(x => x <= 6)) / a.Count, 1);
        }
        static double? Mean(IEnumerable<int> values) { var v = values.ToList(); return v.Count == 0 ? null : Math.Round(v.Average(), 2); }
        var trend = year.GroupBy(r => r.RespondedAt.UtcDateTime.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture))
            .Select(g => new MonthScores(g.Key, g.Count(),
                Nps(g.Where(r => r.Nps is not null).Select(r => r.Nps!.Value)),
                Mean(g.Where(r => r.Csat is not null).Select(r => r.Csat!.Value)),
                Mean(g.Where(r => r.Ces is not null).Select(r => r.Ces!.Value))))
            .OrderBy(m => m.Month, StringComparer.Ordinal).ToList();
        return new Scores(Latest(r => r.Nps), Latest(r => r.Csat), Latest(r => r.Ces), trend);
    }
}
