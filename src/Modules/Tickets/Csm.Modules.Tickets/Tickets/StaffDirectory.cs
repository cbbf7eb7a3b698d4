using System.Data.Common;
using Csm.BuildingBlocks.Auth;

namespace Csm.Modules.Tickets.Tickets;

/// <summary>
/// The host's staff accounts (sys_users), read-only: whether a user exists, who is in a team, who supervises it.
/// Platform tables are shared by every module; tickets refer to people by user name.
/// </summary>
internal static class StaffDirectory
{
    private sealed record Member
    {
        public string UserName { get; init; } = "";
        public string Roles { get; init; } = "";
        public string? Team { get; init; }
        public bool Has(string role) => Roles.Split(',').Contains(role);
    }

    public static async Task<bool> ExistsAsync(DbConnection c, DbTransaction? tx, string userName) =>
        await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sys_users WHERE user_name = @UserName AND is_active = 1", new { UserName = userName }, tx) > 0;

    public static async Task<bool> TeamExistsAsync(DbConnection c, DbTransaction? tx, string team) =>
        await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sys_users WHERE team = @Team AND is_active = 1", new { Team = team }, tx) > 0;

    public static Task<string?> TeamOfAsync(DbConnection c, DbTransaction? tx, string userName) =>
        c.ExecuteScalarAsync<string?>("SELECT team FROM sys_users WHERE user_name = @UserName", new { UserName = userName }, tx);

    /// <summary>The team's agents (anyone in the team who is not only a manager), by name.</summary>
    public static async Task<IReadOnlyList<string>> WorkersAsync(DbConnection c, DbTransaction? tx, string team) =>
        (await MembersAsync(c, tx, team)).Where(m => m.Has(Roles.Agent) || m.Has(Roles.AccountManager)).Select(m => m.UserName).ToList();

    /// <summary>Someone holding <paramref name="role"/>: in the team first, else anyone active, by name.</summary>
    public static async Task<string?> WithRoleAsync(DbConnection c, DbTransaction? tx, string role, string? team, bool teamOnly = false)
    {
        if (team is not null && (await MembersAsync(c, tx, team)).FirstOrDefault(m => m.Has(role)) is { } inTeam) return inTeam.UserName;
        if (teamOnly) return null;
        return (await c.QueryAsync<Member>("SELECT user_name AS UserName, roles, team FROM sys_users WHERE is_active = 1 ORDER BY user_name", transaction: tx))
            .FirstOrDefault(m => m.Has(role))?.UserName;
    }

    public static async Task<bool> HasRoleAsync(DbConnection c, DbTransaction? tx, string userName, string role) =>
        (await c.QuerySingleOrDefaultAsync<Member>("SELECT user_name AS UserName, roles, team FROM sys_users WHERE user_name = @UserName", new { UserName = userName }, tx))
        ?.Has(role) == true;

    private static async Task<List<Member>> MembersAsync(DbConnection c, DbTransaction? tx, string team) =>
        (await c.QueryAsync<Member>("SELECT user_name AS UserName, roles, team FROM sys_users WHERE team = @Team AND is_active = 1 ORDER BY user_name",
            new { Team = team }, tx)).ToList();
}
