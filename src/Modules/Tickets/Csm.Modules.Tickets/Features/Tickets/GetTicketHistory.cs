using System.Text.Json;
namespace Csm.Modules.Tickets.Features.Tickets;

/// <summary>Who did what when on a ticket, and its comments.</summary>
internal sealed class GetTicketHistory : IEndpoint
{
    public sealed record Entry(DateTimeOffset At, string? Actor, string Action, JsonElement? Detail);

    public sealed record Comment(long Id, string Body, CommentVisibility Visibility, string? Author, DateTimeOffset CreatedAt);

    private sealed record Row
    {
        public long Id { get; init; }
        public DateTimeOffset At { get; init; }
        public string? Actor { get; init; }
        public string Action { get; init; } = "";
        public string? Detail { get; init; }
        public string Body { get; init; } = "";
        public CommentVisibility Visibility { get; init; }
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("tickets/{id:long}/history", History)
            .WithName("Tickets_History")
            .WithSummary("Everything that happened to a ticket, oldest first")
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("tickets/{id:long}/comments", Comments)
            .WithName("Tickets_Comments")
            .WithSummary("A ticket's notes and replies, oldest first; ?visibility=customer for what the customer saw")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<IReadOnlyList<Entry>>, ProblemHttpResult>> History(long id, DbSession session, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        if (!await ExistsAsync(c, id)) return Problems.NotFound("Ticket", id);
        var rows = await c.QueryAsync<Row>("SELECT id, at, actor, action, detail FROM tkt_history WHERE ticket_id = @Id ORDER BY id", new { Id = id });
        return TypedResults.Ok<IReadOnlyList<Entry>>(rows.Select(r => new Entry(r.At, r.Actor, r.Action,
            r.Detail is null ? null : JsonDocument.Parse(r.Detail).RootElement.Clone())).ToList());
    }

    private static async Task<Results<Ok<IReadOnlyList<Comment>>, ProblemHttpResult>> Comments(long id, string? visibility, DbSession session, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        if (!await ExistsAsync(c, id)) return Problems.NotFound("Ticket", id);
        var rows = await c.QueryAsync<Row>(
            "SELECT id, body, visibility, author AS Actor, created_at AS At FROM tkt_comments WHERE ticket_id = @Id AND (@Visibility IS NULL OR visibility = @Visibility) ORDER BY id",
            new { Id = id, Visibility = visibility });
        return TypedResults.Ok<IReadOnlyList<Comment>>(rows.Select(r => new Comment(r.Id, r.Body, r.Visibility, r.Actor, r.At)).ToList());
    }

    private static async Task<bool> ExistsAsync(System.Data.Common.DbConnection c, long id) =>
        await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM tkt_tickets WHERE id = @Id", new { Id = id }) > 0;
}
