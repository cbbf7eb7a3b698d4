using System.Text.Json;

namespace Csm.Modules.Customers.Features;

internal sealed class CreateCustomer(DbSession session, Outbox outbox, AuditTrail audit, CustomFieldCatalog catalog, TimeProvider clock)
    : Endpoint<CreateCustomer.Request, Results<Created<CustomerView>, Ok<CustomerView>, ProblemHttpResult>>
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
            .WithDescription("""
                Only `name` and `tier` are required. External ids tie the customer to a CRM/ERP record for later imports.
                A customer already known by a strong key (credit code, e-mail or phone, compared normalised) is not created twice:
                the answer is 200 with that customer, the external ids added. One whose name equals another's (normalised) is
                created and queued at GET /api/customers/duplicates.
                """)
            .WithIdempotency()
            .ProducesProblem(StatusCodes.Status409Conflict));
    }

    public override async Task<Results<Created<CustomerView>, Ok<CustomerView>, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var state = CustomerState.From(request, Normalised(await catalog.LoadAsync(ct), request.CustomFields));
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        if (await CustomerStore.FindExternalIdOwnerAsync(c, tx, state.ExternalIds) is { } owner)
        {
            return Problems.Conflict($"External id {owner.Source}/{owner.ExternalId} already belongs to customer {owner.CustomerId}.");
        }
        var now = clock.GetUtcNow();
        var holders = await CustomerIdentity.HoldersAsync(c, tx, session.Dialect, MatchKeys.Of(state).Where(k => k.Strong));
        var sources = state.ExternalIds.Select(e => e.Source).ToList();
        if (CustomerIdentity.SameAs(MatchKeys.Of(state), sources, holders, await CustomerIdentity.SourcesAsync(c, tx, holders.SelectMany(h => h))) is { } same)
            return TypedResults.Ok(await LinkAsync(c, tx, same, state.ExternalIds, now, ct));
        var id = await CustomerStore.InsertAsync(c, tx, session.Dialect, state, now);
        await CustomerIdentity.QueueLikelyDuplicatesAsync(c, tx, session.Dialect, [(id, state)], now);
        await outbox.AddAsync(state.ToEvent(id, 1, created: true), ct);
        if (CustomerLifecycle.ExplicitChange(id, null, state.LifecycleStatus, now) is { } change) await outbox.AddAsync(change, ct);
        var view = (await CustomerStore.FindAsync(c, id, tx))!;
        await audit.RecordAsync("customers", "customer.created", "customer", id, after: view, ct: ct);
        await session.CommitAsync(ct);
        return TypedResults.Created($"/api/customers/{id}", view);
    }

    /// <summary>The record is a customer already known: it gains the record's external ids, nothing else changes.</summary>
    private async Task<CustomerView> LinkAsync(
        System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, long id, IReadOnlyList<ExternalId> externalIds, DateTimeOffset now, CancellationToken ct)
    {
        var before = (await CustomerStore.FindAsync(c, id, tx))!;
        if (externalIds.Count > 0)
        {
            await Import.ImportWriter.LinkAsync(c, tx, externalIds.Select(e => (e, id)));
            await c.ExecuteAsync("UPDATE cus_customers SET version = version + 1, updated_at = @Now WHERE id = @Id", new { Id = id, Now = now }, tx);
        }
        var view = (await CustomerStore.FindAsync(c, id, tx))!;
        await audit.RecordAsync("customers", "customer.linked", "customer", id, before, view, ct);
        await session.CommitAsync(ct);
        HttpContext.Response.Headers.Location = $"/api/customers/{id}";
        return view;
    }

    /// <summary>The validator has already refused bad values; this only normalises the good ones.</summary>
    internal static Dictionary<string, JsonElement> Normalised(
        IReadOnlyDictionary<string, CustomFieldDefinition> definitions, IReadOnlyDictionary<string, JsonElement>? values) =>
        CustomFieldValues.Check(definitions, values, new Dictionary<string, string[]>());
}
