using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Csm.Host.Auth;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Csm.Host.Features.Users;

internal sealed class ListUsers(DbSession session) : Endpoint<ListUsers.QueryString, Ok<Paged<UserView>>>
{
    /// <summary>The query string.</summary>
    public sealed record QueryString(string? Role, string? Team);

    public override void Configure()
    {
        Get("users");
        Policies(Access.Staff);
        Description(d => d
            .WithName("Users_List")
            .WithSummary("Lists staff accounts (assignees, account managers, team members)")
            .WithTags("Users"));
    }

    public override async Task<Ok<Paged<UserView>>> ExecuteAsync(QueryString query, CancellationToken ct)
    {
        var (role, team) = query;
        var connection = await session.ConnectionAsync(ct);
        var rows = (await connection.QueryAsync<UserRow>(
                $"SELECT {Csm.Host.Auth.UserAccounts.Columns} FROM sys_users WHERE (@Team IS NULL OR team = @Team) ORDER BY user_name", new { Team = team }))
            .Where(u => role is null || u.RoleList.Contains(role))
            .Select(UserView.From)
            .ToList();
        return TypedResults.Ok(new Paged<UserView>(rows, rows.Count, 1, rows.Count));
    }
}
