using Csm.Modules.Customers.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Csm.Modules.Customers.Lifecycle;

/// <param name="ChurnAfterDays">A customer with no running contract and no order for this many days is churned.</param>
internal sealed record LifecycleSettings(int ChurnAfterDays);

/// <summary>
/// Derives lifecycle statuses from contracts and orders, set-wise: one read classifies every live customer whose status
/// is derived (or not yet known), or is churned; only the changes are written. A customer who ever had a contract or an
/// order is active while a contract runs (pending or active, not past its end) or an order is younger than
/// <see cref="LifecycleSettings.ChurnAfterDays"/>, churned when neither; a churned customer (explicitly or not) with a
/// contract starting or an order placed after the day they churned is won back. An explicit status other than churned
/// is left as a person or a source said it.
/// </summary>
internal sealed class LifecycleDerivation(IServiceScopeFactory scopes, LifecycleSettings settings, TimeProvider clock)
{
    private sealed record Standing
    {
        public long Id { get; init; }
        public string? Status { get; init; }
        public string? Origin { get; init; }
        public DateTimeOffset? Since { get; init; }
        public long Known { get; init; }
        public long Engaged { get; init; }
        public long Returned { get; init; }
    }

    public sealed record Run(int Classified, int Changed);

    public async Task<Run> RunAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        var standings = (await c.QueryAsync<Standing>(
            """
            SELECT c.id, c.lifecycle_status AS Status, c.lifecycle_origin AS Origin, c.lifecycle_since AS Since,
              CASE WHEN EXISTS (SELECT 1 FROM cus_contracts k WHERE k.customer_id = c.id)
                     OR EXISTS (SELECT 1 FROM cus_orders o WHERE o.customer_id = c.id) THEN 1 ELSE 0 END AS Known,
              CASE WHEN EXISTS (SELECT 1 FROM cus_contracts k WHERE k.customer_id = c.id AND k.status IN ('pending', 'active') AND k.ends_on >= @Today)
                     OR EXISTS (SELECT 1 FROM cus_orders o WHERE o.customer_id = c.id AND o.ordered_on > @Cutoff) THEN 1 ELSE 0 END AS Engaged,
              CASE WHEN c.lifecycle_status = 'churned'
                    AND (EXISTS (SELECT 1 FROM cus_contracts k WHERE k.customer_id = c.id AND k.starts_on > c.lifecycle_since AND k.status <> 'terminated')
                      OR EXISTS (SELECT 1 FROM cus_orders o WHERE o.customer_id = c.id AND o.ordered_on > c.lifecycle_since)) THEN 1 ELSE 0 END AS Returned
            FROM cus_customers c
            WHERE c.deleted_at IS NULL AND c.erased_at IS NULL AND c.merged_into IS NULL
              AND (c.lifecycle_origin IS NULL OR c.lifecycle_origin = 'derived' OR c.lifecycle_status = 'churned')
            """, new { Today = today, Cutoff = today.AddDays(-settings.ChurnAfterDays) }, tx)).ToList();
        var changes = standings.Select(s => (Had: s, Status: Derive(s))).Where(s => s.Status is not null && s.Status != s.Had.Status).ToList();
        await c.ExecuteAsync("UPDATE cus_customers SET lifecycle_status = @Status, lifecycle_origin = 'derived', lifecycle_since = @Now WHERE id = @Id",
            changes.Select(x => new { x.Had.Id, x.Status, Now = now }), tx);
        foreach (var (had, status) in changes)
        {
            var change = new CustomerLifecycleChanged(had.Id, status!, false, now);
            await outbox.AddAsync(change, ct);
            await CustomerLifecycle.RecordAsync(audit,
                had.Status is null ? null : new CustomerLifecycle(had.Status, had.Origin ?? CustomerLifecycle.Explicit, had.Since), change, null, ct);
        }
        await session.CommitAsync(ct);
        return new Run(standings.Count, changes.Count);
    }

    /// <summary>The status the facts give, or null to leave the customer as they are.</summary>
    private static string? Derive(Standing s)
    {
        if (s.Returned == 1) return "wonBack";
        if (s.Origin == CustomerLifecycle.Explicit || s.Known == 0) return null;
        if (s.Engaged == 0) return "churned";
        return s.Status is null or "churned" ? "active" : null;
    }
}

internal sealed class LifecycleDerivationJob(LifecycleDerivation derivation) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct) => await derivation.RunAsync(ct);
}
