using System.Data.Common;

namespace Csm.Modules.Customers.Portal;

/// <summary>The customer a portal link is for: the oldest living customer whose primary e-mail it is (compared in lower case).</summary>
internal sealed record PortalCustomer
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string? Email { get; init; }
    public string Language { get; init; } = "";
}

/// <summary>The SQL of cus_portal_links and of the customers they open the portal for.</summary>
internal static class PortalLinks
{
    public static readonly TimeSpan ValidFor = TimeSpan.FromMinutes(15);

    /// <summary>How the portal compares addresses: trimmed, in lower case (as the web form matches writers).</summary>
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    private const string SelectCustomer =
        "SELECT id, name, email, language FROM cus_customers WHERE deleted_at IS NULL AND erased_at IS NULL";

    public static async Task<PortalCustomer?> CustomerByEmailAsync(DbConnection c, DbTransaction? tx, string normalized) =>
        (await c.QueryAsync<PortalCustomer>(SelectCustomer + " AND lower(email) = @Email ORDER BY id", new { Email = normalized }, tx)).FirstOrDefault();

    public static Task<PortalCustomer?> CustomerAsync(DbConnection c, DbTransaction? tx, long id) =>
        c.QuerySingleOrDefaultAsync<PortalCustomer>(SelectCustomer + " AND id = @Id", new { Id = id }, tx);

    public static Task<long> AskedSinceAsync(DbConnection c, DbTransaction tx, string addressHash, DateTimeOffset since) =>
        c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cus_portal_links WHERE address_hash = @Hash AND created_at > @Since",
            new { Hash = addressHash, Since = since }, tx);

    public static Task<long> AddAsync(DbConnection c, DbTransaction tx, ISqlDialect dialect, long? customerId, string addressHash, string? tokenHash, DateTimeOffset now) =>
        c.ExecuteScalarAsync<long>(dialect.InsertReturningId("cus_portal_links", "customer_id, address_hash, token_hash, created_at, expires_at",
            "@CustomerId, @AddressHash, @TokenHash, @Now, @ExpiresAt"),
            new { CustomerId = customerId, AddressHash = addressHash, TokenHash = tokenHash, Now = now, ExpiresAt = now + ValidFor }, tx);

    internal sealed record Link
    {
        public long Id { get; init; }
        public long? CustomerId { get; init; }
        public DateTimeOffset ExpiresAt { get; init; }
        public DateTimeOffset? UsedAt { get; init; }
    }

    public static Task<Link?> ByTokenAsync(DbConnection c, DbTransaction tx, string tokenHash) =>
        c.QuerySingleOrDefaultAsync<Link>(
            "SELECT id, customer_id AS CustomerId, expires_at AS ExpiresAt, used_at AS UsedAt FROM cus_portal_links WHERE token_hash = @Hash",
            new { Hash = tokenHash }, tx);

    /// <summary>Spends the link: true for exactly one caller, while it is unused and unexpired.</summary>
    public static async Task<bool> UseAsync(DbConnection c, DbTransaction tx, long id, DateTimeOffset now) =>
        await c.ExecuteAsync("UPDATE cus_portal_links SET used_at = @Now WHERE id = @Id AND used_at IS NULL AND expires_at > @Now",
            new { Id = id, Now = now }, tx) == 1;
}
