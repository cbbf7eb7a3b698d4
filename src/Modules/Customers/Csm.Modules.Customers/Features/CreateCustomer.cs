using System.Text.Json;

namespace Csm.Modules.Customers.Features;

internal sealed class CreateCustomer(DbSession session, Outbox outbox, AuditTrail audit, CustomFieldCatalog catalog, TimeProvider clock)
    : Endpoint<CreateCustomer.Request, Results<Created<CustomerView>, ProblemHttpResult>>
{
    /// <summary>Only name and tier are required.</summary>
    public sealed record Request : CustomerInput;

    internal sealed class Validator(CustomFieldCatalog catalog) : CustomerValidator<Request>(catalog);

    public override void Configure()
    {
        Post("customers");
        Group<CustomersGroup>();
        Description(d => d
            .WithName("Customers_Create")
            .WithSummary("Creates a customer")
            .WithDescription("Only `name` and `tier` are required. External ids tie the customer to a CRM/ERP record for later imports.")
            .WithIdempotency()
            .ProducesProblem(StatusCodes.Status409Conflict));
    }

    public override async Task<Results<Created<CustomerView>, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var state = CustomerState.From(request, Normalised(await catalog.LoadAsync(ct), request.CustomFields));
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        if (await CustomerStore.FindExternalIdOwnerAsync(c, tx, state.ExternalIds) is { } owner)
        {
            return Problems.Conflict($"External id {owner.Source}/{owner.ExternalId} already belongs to customer {owner.CustomerId}.");
        }
        var now = clock.GetUtcNow();
        var id = await CustomerStore.InsertAsync(c, tx, session.Dialect, state, now);
        await outbox.AddAsync(state.ToEvent(id, 1, created: true), ct);
        var view = (await CustomerStore.FindAsync(c, id, tx))!;
        await audit.RecordAsync("customers", "customer.created", "customer", id, after: view, ct: ct);
        await session.CommitAsync(ct);
        return TypedResults.Created($"/api/customers/{id}", view);
    }

    /// <summary>The validator has already refused bad values; this only normalises the good ones.</summary>
    internal static Dictionary<string, JsonElement> Normalised(
        IReadOnlyDictionary<string, CustomFieldDefinition> definitions, IReadOnlyDictionary<string, JsonElement>? values) =>
        CustomFieldValues.Check(definitions, values, new Dictionary<string, string[]>());
}
