
namespace Csm.Modules.Customers.Features;

/// <summary>Everything this system holds about one customer, for a personal-data access request.</summary>
internal sealed class ExportCustomer(DbSession session, AuditTrail audit, TimeProvider clock)
    : EndpointWithoutRequest<Results<Ok<ExportCustomer.Response>, ProblemHttpResult>>
{
    public new sealed record Response(
        DateTimeOffset ExportedAt, CustomerView Profile, IReadOnlyList<ContractView> Contracts, IReadOnlyList<AssetView> Assets,
        IReadOnlyList<OrderView> Orders, IReadOnlyList<InteractionView> Interactions,
        IReadOnlyList<CustomerOverview.TicketItem> Tickets, IReadOnlyList<CustomerOverview.ScoreRow> Scores);

    public override void Configure()
    {
        Get("customers/{id:long}/export");
        Policies(Can.ExportCustomers);
        Group<CustomersGroup>();
        Description(d => d
            .WithName("Customers_Export")
            .WithSummary("Exports all personal data held about a customer (JSON attachment)")
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<Ok<Response>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        var http = HttpContext;
        var c = await session.ConnectionAsync(ct);
        var profile = await CustomerStore.FindAsync(c, id, includeDeleted: true);
        if (profile is null) return Problems.NotFound("Customer", id);
        using var read = await c.QueryMultipleAsync(
            $"""
            {ListContracts.Select} WHERE customer_id = @Id ORDER BY id;
            {AssetView.Select} WHERE customer_id = @Id ORDER BY id;
            {OrderView.Select} WHERE customer_id = @Id ORDER BY id;
            {InteractionView.Select} WHERE customer_id = @Id ORDER BY id;
            SELECT {CustomerOverview.TicketColumns} FROM cus_ticket_view WHERE customer_id = @Id ORDER BY ticket_id;
            SELECT nps, csat, ces, responded_at AS RespondedAt FROM cus_score_view WHERE customer_id = @Id ORDER BY responded_at;
            """, new { Id = id });
        var response = new Response(clock.GetUtcNow(), profile,
            (await read.ReadAsync<ContractView>()).ToList(), (await read.ReadAsync<AssetView>()).ToList(),
            (await read.ReadAsync<OrderView>()).ToList(), (await read.ReadAsync<InteractionView>()).ToList(),
            (await read.ReadAsync<CustomerOverview.TicketItem>()).ToList(), (await read.ReadAsync<CustomerOverview.ScoreRow>()).ToList());
        // Who took a customer's personal data out, and when; what was taken is the export itself, not kept twice.
        await session.BeginAsync(ct);
        await audit.RecordAsync("customers", "customer.exported", "customer", id, ct: ct);
        await session.CommitAsync(ct);
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"customer-{id}.json\"";
        return TypedResults.Ok(response);
    }
}
