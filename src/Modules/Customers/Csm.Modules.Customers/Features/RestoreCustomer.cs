namespace Csm.Modules.Customers.Features;

/// <summary>Brings an archived customer back: listed, searchable and open to new records again, as they were.</summary>
internal sealed class RestoreCustomer(DbSession session, AuditTrail audit, TimeProvider clock)
    : EndpointWithoutRequest<Results<Ok<CustomerView>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("customers/{id:long}/restore");
        Policies(Can.ArchiveCustomers);
        Group<CustomersGroup>();
        Description(d => d
            .WithName("Customers_Restore")
            .WithSummary("Restores an archived customer")
            .WithDescription("404 for a customer that does not exist or is not archived (GET /api/customers?archived=true lists those that are).")
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<Ok<CustomerView>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        var restored = await c.ExecuteAsync("UPDATE cus_customers SET deleted_at = NULL, version = version + 1, updated_at = @Now WHERE id = @Id AND deleted_at IS NOT NULL",
            new { Id = id, Now = clock.GetUtcNow() }, tx);
        if (restored == 0) return Problems.NotFound("Archived customer", id);
        var view = (await Data.CustomerStore.FindAsync(c, id, tx))!;
        await audit.RecordAsync("customers", "customer.restored", "customer", id, null, view, ct);
        await session.CommitAsync(ct);
        return TypedResults.Ok(view);
    }
}
