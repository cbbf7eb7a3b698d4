using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Sla;
using Csm.Modules.Tickets.Data;

namespace Csm.Modules.Tickets.Features.Tickets;

/// <summary>
/// The work queue: breached tickets first, then those at risk, then by the next due time. Each row names its customer
/// (as Tickets last heard it; null once erased) so a queue page is one request, not one per customer.
/// </summary>
internal sealed class ListTickets(DbSession session, TimeProvider clock) : Endpoint<ListTickets.Filter, Ok<Paged<ListTickets.Item>>>
{
    public sealed record Item(
        long Id, string Number, string TypeCode, TicketKind Kind, string Stage, string Status, string SlaState, long CustomerId,
        string? CustomerName, TicketChannel Channel, TicketPriority Priority, string Subject, string? Assignee, string? Team, DateTimeOffset CreatedAt,
        DateTimeOffset? NextDueAt, long Version);

    /// <summary>The queue's query parameters keep the names the SPA and integrators already send.</summary>
    public sealed record Filter(
        [property: BindFrom("Status")] string? Status,
        [property: BindFrom("Stage")] string? Stage,
        [property: BindFrom("Assignee")] string? Assignee,
        [property: BindFrom("Team")] string? Team,
        [property: BindFrom("CustomerId")] long? CustomerId,
        [property: BindFrom("Priority")] string? Priority,
        [property: BindFrom("Type")] string? Type,
        [property: BindFrom("Channel")] string? Channel,
        [property: BindFrom("AtRisk")] bool? AtRisk,
        [property: BindFrom("Breached")] bool? Breached,
        [property: BindFrom("Q")] string? Q,
        [property: BindFrom("Page")] int? Page,
        [property: BindFrom("PageSize")] int? PageSize);

    internal sealed class Validator : Validator<Filter>
    {
        public Validator()
        {
            RuleFor(f => f.Status).Must(s => s is TicketStatus.Open or TicketStatus.WaitingForCustomer or TicketStatus.Closed or "active")
                .When(f => f.Status is not null).WithMessage("Status is open, waitingForCustomer, closed or active (not closed).");
            RuleFor(f => f.Priority).Must(p => Enum.GetValues<TicketPriority>().Any(n => EnumText.Of(n) == p))
                .When(f => f.Priority is not null).WithMessage("Priority is low, normal, high or urgent.");
            RuleFor(f => f.Channel).Must(p => Enum.GetValues<TicketChannel>().Any(n => EnumText.Of(n) == p))
                .When(f => f.Channel is not null).WithMessage("Channel is phone, email, chat, web, weChat or api.");
            RuleFor(f => f.Q).MaximumLength(200);
            RuleFor(f => f.Page).GreaterThan(0).When(f => f.Page is not null);
        }
    }

    private sealed record Row
    {
        public long Id { get; init; }
        public string Number { get; init; } = "";
        public string TypeCode { get; init; } = "";
        public TicketKind Kind { get; init; }
        public string Stage { get; init; } = "";
        public string Status { get; init; } = "";
        public long SlaRank { get; init; }
        public long CustomerId { get; init; }
        public string? CustomerName { get; init; }
        public TicketChannel Channel { get; init; }
        public TicketPriority Priority { get; init; }
        public string Subject { get; init; } = "";
        public string? Assignee { get; init; }
        public string? Team { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? NextDueAt { get; init; }
        public long Version { get; init; }
    }

    public override void Configure()
    {
        Get("tickets");
        Group<TicketsGroup>();
        Description(d => d.WithName("Tickets_Queue").WithSummary("The ticket queue with filters; breached and at-risk tickets first, then by due time"));
    }

    // 2 = breached, 1 = at risk, 0 = on track; only a running clock can be late.
    private const string SlaRank = """
        CASE WHEN status <> 'open' THEN 0 WHEN next_due_at <= @Now THEN 2 WHEN next_risk_at <= @Now THEN 1 ELSE 0 END
        """;

    public override async Task<Ok<Paged<Item>>> ExecuteAsync(Filter filter, CancellationToken ct)
    {
        var page = PageRequest.From(filter.Page, filter.PageSize);
        var where = new List<string>();
        void When(bool condition, string sql) { if (condition) where.Add(sql); }
        When(filter.Status == "active", "status <> 'closed'");
        When(filter.Status is not null and not "active", "status = @Status");
        When(filter.Stage is not null, "stage = @Stage");
        When(filter.Assignee is not null, "assignee = @Assignee");
        When(filter.Team is not null, "team = @Team");
        When(filter.CustomerId is not null, "customer_id = @CustomerId");
        When(filter.Priority is not null, "priority = @Priority");
        When(filter.Type is not null, "type_code = @Type");
        When(filter.Channel is not null, "channel = @Channel");
        When(filter.Breached is not null, $"({SlaRank}) {(filter.Breached == true ? "=" : "<>")} 2");
        When(filter.AtRisk is not null, $"({SlaRank}) {(filter.AtRisk == true ? "=" : "<>")} 1");
        var dialect = session.Dialect;
        When(filter.Q is { Length: > 0 }, $"({dialect.Like("subject", "@Q")} OR {dialect.Like("number", "@Q")} OR {dialect.Like("description", "@Q")})");
        var sqlWhere = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
        var args = new
        {
            Now = clock.GetUtcNow(), filter.Status, filter.Stage, filter.Assignee, filter.Team, filter.CustomerId,
            filter.Priority, filter.Type, filter.Channel,
            Q = filter.Q is { Length: > 0 } q ? dialect.Contains(q) : null, page.Offset, Limit = page.PageSize,
        };
        var c = await session.ConnectionAsync(ct);
        var total = await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM tkt_tickets {sqlWhere}", args);
        var rows = await c.QueryAsync<Row>(
            $"""
            SELECT id, number, type_code AS TypeCode, kind, stage, status, {SlaRank} AS SlaRank, customer_id AS CustomerId,
              (SELECT NULLIF(k.name, '') FROM tkt_customers k WHERE k.customer_id = tkt_tickets.customer_id) AS CustomerName, channel, priority,
              subject, assignee, team, created_at AS CreatedAt, next_due_at AS NextDueAt, version
            FROM tkt_tickets {sqlWhere}
            ORDER BY {SlaRank} DESC, CASE WHEN next_due_at IS NULL THEN 1 ELSE 0 END, next_due_at, id
            {dialect.Page}
            """, args);
        var items = rows.Select(r => new Item(r.Id, r.Number, r.TypeCode, r.Kind, r.Stage, r.Status,
            r.Status switch
            {
                TicketStatus.Closed => "closed",
                TicketStatus.WaitingForCustomer => "paused",
                _ => r.SlaRank switch { 2 => "breached", 1 => "atRisk", _ => r.NextDueAt is null ? "none" : "onTrack" },
            },
            r.CustomerId, r.CustomerName, r.Channel, r.Priority, r.Subject, r.Assignee, r.Team, r.CreatedAt, r.NextDueAt, r.Version)).ToList();
        return TypedResults.Ok(new Paged<Item>(items, total, page.Page, page.PageSize));
    }
}
