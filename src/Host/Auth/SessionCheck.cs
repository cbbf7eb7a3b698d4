using System.Security.Claims;
using Csm.BuildingBlocks.Data;
using Dapper;

namespace Csm.Host.Auth;

/// <summary>
/// A signed-in person's cookie or bearer token carries their account's security stamp from the moment they signed
/// in. Every request compares it with the account as it is now (one read by primary key): when an admin changes
/// their roles, team, status or password the stamp moves on, and the old session and token stop working at once —
/// on every host, since the stamp is in the database. API keys are not sessions and are not checked here.
/// </summary>
internal sealed class SessionCheck(Db db)
{
    public const string StampClaim = "stamp";

    public async Task<bool> IsCurrentAsync(ClaimsPrincipal? principal, CancellationToken ct)
    {
        if (principal?.FindFirstValue(ClaimTypes.NameIdentifier) is not { } id || !long.TryParse(id, out var userId)) return false;
        if (principal.FindFirstValue(StampClaim) is not { } stamp) return false;
        await using var connection = await db.OpenAsync(ct);
        var now = await connection.QuerySingleOrDefaultAsync<Account>(
            "SELECT security_stamp AS Stamp, is_active AS IsActive FROM sys_users WHERE id = @Id", new { Id = userId });
        return now is { IsActive: true } && now.Stamp.ToString(System.Globalization.CultureInfo.InvariantCulture) == stamp;
    }

    private sealed class Account
    {
        public long Stamp { get; init; }
        public bool IsActive { get; init; }
    }
}
