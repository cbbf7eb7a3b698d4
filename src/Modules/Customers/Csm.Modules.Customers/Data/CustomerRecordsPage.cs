using System.Data.Common;

namespace Csm.Modules.Customers.Data;

internal static class CustomerRecordsPage
{
    /// <summary>A page of one customer's records (orders, interactions), newest first, with the total.</summary>
    public static async Task<Results<Ok<Paged<T>>, ProblemHttpResult>> ReadAsync<T>(
        DbConnection c, ISqlDialect dialect, long customerId, string table, string select, string newestFirst, int? page, int? pageSize)
    {
        if (await CustomerExists.CheckWritableAsync(c, customerId) is { StatusCode: 404 } unknown) return unknown;
        var paging = PageRequest.From(page, pageSize);
        var total = await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE customer_id = @Id", new { Id = customerId });
        var items = (await c.QueryAsync<T>($"{select} WHERE customer_id = @Id ORDER BY {newestFirst} {dialect.Page}",
            new { Id = customerId, paging.Offset, Limit = paging.PageSize })).ToList();
        return TypedResults.Ok(new Paged<T>(items, total, paging.Page, paging.PageSize));
    }
}
