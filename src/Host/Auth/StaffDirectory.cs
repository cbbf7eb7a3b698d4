using System.Data.Common;
using Csm.BuildingBlocks.Auth;
using Dapper;

namespace Csm.Host.Auth;

/// <summary>The modules' view of the staff accounts: user name, display name, roles, team, whether the account is active, e-mail.</summary>
internal sealed class StaffDirectory : IStaffDirectory
{
    private const string Columns = "user_name AS UserName, display_name AS DisplayName, roles, team, is_active AS IsActive, email";

    private sealed record Row
    {
        public string UserName { get; init; } = "";
        public string DisplayName { get; init; } = "";
        public string Roles { get; init; } = "";
        public string? Team { get; init; }
        public bool IsActive { get; init; }
        public string? Email { get; init; }
        public StaffMember ToMember() => new(UserName, DisplayName, Roles.Split(',', StringSplitOptions.RemoveEmptyEntries), Team, IsActive, Email);
    }

    public async Task<StaffMember?> FindAsync(DbConnection connection, DbTransaction? transaction, string userName) =>
        (await connection.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM sys_users WHERE user_name = @UserName",
            new { UserName = userName }, transaction))?.ToMember();

    public async Task<IReadOnlyList<StaffMember>> FindAllAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyCollection<string> userNames) =>
        userNames.Count == 0 ? [] : (await connection.QueryAsync<Row>($"SELECT {Columns} FROM sys_users WHERE user_name IN @UserNames",
            new { UserNames = userNames }, transaction)).Select(r => r.ToMember()).ToList();

    public async Task<IReadOnlyList<StaffMember>> ActiveAsync(DbConnection connection, DbTransaction? transaction, string? team = null) =>
        (await connection.QueryAsync<Row>(
            $"SELECT {Columns} FROM sys_users WHERE is_active = 1 AND (@Team IS NULL OR team = @Team) ORDER BY user_name",
            new { Team = team }, transaction)).Select(r => r.ToMember()).ToList();
}
