using System.Security.Claims;
using Csm.BuildingBlocks.Audit;
using Csm.BuildingBlocks.Data;
using Dapper;
using Microsoft.AspNetCore.Identity;

namespace Csm.Host.Auth;

internal sealed record UserRow
{
    public long Id { get; init; }
    public string UserName { get; init; } = "";
    public string DisplayName { get; init; } = "";
    public string? Email { get; init; }
    public string Roles { get; init; } = "";
    public string? Team { get; init; }
    public string PasswordHash { get; init; } = "";
    public bool IsActive { get; init; }
    public long Version { get; init; }
    public long SecurityStamp { get; init; }

    public string[] RoleList => Roles.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public IEnumerable<Claim> Claims(string method)
    {
        yield return new Claim(ClaimTypes.NameIdentifier, Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return new Claim(ClaimTypes.Name, UserName);
        yield return new Claim("display_name", DisplayName);
        yield return new Claim("auth_method", method);
        yield return new Claim(SessionCheck.StampClaim, SecurityStamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (Team is not null) yield return new Claim("team", Team);
        foreach (var role in RoleList) yield return new Claim(ClaimTypes.Role, role);
    }
}

/// <summary>Staff accounts: lookup and password checks (PBKDF2 through ASP.NET Core's password hasher).</summary>
internal sealed class UserAccounts(Db db, IPasswordHasher<string> hasher, SignInThrottle throttle, IServiceScopeFactory scopes, IConfiguration configuration)
{
    private readonly Lazy<string> _dummyHash = new(() => hasher.HashPassword("", Guid.NewGuid().ToString()));

    public const string Columns =
        "id, user_name AS UserName, display_name AS DisplayName, email, roles, team, password_hash AS PasswordHash, is_active AS IsActive, version, security_stamp AS SecurityStamp";

    public string HashPassword(string password) => hasher.HashPassword("", password);

    /// <summary>What a sign-in comes to: the user, a refusal, a name that must wait until <c>RetryAt</c>, or passwords turned off for it.</summary>
    public sealed record SignIn(UserRow? User, DateTimeOffset? RetryAt = null, bool PasswordsOff = false);

    /// <summary>Checks a password sign-in (<paramref name="method"/>: cookie or bearer) and records the attempt in the audit log.</summary>
    public async Task<SignIn> VerifyAsync(string userName, string password, string method, CancellationToken ct)
    {
        // With single sign-on for everyone, a password is not even looked at, except the break-glass admin's.
        if (!SingleSignOn.PasswordAllowed(configuration, userName))
        {
            await AuditSignInAsync(userName, "signIn.failed", new { method, reason = "password sign-in is turned off" }, ct);
            return new SignIn(null, PasswordsOff: true);
        }
        // A name that keeps failing waits, whether or not an account has it; the password is not even checked.
        var standing = await throttle.StandingAsync(userName, ct);
        if (standing.NotBefore is { } retryAt)
        {
            await AuditSignInAsync(userName, "signIn.paused", new { method, retryAt }, ct);
            return new SignIn(null, retryAt);
        }
        var user = await CheckAsync(userName, password, ct);
        if (user is null) await throttle.FailedAsync(userName, ct);
        else if (standing.HasFailures) await throttle.SucceededAsync(userName, ct);
        await AuditSignInAsync(userName, user is null ? "signIn.failed" : "signIn.succeeded", new { method }, ct);
        return new SignIn(user);
    }

    /// <summary>A sign-in attempt in the audit log, in a transaction of its own: a refused one changes nothing else.</summary>
    public Task AuditSignInAsync(string userName, string action, object detail, CancellationToken ct) =>
        AuditTrail.RecordAloneAsync(scopes, audit => audit.RecordAsync("host", action, "session", null, after: detail, ct: ct, actor: userName), ct);

    private async Task<UserRow?> CheckAsync(string userName, string password, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var user = await connection.QuerySingleOrDefaultAsync<UserRow>(
            $"SELECT {Columns} FROM sys_users WHERE user_name = @UserName", new { UserName = userName });
        if (user is null)
        {
            // Spend the same time as a real check so response time does not reveal which names exist.
            hasher.VerifyHashedPassword("", _dummyHash.Value, password);
            return null;
        }
        var ok = hasher.VerifyHashedPassword("", user.PasswordHash, password) != PasswordVerificationResult.Failed;
        return ok && user.IsActive ? user : null;
    }

    public async Task<UserRow?> FindAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<UserRow>($"SELECT {Columns} FROM sys_users WHERE id = @Id", new { Id = id });
    }
}
