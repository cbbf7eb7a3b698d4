using System.Data.Common;

namespace Csm.Modules.Customers.Data;

internal static class CustomerExists
{
    /// <summary>Null when the customer can take new records; otherwise why not (404 or 409).</summary>
    public static async Task<(int Status, string Detail)?> CheckWritableAsync(DbConnection c, long id, DbTransaction? tx = null)
    {
        var erased = await c.QuerySingleOrDefaultAsync<long?>(
            "SELECT CASE WHEN erased_at IS NULL THEN 0 ELSE 1 END FROM cus_customers WHERE id = @Id AND deleted_at IS NULL", new { Id = id }, tx);
        return erased switch
        {
            null => (404, $"Customer {id} does not exist."),
            1 => (409, $"Customer {id} was erased; nothing more can be recorded about them."),
            _ => null,
        };
    }

    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Problem((int Status, string Detail) why) =>
        Microsoft.AspNetCore.Http.TypedResults.Problem(why.Detail, statusCode: why.Status, title: why.Status == 404 ? "Not found" : "Conflict");
}
