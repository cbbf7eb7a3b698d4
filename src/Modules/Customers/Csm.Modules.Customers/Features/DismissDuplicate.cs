namespace Csm.Modules.Customers.Features;

/// <summary>A person decided the pair are two customers: the pair leaves the queue and is not queued again.</summary>
internal sealed class DismissDuplicate(DbSession session, AuditTrail audit, TimeProvider clock)
    : EndpointWithoutRequest<Results<NoContent, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("customers/duplicates/{id:long}/dismiss");
        Policies(Can.ArchiveCustomers);
        Group<CustomersGroup>();
        Description(d => d
            .WithName("Customers_DismissDuplicate")
            .WithSummary("Dismisses a likely duplicate: the two are different customers")
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<NoContent, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        var by = AuditTrail.Actor(HttpContext).Actor;
        var dismissed = await c.ExecuteAsync(
            "UPDATE cus_duplicates SET status = 'dismissed', decided_at = @Now, decided_by = @By WHERE id = @Id AND status = 'open'",
            new { Id = id, Now = clock.GetUtcNow(), By = by }, tx);
        if (dismissed == 0) return Problems.NotFound("Open duplicate", id);
        var pair = await c.QuerySingleAsync<(long CustomerId, long DuplicateId)>("SELECT customer_id, duplicate_id FROM cus_duplicates WHERE id = @Id", new { Id = id }, tx);
        await audit.RecordAsync("customers", "duplicate.dismissed", "customer", pair.CustomerId, null, new { duplicate = id, pair.CustomerId, pair.DuplicateId }, ct);
        await session.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}
