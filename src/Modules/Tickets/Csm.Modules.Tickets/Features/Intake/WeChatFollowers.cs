using Csm.Modules.Tickets.WeChat;

namespace Csm.Modules.Tickets.Features.Intake;

/// <summary>
/// Who writes through WeChat and WeCom: each sender's OpenID (UserID) and the customer it is linked to. A first-time
/// sender is linked to a new prospect; staff who recognise the person link the sender to the right customer, and the
/// sender's later messages and tickets are that customer's.
/// </summary>
internal static class WeChatFollowers
{
    public sealed record Follower(string Platform, string OpenId, long CustomerId, string? LinkedBy, DateTimeOffset LinkedAt);

    private sealed record Row
    {
        public string Platform { get; init; } = "";
        public string OpenId { get; init; } = "";
        public long CustomerId { get; init; }
        public string? LinkedBy { get; init; }
        public DateTimeOffset LinkedAt { get; init; }
    }

    internal sealed class List(DbSession session) : Endpoint<List.QueryString, Ok<IReadOnlyList<Follower>>>
    {
        /// <param name="CustomerId">Only the senders linked to this customer.</param>
        /// <param name="TicketId">Only the sender whose conversation opened this ticket.</param>
        public sealed record QueryString(long? CustomerId = null, long? TicketId = null);

        public override void Configure()
        {
            Get("tickets/wechat-followers");
            Group<TicketsGroup>();
            Description(d => d.WithName("Tickets_WeChatFollowers").WithSummary("WeChat and WeCom senders and the customers they are linked to, newest first (at most 500)"));
        }

        public override async Task<Ok<IReadOnlyList<Follower>>> ExecuteAsync(QueryString query, CancellationToken ct)
        {
            var c = await session.ConnectionAsync(ct);
            var rows = await c.QueryAsync<Row>(
                """
                SELECT platform AS Platform, open_id AS OpenId, customer_id AS CustomerId, linked_by AS LinkedBy, linked_at AS LinkedAt
                FROM tkt_wechat_followers f
                WHERE (@CustomerId IS NULL OR customer_id = @CustomerId)
                  AND (@TicketId IS NULL OR EXISTS (SELECT 1 FROM tkt_wechat_threads t WHERE t.ticket_id = @TicketId AND t.platform = f.platform AND t.open_id = f.open_id))
                ORDER BY linked_at DESC, open_id
                """, new { query.CustomerId, query.TicketId });
            return TypedResults.Ok<IReadOnlyList<Follower>>(rows.Take(500).Select(r => new Follower(r.Platform, r.OpenId, r.CustomerId, r.LinkedBy, r.LinkedAt)).ToList());
        }
    }

    internal sealed class Link(DbSession session, TimeProvider clock) : Endpoint<Link.Request, Results<Ok<Follower>, ValidationProblem, ProblemHttpResult>>
    {
        public sealed record Request(long CustomerId);

        internal sealed class Validator : Validator<Request>
        {
            public Validator() => RuleFor(r => r.CustomerId).GreaterThan(0);
        }

        public override void Configure()
        {
            Put("tickets/wechat-followers/{platform}/{openId}");
            Group<TicketsGroup>();
            Description(d => d
                .WithName("Tickets_LinkWeChatFollower")
                .WithSummary("Links a WeChat (platform wechat) or WeCom (wecom) sender to a customer; their later messages are that customer's")
                .ProducesProblem(StatusCodes.Status404NotFound));
        }

        public override async Task<Results<Ok<Follower>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
        {
            var platform = Route<string>("platform")!;
            var openId = Route<string>("openId")!;
            if (!WeChatPlatform.All.Contains(platform)) return Problems.Invalid("platform", "The platform is 'wechat' (Official Account) or 'wecom'.");
            var c = await session.ConnectionAsync(ct);
            if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM tkt_customers WHERE customer_id = @Id", new { Id = request.CustomerId }) == 0)
                return Problems.Invalid("customerId", $"There is no customer {request.CustomerId}.");
            var changed = await c.ExecuteAsync(
                "UPDATE tkt_wechat_followers SET customer_id = @CustomerId, linked_by = @By, linked_at = @Now WHERE platform = @Platform AND open_id = @OpenId",
                new { request.CustomerId, By = User.Identity?.Name, Now = clock.GetUtcNow(), Platform = platform, OpenId = openId });
            if (changed == 0) return Problems.NotFound("WeChat sender", openId);
            return TypedResults.Ok(new Follower(platform, openId, request.CustomerId, User.Identity?.Name, clock.GetUtcNow()));
        }
    }
}
