using System.Text.Json;
namespace Csm.Modules.Tickets.Features.Tickets;

/// <summary>Who did what when on a ticket, and its comments.</summary>
internal static class GetTicketHistory
{
    public sealed record Entry(DateTimeOffset At, string? Actor, string Action, JsonElement? Detail);

    /// <param name="MergedFrom">The duplicate this comment was copied from by a merge.</param>
    /// <param name="InboundChannel">Where the customer wrote it (email, portal, wechat, wecom); null for what staff wrote.</param>
    public sealed record Comment(long Id, string Body, CommentVisibility Visibility, string? Author, DateTimeOffset CreatedAt, MergedTicket? MergedFrom,
        string? InboundChannel = null);

    public sealed record MergedTicket(long TicketId, string Number);

    private sealed record Row
    {
        public long Id { get; init; }
        public DateTimeOffset At { get; init; }
        public string? Actor { get; init; }
        public string Action { get; init; } = "";
        public string? Detail { get; init; }
        public string Body { get; init; } = "";
        public CommentVisibility Visibility { get; init; }
        public long? MergedFromId { get; init; }
        public string? MergedFromNumber { get; init; }
        public string? InboundChannel { get; init; }
    }

    internal sealed class History(DbSession session)
        : EndpointWithoutRequest<Results<Ok<IReadOnlyList<GetTicketHistory.Entry>>, ProblemHttpResult>>
    {
        public override void Configure()
        {
            Get("tickets/{id:long}/history");
            Group<TicketsGroup>();
            Description(d => d
                .WithName("Tickets_History")
                .WithSummary("Everything that happened to a ticket, oldest first")
                .ProducesProblem(StatusCodes.Status404NotFound));
        }

        public override async Task<Results<Ok<IReadOnlyList<Entry>>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
        {
            var id = Route<long>("id");
            var c = await session.ConnectionAsync(ct);
            if (!await Data.TicketStore.ExistsAsync(c, id)) return Problems.NotFound("Ticket", id);
            var rows = await c.QueryAsync<Row>("SELECT id, at, actor, action, detail FROM tkt_history WHERE ticket_id = @Id ORDER BY id", new { Id = id });
            return TypedResults.Ok<IReadOnlyList<Entry>>(rows.Select(r => new Entry(r.At, r.Actor, r.Action,
                r.Detail is null ? null : JsonDocument.Parse(r.Detail).RootElement.Clone())).ToList());
        }
    }

    internal sealed class Comments(DbSession session)
        : Endpoint<Comments.QueryString, Results<Ok<IReadOnlyList<GetTicketHistory.Comment>>, ProblemHttpResult>>
    {
        /// <summary>The query string.</summary>
        public sealed record QueryString(string? Visibility);

        public override void Configure()
        {
            Get("tickets/{id:long}/comments");
            Group<TicketsGroup>();
            Description(d => d
                .WithName("Tickets_Comments")
                .WithSummary("A ticket's notes and replies, oldest first; ?visibility=customer for what the customer saw")
                .ProducesProblem(StatusCodes.Status404NotFound));
        }

        public override async Task<Results<Ok<IReadOnlyList<Comment>>, ProblemHttpResult>> ExecuteAsync(QueryString query, CancellationToken ct)
        {
            var id = Route<long>("id");
            var visibility = query.Visibility;
            var c = await session.ConnectionAsync(ct);
            if (!await Data.TicketStore.ExistsAsync(c, id)) return Problems.NotFound("Ticket", id);
            var rows = await c.QueryAsync<Row>(
                """
                SELECT m.id, m.body, m.visibility, m.author AS Actor, m.created_at AS At, m.merged_from_id AS MergedFromId, f.number AS MergedFromNumber,
                  m.inbound_channel AS InboundChannel
                FROM tkt_comments m LEFT JOIN tkt_tickets f ON f.id = m.merged_from_id
                WHERE m.ticket_id = @Id AND (@Visibility IS NULL OR m.visibility = @Visibility) ORDER BY m.created_at, m.id
                """,
                new { Id = id, Visibility = visibility });
            return TypedResults.Ok<IReadOnlyList<Comment>>(rows.Select(r => new Comment(r.Id, r.Body, r.Visibility, r.Actor, r.At,
                r.MergedFromId is { } from ? new MergedTicket(from, r.MergedFromNumber ?? "") : null, r.InboundChannel)).ToList());
        }
    }
}
