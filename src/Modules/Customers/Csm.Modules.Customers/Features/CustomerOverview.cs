
using Csm.Modules.Customers.View360;

namespace Csm.Modules.Customers.Features;

/// <summary>
/// The 360° view: everything an agent should see before answering the customer, in one read of the customer's document
/// (cus_view360, see <see cref="View360Builder"/>).
/// </summary>
internal sealed class CustomerOverview(DbSession session, TimeProvider clock)
    : EndpointWithoutRequest<Results<Ok<CustomerOverview.Response>, ProblemHttpResult>>
{
    public record TicketItem
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

    public record ScoreRow
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
        // The customer's document when it is current (one indexed read); otherwise the tables themselves, in one round trip,
        // until the builder has written the document again. Either way the answer is what the tables hold now.
        var doc = await c.QuerySingleOrDefaultAsync<string>("SELECT doc FROM cus_view360 WHERE customer_id = @Id AND stale = 0", new { Id = id });
        var snapshot = doc is null ? (await Snapshot.ReadAsync(c, null, [id], now)).GetValueOrDefault(id) : Snapshot.FromJson(doc);
        return snapshot is null ? Problems.NotFound("Customer", id) : TypedResults.Ok(snapshot.ToResponse(now));
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
