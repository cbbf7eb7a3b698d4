using Csm.BuildingBlocks.Auth;

namespace Csm.Modules.Customers.Portal;

/// <summary>
/// Portal sessions kept on the server: a session is the magic link that opened it (cus_portal_links), open until the
/// customer signs out, is erased or is merged into another customer.
/// </summary>
internal sealed class PortalSessions(Db db, TimeProvider clock) : IPortalSessions
{
    public async Task<bool> IsOpenAsync(long sessionId, long customerId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>("""
            SELECT COUNT(*) FROM cus_portal_links l JOIN cus_customers c ON c.id = l.customer_id
            WHERE l.id = @Session AND l.customer_id = @Customer AND l.used_at IS NOT NULL AND l.session_ended_at IS NULL
              AND c.deleted_at IS NULL AND c.merged_into IS NULL
            """, new { Session = sessionId, Customer = customerId }) == 1;
    }

    public async Task EndAsync(long sessionId, long customerId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync("UPDATE cus_portal_links SET session_ended_at = @Now WHERE id = @Session AND customer_id = @Customer AND session_ended_at IS NULL",
            new { Now = clock.GetUtcNow(), Session = sessionId, Customer = customerId });
    }
}
