using Csm.Modules.Customers.Contracts;

namespace Csm.Modules.Customers.Data;

/// <summary>
/// Where a customer stands: active, at risk, churned or won back. <paramref name="Origin"/> says who decided: "explicit"
/// (an import, the API, a person on the 360 page, a rule) or "derived" (from contracts and orders, by
/// <see cref="Lifecycle.LifecycleDerivation"/>); <paramref name="Since"/> when the status began.
/// </summary>
internal sealed record CustomerLifecycle(string Status, string Origin, DateTimeOffset? Since)
{
    public const string Explicit = "explicit";
    public const string Derived = "derived";

    /// <summary>
    /// The event for an explicit status laid over what the customer had, or null when nothing changes (same status, already
    /// explicit). A status said again keeps its start.
    /// </summary>
    public static CustomerLifecycleChanged? ExplicitChange(long customerId, CustomerLifecycle? had, string? status, DateTimeOffset now) =>
        status is null || had is { Origin: Explicit } && had.Status == status ? null
            : new CustomerLifecycleChanged(customerId, status, true, had?.Status == status && had.Since is { } since ? since : now);

    /// <summary>
    /// Sets an explicit status on a live customer (not archived, not erased) and says what it had; null when there is no
    /// such customer. Nothing is written when the same status is already explicit.
    /// </summary>
    public static async Task<(CustomerLifecycle? Had, CustomerLifecycleChanged? Change)?> SetExplicitAsync(
        System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, long id, string status, DateTimeOffset now)
    {
        var row = await c.QuerySingleOrDefaultAsync<CustomerRow>(
            $"SELECT {CustomerRow.Columns} FROM cus_customers WHERE id = @Id AND deleted_at IS NULL AND erased_at IS NULL", new { Id = id }, tx);
        if (row is null) return null;
        var had = Of(row);
        var change = ExplicitChange(id, had, status, now);
        if (change is not null)
            await c.ExecuteAsync(
                "UPDATE cus_customers SET lifecycle_status = @Status, lifecycle_origin = 'explicit', lifecycle_since = @Since WHERE id = @Id",
                new { Id = id, change.Status, change.Since }, tx);
        return (had, change);
    }

    /// <summary>The change in the customer's history; <paramref name="source"/> names the import source or rule that made it.</summary>
    public static Task RecordAsync(AuditTrail audit, CustomerLifecycle? had, CustomerLifecycleChanged change, string? source, CancellationToken ct) =>
        audit.RecordAsync("customers", "customer.lifecycleChanged", "customer", change.CustomerId, new { Lifecycle = had },
            new { Lifecycle = new CustomerLifecycle(change.Status, change.Explicit ? Explicit : Derived, change.Since), Source = source }, ct);

    public static CustomerLifecycle? Of(CustomerRow row) =>
        row.LifecycleStatus is null ? null : new CustomerLifecycle(row.LifecycleStatus, row.LifecycleOrigin ?? Explicit, row.LifecycleSince);
}
