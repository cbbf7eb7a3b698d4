using System.Data.Common;

namespace Csm.Modules.Customers.Data;

internal static class CustomerExists
{
    /// <summary>Null when the customer can take new records; otherwise the answer why not: 404 unknown, 409 erased.</summary>
    public static Task<ProblemHttpResult?> CheckWritableAsync(DbConnection c, long id, DbTransaction? tx = null) => CheckAsync(c, id, tx, null, null);

    /// <summary>
    /// As <see cref="CheckWritableAsync(DbConnection, long, DbTransaction?)"/>, and 403 when the caller may not do
    /// <paramref name="permission"/> for this customer (an account manager, for someone else's customer).
    /// </summary>
    public static Task<ProblemHttpResult?> CheckWritableAsync(DbConnection c, long id, DbTransaction? tx, System.Security.Claims.ClaimsPrincipal user, string permission) =>
        CheckAsync(c, id, tx, user, permission);

    private static async Task<ProblemHttpResult?> CheckAsync(DbConnection c, long id, DbTransaction? tx, System.Security.Claims.ClaimsPrincipal? user, string? permission)
    {
        var row = await c.QuerySingleOrDefaultAsync<(long Erased, string? AccountManager)?>(
            "SELECT CASE WHEN erased_at IS NULL THEN 0 ELSE 1 END, account_manager FROM cus_customers WHERE id = @Id AND deleted_at IS NULL", new { Id = id }, tx);
        if (row is null) return Problems.NotFound("Customer", id);
        if (user is not null && permission is not null && !user.HoldsFor(permission, row.Value.AccountManager)) return Problems.NotYourCustomer(permission, id);
        return row.Value.Erased == 1 ? Problems.Conflict($"Customer {id} was erased; nothing more can be recorded about them.") : null;
    }
}
