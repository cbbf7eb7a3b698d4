using System.Data.Common;
using Csm.Modules.Tickets.Attachments;
using Csm.Modules.Tickets.Data;

namespace Csm.Modules.Tickets.Features.Portal;

/// <summary>Where a ticket is, in the customer's words.</summary>
internal enum PortalTicketState
{
    /// <summary>Open, nobody has answered yet.</summary>
    Received,
    /// <summary>The service team is on it.</summary>
    InProgress,
    /// <summary>The service team waits for the customer's answer.</summary>
    WaitingForYou,
    /// <summary>Closed.</summary>
    Solved,
}

/// <summary>One of the customer's tickets as the portal lists it.</summary>
internal sealed record PortalTicket(long Id, string Number, string Subject, PortalTicketState State, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// The portal's view of tickets: only the signed-in customer's own (another customer's ticket id is 404, as if it did not
/// exist), never proactive tasks, never internal notes or the files sent with them.
/// </summary>
internal static class PortalTickets
{
    private sealed record Row
    {
        public long Id { get; init; }
        public string Number { get; init; } = "";
        public string Subject { get; init; } = "";
        public string Status { get; init; } = "";
        public DateTimeOffset? FirstRespondedAt { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }

        public PortalTicket View() => new(Id, Number, Subject, Status switch
        {
            TicketStatus.Closed => PortalTicketState.Solved,
            TicketStatus.WaitingForCustomer => PortalTicketState.WaitingForYou,
            _ => FirstRespondedAt is null ? PortalTicketState.Received : PortalTicketState.InProgress,
        }, CreatedAt, UpdatedAt);
    }

    private const string Select = """
        SELECT id, number, subject, status, first_responded_at AS FirstRespondedAt, created_at AS CreatedAt, updated_at AS UpdatedAt
        FROM tkt_tickets WHERE customer_id = @Customer AND kind <> 'task'
        """;

    public static async Task<IReadOnlyList<PortalTicket>> OfCustomerAsync(DbConnection c, long customer) =>
        (await c.QueryAsync<Row>(Select + " ORDER BY updated_at DESC, id DESC", new { Customer = customer })).Select(r => r.View()).ToList();

    public static async Task<PortalTicket?> OneAsync(DbConnection c, long id, long customer, DbTransaction? tx = null) =>
        (await c.QuerySingleOrDefaultAsync<Row>(Select + " AND id = @Id", new { Id = id, Customer = customer }, tx))?.View();

    public static async Task<bool> IsTheirsAsync(DbConnection c, long id, long customer) => await OneAsync(c, id, customer) is not null;

    /// <summary>A reply as the customer sees it: theirs, or the service team's (no staff names).</summary>
    internal sealed record Message(long Id, string Body, bool FromYou, DateTimeOffset CreatedAt);

    public static async Task<IReadOnlyList<Message>> MessagesAsync(DbConnection c, long id) =>
        (await c.QueryAsync<(long Id, string Body, string? Channel, DateTimeOffset CreatedAt)>(
            "SELECT id, body, inbound_channel, created_at FROM tkt_comments WHERE ticket_id = @Id AND visibility = 'customer' ORDER BY created_at, id",
            new { Id = id })).Select(m => new Message(m.Id, m.Body, m.Channel is not null, m.CreatedAt)).ToList();

    /// <summary>The files the customer may see: sent with the ticket or with a reply they can see.</summary>
    public static async Task<IReadOnlyList<AttachmentView>> FilesAsync(DbConnection c, long id, IReadOnlyList<Message> messages)
    {
        var visible = messages.Select(m => m.Id).ToHashSet();
        return (await AttachmentStore.OfTicketAsync(c, id)).Where(a => a.CommentId is null || visible.Contains(a.CommentId.Value)).ToList();
    }
}

/// <summary>The signed-in customer's tickets, the latest changed first.</summary>
internal sealed class ListPortalTickets(DbSession session) : EndpointWithoutRequest<Ok<IReadOnlyList<PortalTicket>>>
{
    public override void Configure()
    {
        Get("tickets");
        Group<PortalGroup>();
        Description(d => d.WithName("Portal_ListTickets").WithSummary("The customer's own tickets: number, subject, state in their words, last change"));
    }

    public override async Task<Ok<IReadOnlyList<PortalTicket>>> ExecuteAsync(CancellationToken ct) =>
        TypedResults.Ok(await PortalTickets.OfCustomerAsync(await session.ConnectionAsync(ct), User.PortalCustomerId()));
}

/// <summary>One of the customer's tickets with the replies and files they may see.</summary>
internal sealed class GetPortalTicket(DbSession session) : EndpointWithoutRequest<Results<Ok<GetPortalTicket.Detail>, ProblemHttpResult>>
{
    /// <param name="Files">Download each at /api/portal/tickets/{id}/attachments/{attachmentId}.</param>
    public sealed record Detail(PortalTicket Ticket, string? Description, IReadOnlyList<PortalTickets.Message> Messages, IReadOnlyList<PortalFile> Files);

    public sealed record PortalFile(long Id, long? CommentId, string FileName, string ContentType, long Size, DateTimeOffset UploadedAt);

    public override void Configure()
    {
        Get("tickets/{id:long}");
        Group<PortalGroup>();
        Description(d => d
            .WithName("Portal_GetTicket")
            .WithSummary("One of the customer's tickets with the replies they can see (never internal notes) and its files")
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<Ok<Detail>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        var c = await session.ConnectionAsync(ct);
        if (await PortalTickets.OneAsync(c, id, User.PortalCustomerId()) is not { } ticket) return Problems.NotFound("Ticket", id);
        var description = await c.ExecuteScalarAsync<string?>("SELECT description FROM tkt_tickets WHERE id = @Id", new { Id = id });
        var messages = await PortalTickets.MessagesAsync(c, id);
        var files = (await PortalTickets.FilesAsync(c, id, messages))
            .Select(f => new PortalFile(f.Id, f.CommentId, f.FileName, f.ContentType, f.Size, f.UploadedAt)).ToList();
        return TypedResults.Ok(new Detail(ticket, description, messages, files));
    }
}
