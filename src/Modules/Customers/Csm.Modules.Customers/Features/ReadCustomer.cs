namespace Csm.Modules.Customers.Features;

internal sealed class ReadCustomer(DbSession session) : EndpointWithoutRequest<Results<Ok<CustomerView>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("customers/{id:long}");
        Group<CustomersGroup>();
        Description(d => d.WithName("Customers_Get").WithSummary("Reads one customer's profile").ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<Ok<CustomerView>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        var view = await CustomerStore.FindAsync(await session.ConnectionAsync(ct), id);
        if (view is null) return Problems.NotFound("Customer", id);
        HttpContext.Response.Headers.ETag = $"\"{view.Version}\"";
        return TypedResults.Ok(view);
    }
}
