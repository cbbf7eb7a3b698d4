using Csm.Modules.Customers.Contracts;

namespace Csm.Modules.Customers.Features;

internal sealed record ContractView
{
    public long Id { get; init; }
    public long CustomerId { get; init; }
    public string Number { get; init; } = "";
    public DateOnly StartsOn { get; init; }
    public DateOnly EndsOn { get; init; }
    public decimal Value { get; init; }
    /// <summary>pending, active, expired or terminated.</summary>
    public string Status { get; init; } = "";
    public long Version { get; init; }
}

internal sealed class RecordContract(DbSession session, Outbox outbox, AuditTrail audit, TimeProvider clock)
    : Endpoint<RecordContract.Request, Results<Created<ContractView>, Ok<ContractView>, ProblemHttpResult>>
{
    /// <param name="Status">pending, active, expired or terminated.</param>
    public sealed record Request(string Number, DateOnly StartsOn, DateOnly EndsOn, decimal Value, string? Status);

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Number).NotEmpty().MaximumLength(100);
            RuleFor(r => r.EndsOn).GreaterThanOrEqualTo(r => r.StartsOn).WithMessage("The contract must end on or after it starts.");
            RuleFor(r => r.Value).GreaterThanOrEqualTo(0).LessThan(1_000_000_000_000m);
            RuleFor(r => r.Status).Must(s => Vocabulary.ContractStatuses.Contains(s)).When(r => r.Status is not null)
                .WithMessage(Vocabulary.OneOf(Vocabulary.ContractStatuses));
        }
    }

    public override void Configure()
    {
        Post("customers/{id:long}/contracts");
        Policies(Can.CustomerProfiles);
        Group<CustomersGroup>();
        Description(d => d
            .WithName("Customers_RecordContract")
            .WithSummary("Records a contract, or updates the one with the same number")
            .WithDescription("Upsert by contract number, for CRM/ERP pushes: 201 when new, 200 when it updated the customer's existing contract.")
            .WithIdempotency()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict));
    }

    public override async Task<Results<Created<ContractView>, Ok<ContractView>, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var id = Route<long>("id");
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        if (await CustomerExists.CheckWritableAsync(c, id, tx, User, Can.CustomerProfiles) is { } refused) return refused;
        var existing = await c.QuerySingleOrDefaultAsync<(long Id, long CustomerId)?>(
            "SELECT id, customer_id FROM cus_contracts WHERE number = @Number", new { request.Number }, tx);
        if (existing is { } e && e.CustomerId != id)
            return Problems.Conflict($"Contract {request.Number} belongs to customer {e.CustomerId}.");
        var values = new { CustomerId = id, request.Number, request.StartsOn, request.EndsOn, request.Value, Status = request.Status ?? "active", Now = clock.GetUtcNow() };
        long contractId;
        ContractView? before = null;
        if (existing is null)
        {
            contractId = await c.ExecuteScalarAsync<long>(session.Dialect.InsertReturningId("cus_contracts",
                "customer_id, number, starts_on, ends_on, value, status, version, updated_at",
                "@CustomerId, @Number, @StartsOn, @EndsOn, @Value, @Status, 1, @Now"), values, tx);
        }
        else
        {
            contractId = existing.Value.Id;
            before = await c.QuerySingleAsync<ContractView>(ListContracts.Select + " WHERE id = @Id", new { Id = contractId }, tx);
            await c.ExecuteAsync(
                "UPDATE cus_contracts SET starts_on = @StartsOn, ends_on = @EndsOn, value = @Value, status = @Status, version = version + 1, updated_at = @Now WHERE number = @Number",
                values, tx);
        }
        var view = await c.QuerySingleAsync<ContractView>(ListContracts.Select + " WHERE id = @Id", new { Id = contractId }, tx);
        await outbox.AddAsync(new ContractUpserted(view.Id, id, view.Number, view.StartsOn, view.EndsOn, view.Value, view.Status), ct);
        await audit.RecordAsync("customers", before is null ? "contract.created" : "contract.updated", "customer", id, before, view, ct);
        await session.CommitAsync(ct);
        return existing is null ? TypedResults.Created($"/api/customers/{id}/contracts", view) : TypedResults.Ok(view);
    }
}

internal sealed class ListContracts(DbSession session) : EndpointWithoutRequest<Results<Ok<List<ContractView>>, ProblemHttpResult>>
{
    public const string Select =
        "SELECT id, customer_id AS CustomerId, number, starts_on AS StartsOn, ends_on AS EndsOn, value, status, version FROM cus_contracts";

    public override void Configure()
    {
        Get("customers/{id:long}/contracts");
        Group<CustomersGroup>();
        Description(d => d
            .WithName("Customers_ListContracts")
            .WithSummary("Lists a customer's contracts, latest end first")
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<Ok<List<ContractView>>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        var c = await session.ConnectionAsync(ct);
        if (await CustomerExists.CheckWritableAsync(c, id) is { StatusCode: 404 } unknown) return unknown;
        return TypedResults.Ok((await c.QueryAsync<ContractView>(Select + " WHERE customer_id = @Id ORDER BY ends_on DESC", new { Id = id })).ToList());
    }
}
