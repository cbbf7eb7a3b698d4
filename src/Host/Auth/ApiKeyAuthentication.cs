using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Dapper;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Csm.Host.Auth;

/// <summary>API keys look like "csm_{prefix}_{secret}"; only SHA-256 of the secret is stored.</summary>
internal static class ApiKeyFormat
{
    public static (string Key, string Prefix, string SecretHash) Create()
    {
        var prefix = Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return ($"csm_{prefix}_{secret}", prefix, Hash(secret));
    }

    public static bool TryParse(string key, out string prefix, out string secret)
    {
        prefix = secret = "";
        var parts = key.Split('_', 3);
        if (parts is not ["csm", { Length: 12 } p, { Length: > 20 } s]) return false;
        (prefix, secret) = (p, s);
        return true;
    }

    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

internal sealed record ApiKeyRow
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string SecretHash { get; init; } = "";
    public string Role { get; init; } = "";
    public string Scopes { get; init; } = "";
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
}

/// <summary>
/// Authenticates X-Api-Key. Accepted keys are cached for 30 seconds, so a revocation takes effect on other hosts
/// within that time (at once on the host that revoked it).
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    Db db, IMemoryCache cache, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public static string CacheKey(string prefix) => "apikey:" + prefix;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = Request.Headers[Schemes.ApiKeyHeader].ToString();
        if (string.IsNullOrEmpty(key)) return AuthenticateResult.NoResult();
        if (!ApiKeyFormat.TryParse(key, out var prefix, out var secret)) return AuthenticateResult.Fail("Malformed API key.");

        if (!cache.TryGetValue(CacheKey(prefix), out ApiKeyRow? row))
        {
            await using var connection = await db.OpenAsync(Context.RequestAborted);
            row = await connection.QuerySingleOrDefaultAsync<ApiKeyRow>(
                "SELECT id, name, secret_hash AS SecretHash, role, scopes, expires_at AS ExpiresAt, revoked_at AS RevokedAt FROM sys_api_keys WHERE prefix = @Prefix",
                new { Prefix = prefix });
            if (row is not null)
            {
                cache.Set(CacheKey(prefix), row, TimeSpan.FromSeconds(30));
                await connection.ExecuteAsync(
                    "UPDATE sys_api_keys SET last_used_at = @Now, last_used_from = @From WHERE id = @Id",
                    new { Now = clock.GetUtcNow(), From = Context.Connection.RemoteIpAddress?.ToString(), row.Id });
            }
        }
        if (row is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(row.SecretHash), Encoding.ASCII.GetBytes(ApiKeyFormat.Hash(secret))))
        {
            return AuthenticateResult.Fail("Unknown API key.");
        }
        // Only a caller holding the whole key learns that it was revoked or has expired.
        if (row.RevokedAt is not null) return AuthenticateResult.Fail("This API key was revoked.");
        if (row.ExpiresAt < clock.GetUtcNow()) return AuthenticateResult.Fail($"This API key expired at {row.ExpiresAt.Value.UtcDateTime:u}; ask an admin for a new one.");

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, "apikey:" + row.Id),
            new(ClaimTypes.Name, "apikey:" + row.Name),
            new(ClaimTypes.Role, row.Role),
            new("auth_method", "apiKey"),
        };
        claims.AddRange(row.Scopes.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => new Claim(Policies.ScopeClaim, s)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    /// <summary>A refused key answers 401 problem details saying why (malformed, unknown, revoked, expired).</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        if (result.Failure is null)
        {
            await base.HandleChallengeAsync(properties);
            return;
        }
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        await Context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = 401, Title = "API key refused", Detail = result.Failure.Message },
        });
    }
}
