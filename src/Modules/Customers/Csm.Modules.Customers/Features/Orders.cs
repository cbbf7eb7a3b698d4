using Csm.Modules.Customers.Contracts;

namespace Csm.Modules.Customers.Features;

internal sealed record OrderView
{
    public long Id { get; init; }
    public long CustomerId { get; init; }
    public DateOnly OrderedOn { get; init; }
    public decimal Amount { get; init; }
    public string Product { get; init; } = "";

    internal const string Select = "SELECT id, customer_id AS CustomerId, ordered_on AS OrderedOn, amount, product FROM cus_orders";
}

internal sealed class RecordOrder(DbSession session, Outbox outbox, AuditTrail audit, TimeProvider clock)
    : Endpoint<RecordOrder.Request, Results<Created<OrderView>, ProblemHttpResult>>
{
    public sealed record Request(DateOnly OrderedOn, decimal Amount, string Product);

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.OrderedOn).NotEmpty();
            RuleFor(r => r.Amount).GreaterThanOrEqualTo(0).LessThan(1_000_000_000_000m);
            RuleFor(r => r.Product).NotEmpty().MaximumLength(400);
        }
    }

    public override void Configure()
    {
        Post("customers/{id:long}/orders");
        Policies(Can.CustomerProfiles);
        Group<CustomersGroup>();
        Description(d => d
            .WithName("Customers_RecordOrder")
            .WithSummary("Records an order (for repurchase and retention)")
            .WithIdempotency()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict));
    }

    public override async Task<Results<Created<OrderView>, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var id = Route<long>("id");
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        if (await CustomerExists.CheckWritableAsync(c, id, tx, User, Can.CustomerProfiles) is { } refused) return refused;
        var orderId = await c.ExecuteScalarAsync<long>(session.Dialect.InsertReturningId("cus_orders",
            "customer_id, ordered_on, amount, product, created_at", "@CustomerId, @OrderedOn, @Amount, @Product, @Now"),
            new { CustomerId = id, request.OrderedOn, request.Amount, request.Product, Now = clock.GetUtcNow() }, tx);
        var view = await c.QuerySingleAsync<OrderView>(OrderView.Select + " WHERE id = @Id", new { Id = orderId }, tx);
        await outbox.AddAsync(new OrderRecorded(orderId, id, view.OrderedOn, view.Amount, view.Product), ct);
        await audit.RecordAsync("customers", "order.created", "customer", id, after: view, ct: ct);
        await session.CommitAsync(ct);
        return TypedResults.Created($"/api/customers/{id}/orders/{orderId}", view);
    }
}

internal sealed class ListOrders(DbSession session) : Endpoint<PageQuery, Results<Ok<Paged<OrderView>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("customers/{id:long}/orders");
        Group<CustomersGroup>();
        Description(d => d
            .WithName("Customers_ListOrders")
            .WithSummary("Lists a customer's orders, newest first")
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<Ok<Paged<OrderView>>, ProblemHttpResult>> ExecuteAsync(PageQuery query, CancellationToken ct)
    {
        var id = Route<long>("id");
        var (page, pageSize) = query;
        return await CustomerRecordsPage.ReadAsync<OrderView>(await session.ConnectionAsync(ct), session.Dialect, id, "cus_orders", OrderView.Select, "ordered_on DESC, id DESC", page, pageSize);
    }
}
