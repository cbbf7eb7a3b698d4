namespace Csm.Modules.Customers.Features;

internal sealed class ReadCustomer(DbSession session) : EndpointWithoutRequest<Results<Ok<CustomerView>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("customers/{id:long}");
        Group<CustomersGroup>();
        Description(d => d.WithName("Customers_Get").WithSummary("Reads one customer's profile")
            .WithDescription("A customer merged into another answers 301 with `Location` of the survivor and `mergedInto` in a problem body.")
            .ProducesProblem(StatusCodes.Status301MovedPermanently)
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<Ok<CustomerView>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        var c = await session.ConnectionAsync(ct);
        var view = await CustomerStore.FindAsync(c, id);
        if (view is null)
        {
            if (await c.ExecuteScalarAsync<long?>("SELECT merged_into FROM cus_customers WHERE id = @Id", new { Id = id }) is not { } survivor)
                return Problems.NotFound("Customer", id);
            HttpContext.Response.Headers.Location = $"/api/customers/{survivor}";
            return TypedResults.Problem($"Customer {id} was merged into customer {survivor}.", statusCode: StatusCodes.Status301MovedPermanently,
                title: "Merged", extensions: new Dictionary<string, object?> { ["mergedInto"] = survivor });
        }
        HttpContext.Response.Headers.ETag = $"\"{view.Version}\"";
        return TypedResults.Ok(view);
    }
}
