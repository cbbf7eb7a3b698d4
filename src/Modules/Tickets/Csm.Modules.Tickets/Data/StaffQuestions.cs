using System.Data.Common;
using Csm.BuildingBlocks.Auth;

namespace Csm.Modules.Tickets.Data;

/// <summary>
/// What Tickets asks of the staff directory: whether a user exists, who is in a team, who holds a role there.
/// Tickets refer to people by user name; the accounts themselves belong to the host.
/// </summary>
internal static class StaffQuestions
{
    public static async Task<bool> ExistsAsync(this IStaffDirectory staff, DbConnection c, DbTransaction? tx, string userName) =>
        await staff.FindAsync(c, tx, userName) is { IsActive: true };

    public static async Task<string?> TeamOfAsync(this IStaffDirectory staff, DbConnection c, DbTransaction? tx, string userName) =>
        (await staff.FindAsync(c, tx, userName))?.Team;

    /// <summary>The team's agents (anyone in the team who is not only a manager), by name.</summary>
    public static async Task<IReadOnlyList<string>> WorkersAsync(this IStaffDirectory staff, DbConnection c, DbTransaction? tx, string team) =>
        (await staff.ActiveAsync(c, tx, team)).Where(m => m.Has(Roles.Agent) || m.Has(Roles.AccountManager)).Select(m => m.UserName).ToList();

    /// <summary>Someone holding <paramref name="role"/>: in the team first, else anyone active, by name.</summary>
    public static async Task<string?> WithRoleAsync(this IStaffDirectory staff, DbConnection c, DbTransaction? tx, string role, string? team, bool teamOnly = false)
    {
        if (team is not null && (await staff.ActiveAsync(c, tx, team)).FirstOrDefault(m => m.Has(role)) is { } inTeam) return inTeam.UserName;
        if (teamOnly) return null;
        return (await staff.ActiveAsync(c, tx)).FirstOrDefault(m => m.Has(role))?.UserName;
    }

    public static async Task<bool> HasRoleAsync(this IStaffDirectory staff, DbConnection c, DbTransaction? tx, string userName, string role) =>
        (await staff.FindAsync(c, tx, userName))?.Has(role) == true;
}
