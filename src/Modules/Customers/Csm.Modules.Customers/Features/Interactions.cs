using System.Security.Claims;
using Csm.Modules.Customers.Contracts;

namespace Csm.Modules.Customers.Features;

/// <summary>A call, e-mail, chat, visit or WeChat message with the customer.</summary>
internal sealed record InteractionView
{
    public long Id { get; init; }
    public long CustomerId { get; init; }
    public string Channel { get; init; } = "";
    public string Direction { get; init; } = "";
    public string Summary { get; init; } = "";
    public string? Agent { get; init; }
    public DateTimeOffset InteractedAt { get; init; }

    internal const string Select =
        "SELECT id, customer_id AS CustomerId, channel, direction, summary, agent, interacted_at AS InteractedAt FROM cus_interactions";
}

internal sealed class RecordInteraction(DbSession session, Outbox outbox, AuditTrail audit, TimeProvider clock)
    : Endpoint<RecordInteraction.Request, Results<Created<InteractionView>, ProblemHttpResult>>
{
    /// <param name="Channel">call, email, chat, visit or weChat.</param>
    /// <param name="Direction">inbound or outbound.</param>
    /// <param name="Agent">Who spoke with the customer; the signed-in user when omitted.</param>
    /// <param name="InteractedAt">When it happened; now when omitted.</param>
    public sealed record Request(string Channel, string Direction, string Summary, string? Agent, DateTimeOffset? InteractedAt);

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Channel).Must(c => Vocabulary.Channels.Contains(c)).WithMessage(Vocabulary.OneOf(Vocabulary.Channels));
            RuleFor(r => r.Direction).Must(d => Vocabulary.Directions.Contains(d)).WithMessage(Vocabulary.OneOf(Vocabulary.Directions));
            RuleFor(r => r.Summary).NotEmpty().MaximumLength(4000);
            RuleFor(r => r.Agent).MaximumLength(100);
        }
    }

    public override void Configure()
    {
        Post("customers/{id:long}/interactions");
        Group<CustomersGroup>();
        Description(d => d
            .WithName("Customers_RecordInteraction")
            .WithSummary("Records a call, e-mail, chat, visit or WeChat conversation")
            .WithIdempotency()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict));
    }

    public override async Task<Results<Created<InteractionView>, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var id = Route<long>("id");
        var user = User;
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        if (await CustomerExists.CheckWritableAsync(c, id, tx) is { } refused) return refused;
        var at = request.InteractedAt ?? clock.GetUtcNow();
        var agent = request.Agent ?? user.Identity?.Name;
        var interactionId = await c.ExecuteScalarAsync<long>(session.Dialect.InsertReturningId("cus_interactions",
            "customer_id, channel, direction, summary, agent, interacted_at", "@CustomerId, @Channel, @Direction, @Summary, @Agent, @At"),
            new { CustomerId = id, request.Channel, request.Direction, request.Summary, Agent = agent, At = at }, tx);
        var view = await c.QuerySingleAsync<InteractionView>(InteractionView.Select + " WHERE id = @Id", new { Id = interactionId }, tx);
        await outbox.AddAsync(new InteractionRecorded(interactionId, id, view.Channel, view.Direction, view.Summary, view.Agent, view.InteractedAt), ct);
        await audit.RecordAsync("customers", "interaction.created", "customer", id, after: view, ct: ct);
        await session.CommitAsync(ct);
        return TypedResults.Created($"/api/customers/{id}/interactions/{interactionId}", view);
    }
}

internal sealed class ListInteractions(DbSession session)
    : Endpoint<PageQuery, Results<Ok<Paged<InteractionView>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("customers/{id:long}/interactions");
        Group<CustomersGroup>();
        Description(d => d
            .WithName("Customers_ListInteractions")
            .WithSummary("Lists a customer's interactions, newest first")
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<Ok<Paged<InteractionView>>, ProblemHttpResult>> ExecuteAsync(PageQuery query, CancellationToken ct)
    {
        var id = Route<long>("id");
        var (page, pageSize) = query;
        return await CustomerRecordsPage.ReadAsync<InteractionView>(await session.ConnectionAsync(ct), session.Dialect, id, "cus_interactions", InteractionView.Select, "interacted_at DESC, id DESC", page, pageSize);
    }
}
