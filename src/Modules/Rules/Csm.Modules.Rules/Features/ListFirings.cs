using System.Text.Json;
using Csm.Modules.Rules.Evaluation;

namespace Csm.Modules.Rules.Features;

internal sealed class ListFirings(DbSession session) : Endpoint<ListFirings.QueryString, Results<Ok<Paged<ListFirings.Firing>>, ProblemHttpResult>>
{
    /// <param name="Recipient">Null when nobody could be reached (the error says why) or the customer's data was erased.</param>
    /// <param name="ServerReply">What the receiving server answered, e.g. "250 2.0.0 Ok: queued as 4B2F".</param>
    public sealed record Delivery(long Id, string Kind, string Channel, string? Recipient, string Status, long Attempts, string? ServerReply, string? LastError,
        DateTimeOffset? SettledAt);

    public sealed record Firing(long Id, long RunId, long CustomerId, DateTimeOffset FiredAt, string Reason, IReadOnlyList<ActionResult> Actions,
        IReadOnlyList<Delivery> Deliveries);

    private sealed record Row
    {
        public long Id { get; init; }
        public long RunId { get; init; }
        public long CustomerId { get; init; }
        public DateTimeOffset FiredAt { get; init; }
        public string Reason { get; init; } = "";
        public string ActionsJson { get; init; } = "[]";
    }

    private sealed record DeliveryRow
    {
        public long Id { get; init; }
        public string BusinessKey { get; init; } = "";
        public string Kind { get; init; } = "";
        public string Channel { get; init; } = "";
        public string? Recipient { get; init; }
        public string Status { get; init; } = "";
        public long Attempts { get; init; }
        public string? ServerReply { get; init; }
        public string? LastError { get; init; }
        public DateTimeOffset? SettledAt { get; init; }
    }

    /// <summary>The query string.</summary>
    public sealed record QueryString(long? CustomerId, int? Page, int? PageSize);

    public override void Configure()
    {
        Get("rules/{id:long}/firings");
        Group<RulesGroup>();
        Description(d => d
            .WithName("Rules_ListFirings")
            .WithSummary("Lists a rule's firings, newest first, with each action's result and each message's delivery")
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<Ok<Paged<Firing>>, ProblemHttpResult>> ExecuteAsync(QueryString query, CancellationToken ct)
    {
        var id = Route<long>("id");
        var (customerId, page, pageSize) = query;
        var paging = PageRequest.From(page, pageSize);
        var c = await session.ConnectionAsync(ct);
        if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM rul_rules WHERE id = @Id", new { Id = id }) == 0) return Problems.NotFound("Rule", id);
        var filter = customerId is null ? "" : " AND customer_id = @CustomerId";
        var p = new { Id = id, CustomerId = customerId, paging.Offset, Limit = paging.PageSize };
        var total = await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM rul_firings WHERE rule_id = @Id{filter}", p);
        var rows = (await c.QueryAsync<Row>(
            $"""
            SELECT id, run_id AS RunId, customer_id AS CustomerId, fired_at AS FiredAt, reason, actions_json AS ActionsJson
            FROM rul_firings WHERE rule_id = @Id{filter} ORDER BY id DESC {session.Dialect.Page}
            """, p)).ToList();
        var deliveries = (await c.QueryAsync<DeliveryRow>(
            """
            SELECT id, business_key AS BusinessKey, kind, channel, recipient, status, attempts, server_reply AS ServerReply, last_error AS LastError,
              settled_at AS SettledAt
            FROM out_messages WHERE module = @Module AND business_key IN @Keys ORDER BY id
            """, new { Module = ActionRunner.Module, Keys = rows.Select(r => ActionRunner.Key(r.Id)).DefaultIfEmpty("").ToList() })).ToLookup(d => d.BusinessKey);
        var items = rows.Select(r => new Firing(r.Id, r.RunId, r.CustomerId, r.FiredAt, r.Reason,
            JsonSerializer.Deserialize<List<ActionResult>>(r.ActionsJson, RuleStore.Json) ?? [],
            deliveries[ActionRunner.Key(r.Id)].Select(d => new Delivery(d.Id, d.Kind, d.Channel, d.Recipient, d.Status, d.Attempts, d.ServerReply, d.LastError,
                d.SettledAt)).ToList())).ToList();
        return TypedResults.Ok(new Paged<Firing>(items, total, paging.Page, paging.PageSize));
    }
}
