using System.Security.Claims;
using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Notifications;

namespace Csm.Modules.Tickets.Features.Notifications;

/// <summary>
/// The signed-in person's notifications, newest first, each naming its ticket and customer so the bell's panel is one
/// request; with how many are unread, which is what the bell shows.
/// </summary>
internal sealed class ListNotifications(DbSession session)
    : Endpoint<ListNotifications.Filter, Results<Ok<ListNotifications.Response>, ProblemHttpResult>>
{
    /// <param name="SlaState">For an escalation: "atRisk" or "breached".</param>
    /// <param name="Reason">For a rule's escalation: why the rule escalated the ticket.</param>
    /// <param name="TicketId">The ticket it is about; null for a rule's notice about a customer (see <paramref name="CustomerId"/>).</param>
    /// <param name="Subject">The ticket's subject, or the rule's name for a rule's notice.</param>
    public sealed record Item(
        long Id, long? TicketId, string? TicketNumber, string Subject, long? CustomerId, string? CustomerName, NotificationKind Kind, SlaTarget? Target,
        string? SlaState, string? Reason, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

    /// <summary>A page of notifications (like every list) and the caller's unread count.</summary>
    public new sealed record Response(IReadOnlyList<Item> Items, long Total, int Page, int PageSize, long Unread);

    /// <summary>The query parameters keep the names the SPA already sends.</summary>
    public sealed record Filter([property: BindFrom("Unread")] bool? Unread, [property: BindFrom("Page")] int? Page, [property: BindFrom("PageSize")] int? PageSize);

    internal sealed class Validator : Validator<Filter>
    {
        public Validator()
        {
            RuleFor(f => f.Page).GreaterThan(0).When(f => f.Page is not null);
            RuleFor(f => f.PageSize).InclusiveBetween(1, PageRequest.MaxSize).When(f => f.PageSize is not null);
        }
    }

    private sealed record Row
    {
        public long Id { get; init; }
        public long? TicketId { get; init; }
        public string? TicketNumber { get; init; }
        public string Subject { get; init; } = "";
        public long? CustomerId { get; init; }
        public string? CustomerName { get; init; }
        public NotificationKind Kind { get; init; }
        public SlaTarget? Target { get; init; }
        public string? SlaState { get; init; }
        public string? Reason { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? ReadAt { get; init; }
    }

    public override void Configure()
    {
        Get("tickets/notifications");
        Group<TicketsGroup>();
        Description(d => d
            .WithName("Tickets_MyNotifications")
            .WithSummary("The signed-in person's notifications (tickets at risk, breached or escalated to them, rules' notices about customers), newest first, with the unread count")
            .ProducesProblem(StatusCodes.Status403Forbidden));
    }

    public override async Task<Results<Ok<Response>, ProblemHttpResult>> ExecuteAsync(Filter filter, CancellationToken ct)
    {
        var user = User;
        if (Notices.PersonOf(user) is not { } me) return Notices.NotAPerson();
        var page = PageRequest.From(filter.Page, filter.PageSize);
        var where = filter.Unread == true ? "n.recipient = @Me AND n.read_at IS NULL" : "n.recipient = @Me";
        var args = new { Me = me, page.Offset, Limit = page.PageSize };
        var c = await session.ConnectionAsync(ct);
        var unread = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM tkt_notifications n WHERE n.recipient = @Me AND n.read_at IS NULL", args);
        var total = filter.Unread == true ? unread : await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM tkt_notifications n WHERE {where}", args);
        var rows = await c.QueryAsync<Row>(
            $"""
            SELECT n.id, n.ticket_id AS TicketId, t.number AS TicketNumber, COALESCE(t.subject, n.title, '') AS Subject,
              COALESCE(t.customer_id, n.customer_id) AS CustomerId,
              (SELECT NULLIF(k.name, '') FROM tkt_customers k WHERE k.customer_id = COALESCE(t.customer_id, n.customer_id)) AS CustomerName,
              n.kind, n.target, n.sla_state AS SlaState, n.reason, n.created_at AS CreatedAt, n.read_at AS ReadAt
            FROM tkt_notifications n LEFT JOIN tkt_tickets t ON t.id = n.ticket_id
            WHERE {where}
            ORDER BY n.created_at DESC, n.id DESC
            {session.Dialect.Page}
            """, args);
        var items = rows.Select(r => new Item(r.Id, r.TicketId, r.TicketNumber, r.Subject, r.CustomerId, r.CustomerName, r.Kind, r.Target, r.SlaState,
            r.Reason, r.CreatedAt, r.ReadAt)).ToList();
        return TypedResults.Ok(new Response(items, total, page.Page, page.PageSize, unread));
    }
}
