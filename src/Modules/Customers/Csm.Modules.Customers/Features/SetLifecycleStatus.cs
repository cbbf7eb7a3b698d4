namespace Csm.Modules.Customers.Features;

/// <summary>
/// A person (the 360 page) or an integration says where a customer stands. The status is then explicit: the derivation
/// from contracts and orders leaves it, except that a churned customer who signs or orders again is won back.
/// </summary>
internal sealed class SetLifecycleStatus(DbSession session, Outbox outbox, AuditTrail audit, TimeProvider clock)
    : Endpoint<SetLifecycleStatus.Request, Results<Ok<CustomerView>, ProblemHttpResult>>
{
    /// <param name="Status">active, atRisk, churned or wonBack.</param>
    public sealed record Request(string Status);

    internal sealed class Validator : Validator<Request>
    {
        public Validator() =>
            RuleFor(r => r.Status).NotEmpty().Must(s => Vocabulary.LifecycleStatuses.Contains(s)).WithMessage(Vocabulary.OneOf(Vocabulary.LifecycleStatuses));
    }

    public override void Configure()
    {
        Put("customers/{id:long}/lifecycle");
        Policies(Can.CustomerProfiles);
        Group<CustomersGroup>();
        Description(d => d
            .WithName("Customers_SetLifecycle")
            .WithSummary("Sets the customer's lifecycle status explicitly (active, atRisk, churned, wonBack)")
            .WithDescription("The change is in the customer's history (customer.lifecycleChanged). 404 for an unknown or archived customer, 409 for an erased one.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict));
    }

    public override async Task<Results<Ok<CustomerView>, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var id = Route<long>("id");
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        var current = await c.QuerySingleOrDefaultAsync<(long Erased, string? AccountManager)?>(
            "SELECT CASE WHEN erased_at IS NULL THEN 0 ELSE 1 END, account_manager FROM cus_customers WHERE id = @Id AND deleted_at IS NULL", new { Id = id }, tx);
        if (current is null) return Problems.NotFound("Customer", id);
        if (!User.HoldsFor(Can.CustomerProfiles, current.Value.AccountManager)) return Problems.NotYourCustomer(Can.CustomerProfiles, id);
        if (current.Value.Erased == 1) return Problems.Conflict($"Customer {id} was erased and cannot be changed.");
        var (had, change) = (await CustomerLifecycle.SetExplicitAsync(c, tx, id, request.Status, clock.GetUtcNow()))!.Value;
        if (change is not null)
        {
            await outbox.AddAsync(change, ct);
            await CustomerLifecycle.RecordAsync(audit, had, change, null, ct);
        }
        var view = (await CustomerStore.FindAsync(c, id, tx))!;
        await session.CommitAsync(ct);
        return TypedResults.Ok(view);
    }
}
