
namespace Csm.Modules.Customers.Features;

internal sealed class UpdateCustomer(DbSession session, Outbox outbox, AuditTrail audit, CustomFieldCatalog catalog, TimeProvider clock)
    : Endpoint<UpdateCustomer.Request, Results<Ok<CustomerView>, ProblemHttpResult>>
{
    /// <summary>The whole profile, with the version it was read at.</summary>
    public sealed record Request : CustomerInput
    {
        public long Version { get; init; }
    }

    internal sealed class Validator : CustomerValidator<Request>
    {
        public Validator(CustomFieldCatalog catalog) : base(catalog) => RuleFor(r => r.Version).GreaterThan(0);
    }

    public override void Configure()
    {
        Put("customers/{id:long}");
        Policies(Can.CustomerProfiles);
        Group<CustomersGroup>();
        Description(d => d
            .WithName("Customers_Update")
            .WithSummary("Replaces a customer's profile")
            .WithDescription("Send the `version` you read; a stale version answers 409 with the current one.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict));
    }

    public override async Task<Results<Ok<CustomerView>, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var id = Route<long>("id");
        var state = CustomerState.From(request, CreateCustomer.Normalised(await catalog.LoadAsync(ct), request.CustomFields));
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        var current = await c.QuerySingleOrDefaultAsync<(long Version, long Erased, string? AccountManager)?>(
            "SELECT version, CASE WHEN erased_at IS NULL THEN 0 ELSE 1 END, account_manager FROM cus_customers WHERE id = @Id AND deleted_at IS NULL",
            new { Id = id }, tx);
        if (current is null) return Problems.NotFound("Customer", id);
        if (!User.HoldsFor(Can.CustomerProfiles, current.Value.AccountManager)) return Problems.NotYourCustomer(Can.CustomerProfiles, id);
        if (current.Value.Erased == 1) return Problems.Conflict($"Customer {id} was erased and cannot be changed.");
        if (await CustomerStore.FindExternalIdOwnerAsync(c, tx, state.ExternalIds, except: id) is { } owner)
        {
            return Problems.Conflict($"External id {owner.Source}/{owner.ExternalId} already belongs to customer {owner.CustomerId}.");
        }
        var before = await CustomerStore.FindAsync(c, id, tx);
        var now = clock.GetUtcNow();
        var version = await CustomerStore.UpdateAsync(c, tx, session.Dialect, id, request.Version, state, now);
        if (version is null) return Problems.StaleVersion(request.Version, current.Value.Version);
        await outbox.AddAsync(state.ToEvent(id, version.Value, created: false), ct);
        if (CustomerLifecycle.ExplicitChange(id, before!.Lifecycle, state.LifecycleStatus, now) is { } change) await outbox.AddAsync(change, ct);
        var view = (await CustomerStore.FindAsync(c, id, tx))!;
        await audit.RecordAsync("customers", "customer.updated", "customer", id, before, view, ct);
        await session.CommitAsync(ct);
        return TypedResults.Ok(view);
    }
}
