using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Sla;
using Csm.Modules.Tickets.Data;
using Csm.Modules.Tickets.Features.Views;

namespace Csm.Modules.Tickets.Features.Tickets;

/// <summary>
/// The work queue: breached tickets first, then those at risk, then by the next due time. Each row names its customer
/// (as Tickets last heard it; null once erased) so a queue page is one request, not one per customer.
/// </summary>
internal sealed class ListTickets(DbSession session, TimeProvider clock) : Endpoint<ListTickets.Filter, Results<Ok<Paged<ListTickets.Item>>, ValidationProblem, ProblemHttpResult>>
{
    public sealed record Item(
        long Id, string Number, string TypeCode, TicketKind Kind, string Stage, string Status, string SlaState, long CustomerId,
        string? CustomerName, TicketChannel Channel, TicketPriority Priority, string Subject, string? Assignee, string? Team, DateTimeOffset CreatedAt,
        DateTimeOffset? NextDueAt, long Version, IReadOnlyList<string>? Tags = null);

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
        [property: BindFrom("View")] long? View,
        [property: BindFrom("Tag")] string? Tag,
        [property: BindFrom("Field")] string? Field,
        [property: BindFrom("Page")] int? Page,
        [property: BindFrom("PageSize")] int? PageSize);

    internal sealed class Validator : Validator<Filter>
    {
        public Validator()
        {
            RuleFor(f => f).Custom((f, context) =>
            {
                foreach (var (name, error) in ToFilter(f).Problems()) context.AddFailure(name, error);
            });
            RuleFor(f => f.Page).GreaterThan(0).When(f => f.Page is not null);
            RuleFor(f => f.View).GreaterThan(0).When(f => f.View is not null);
        }
    }

    private static TicketFilter ToFilter(Filter f) => new()
    {
        Status = f.Status, Stage = f.Stage, Assignee = f.Assignee, Team = f.Team, CustomerId = f.CustomerId, Priority = f.Priority,
        Type = f.Type, Channel = f.Channel, AtRisk = f.AtRisk, Breached = f.Breached, Q = f.Q, Tag = f.Tag, Field = f.Field,
    };

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
        public string Tags { get; init; } = "[]";
    }

    public override void Configure()
    {
        Get("tickets");
        Group<TicketsGroup>();
        Description(d => d.WithName("Tickets_Queue").WithSummary("The ticket queue with filters; breached and at-risk tickets first, then by due time")
            .WithDescription("`View` applies a saved view's filters instead of the others (see /api/ticket-views); 404 for a view the caller cannot see.")
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    private const string SlaRank = TicketFilter.SlaRank;

    public override async Task<Results<Ok<Paged<Item>>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(Filter filter, CancellationToken ct)
    {
        var page = PageRequest.From(filter.Page, filter.PageSize);
        var dialect = session.Dialect;
        var viewer = User.Identity?.Name ?? "";
        var args = new DynamicParameters(new { Now = clock.GetUtcNow(), page.Offset, Limit = page.PageSize });
        var chosen = ToFilter(filter);
        if (filter.View is { } viewId)
        {
            // A saved view's filters, as the person looking sees them ("@me" is them).
            var view = await TicketViews.FindVisibleAsync(await session.ConnectionAsync(ct), viewId, viewer);
            if (view is null) return Problems.NotFound("View", viewId);
            chosen = view.Filter;
        }
        else if (await chosen.UnknownFieldAsync(await session.ConnectionAsync(ct)) is { } unknown) return Problems.Invalid("field", unknown);
        var sqlWhere = "WHERE " + chosen.Where(args, "", dialect, viewer);
        var c = await session.ConnectionAsync(ct);
        var total = await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM tkt_tickets {sqlWhere}", args);
        var rows = await c.QueryAsync<Row>(
            $"""
            SELECT id, number, type_code AS TypeCode, kind, stage, status, {SlaRank} AS SlaRank, customer_id AS CustomerId,
              (SELECT NULLIF(k.name, '') FROM tkt_customers k WHERE k.customer_id = tkt_tickets.customer_id) AS CustomerName, channel, priority,
              subject, assignee, team, created_at AS CreatedAt, next_due_at AS NextDueAt, version, tags
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
            r.CustomerId, r.CustomerName, r.Channel, r.Priority, r.Subject, r.Assignee, r.Team, r.CreatedAt, r.NextDueAt, r.Version,
            System.Text.Json.JsonSerializer.Deserialize<List<string>>(r.Tags) ?? [])).ToList();
        return TypedResults.Ok(new Paged<Item>(items, total, page.Page, page.PageSize));
    }
}
