using Csm.Host.Auth;

namespace Csm.Host.Features.Users;

public sealed record UserView(long Id, string UserName, string DisplayName, string? Email, string[] Roles, string? Team, bool IsActive, long Version)
{
    internal static UserView From(UserRow u) => new(u.Id, u.UserName, u.DisplayName, u.Email, u.RoleList, u.Team, u.IsActive, u.Version);
}
