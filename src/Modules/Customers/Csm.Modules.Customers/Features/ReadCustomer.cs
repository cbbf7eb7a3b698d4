
namespace Csm.Modules.Customers.Features;

internal sealed class ReadCustomer : IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) => app
        .MapGet("customers/{id:long}", Handle)
        .WithName("Customers_Get")
        .WithSummary("Reads one customer's profile")
        .ProducesProblem(StatusCodes.Status404NotFound);

    internal static async Task<Results<Ok<CustomerView>, ProblemHttpResult>> Handle(long id, DbSession session, HttpContext http, CancellationToken ct)
    {
        var view = await CustomerStore.FindAsync(await session.ConnectionAsync(ct), id);
        if (view is null) return Problems.NotFound("Customer", id);
        http.Response.Headers.ETag = $"\"{view.Version}\"";
        return TypedResults.Ok(view);
    }
}
