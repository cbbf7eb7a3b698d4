using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Csm.BuildingBlocks.Audit;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Csm.Host.Features.Users;
using Dapper;

namespace Csm.Host.Auth;

/// <summary>
/// The Csm user a person the provider vouched for signs in as: the one with their e-mail address, or a new one with the
/// default role; the provider's roles claim, when configured and present, sets the roles. A disabled account, an
/// unverified or missing address, or an unknown one where creating users is off is refused. Every outcome is in the
/// audit log.
/// </summary>
internal sealed partial class SsoAccounts(IServiceScopeFactory scopes, UserAccounts accounts, TimeProvider clock)
{
    public const string Actor = "sso";

    public sealed record Outcome(UserRow? User, string? Refusal);

    public async Task<Outcome> SignInAsync(SingleSignOn.Options sso, ClaimsPrincipal person, CancellationToken ct)
    {
        var email = person.FindFirst(sso.EmailClaim)?.Value.Trim();
        if (email is null || !email.Contains('@') || email.Length > 320) return Refused("the provider sent no e-mail address");
        if (person.FindFirst("email_verified")?.Value is { } verified && !bool.TryParse(verified, out var yes) | !yes)
            return Refused("the provider has not verified the e-mail address");
        var roles = RolesOf(sso, person);

        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        var user = await c.QueryFirstOrDefaultAsync<UserRow>(
            $"SELECT {UserAccounts.Columns} FROM sys_users WHERE LOWER(email) = @Email ORDER BY id", new { Email = email.ToLowerInvariant() }, tx);
        if (user is null)
        {
            if (!sso.CreateUsers) return Refused("no Csm account has this e-mail address and accounts are not created on sign-in");
            user = await CreateAsync(c, tx, session, audit, sso, person, email, roles ?? [sso.DefaultRole], ct);
        }
        else if (!user.IsActive) return Refused("the account is disabled");
        else if (roles is not null && !roles.Order().SequenceEqual(user.RoleList.Order()))
        {
            await c.ExecuteAsync(
                "UPDATE sys_users SET roles = @Roles, version = version + 1, security_stamp = security_stamp + 1 WHERE id = @Id",
                new { Roles = string.Join(',', roles), user.Id }, tx);
            var changed = await FindAsync(c, tx, user.Id);
            await audit.RecordAsync("host", "user.updated", "user", user.Id, UserView.From(user), UserView.From(changed), ct, actor: Actor);
            user = changed;
        }
        await audit.RecordAsync("host", "signIn.succeeded", "session", null, after: new { method = "sso" }, ct: ct, actor: user.UserName);
        await session.CommitAsync(ct);
        return new Outcome(user, null);
    }

    /// <summary>A sign-in the provider or Csm refused, with the reason only (never a token or a claim).</summary>
    public Task RefusedAsync(string reason, CancellationToken ct) =>
        AuditTrail.RecordAloneAsync(scopes, audit => audit.RecordAsync("host", "signIn.failed", "session", null, after: new { method = "sso", reason }, ct: ct), ct);

    private static Outcome Refused(string reason) => new(null, reason);

    /// <summary>The Csm roles the roles claim names; null when the claim is not configured or not sent.</summary>
    private static string[]? RolesOf(SingleSignOn.Options sso, ClaimsPrincipal person)
    {
        if (sso.RolesClaim is null) return null;
        var values = person.FindAll(sso.RolesClaim).Select(c => c.Value).ToList();
        if (values.Count == 0) return null;
        var roles = values
            .Select(v => sso.RoleMap.Count > 0 ? sso.RoleMap.GetValueOrDefault(v) : Roles.All.FirstOrDefault(r => string.Equals(r, v, StringComparison.OrdinalIgnoreCase)))
            .OfType<string>().Distinct().ToArray();
        return roles.Length > 0 ? roles : null;
    }

    private async Task<UserRow> CreateAsync(
        System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, DbSession session, AuditTrail audit,
        SingleSignOn.Options sso, ClaimsPrincipal person, string email, string[] roles, CancellationToken ct)
    {
        var wanted = person.FindFirst(sso.UserNameClaim)?.Value is { Length: > 0 and <= 100 } n && UserName().IsMatch(n) ? n : email;
        var userName = wanted;
        for (var i = 2; await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sys_users WHERE user_name = @UserName", new { UserName = userName }, tx) > 0; i++)
            userName = $"{wanted}-{i.ToString(CultureInfo.InvariantCulture)}";
        var displayName = person.FindFirst(sso.NameClaim)?.Value is { Length: > 0 } name ? name[..Math.Min(200, name.Length)] : email;
        var id = await c.ExecuteScalarAsync<long>(session.Dialect.InsertReturningId("sys_users",
                "user_name, display_name, email, roles, team, password_hash, is_active, version, created_at",
                "@UserName, @DisplayName, @Email, @Roles, NULL, @Hash, 1, 1, @Now"),
            new
            {
                UserName = userName, DisplayName = displayName, Email = email, Roles = string.Join(',', roles),
                // A password nobody knows: the person signs in through the provider until an admin sets one.
                Hash = accounts.HashPassword(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))), Now = clock.GetUtcNow(),
            }, tx);
        var user = await FindAsync(c, tx, id);
        await audit.RecordAsync("host", "user.created", "user", id, after: UserView.From(user), ct: ct, actor: Actor);
        return user;
    }

    private static async Task<UserRow> FindAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, long id) =>
        (await c.QuerySingleAsync<UserRow>($"SELECT {UserAccounts.Columns} FROM sys_users WHERE id = @Id", new { Id = id }, tx));

    [GeneratedRegex("^[A-Za-z0-9._@-]+$")]
    private static partial Regex UserName();
}
