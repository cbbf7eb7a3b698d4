using System.Data.Common;

namespace Csm.BuildingBlocks.Auth;

/// <summary>A person who works in Csm, as the host's user accounts know them.</summary>
public sealed record StaffMember(string UserName, string DisplayName, IReadOnlyList<string> Roles, string? Team, bool IsActive, string? Email = null)
{
    public bool Has(string role) => Roles.Contains(role);
}

/// <summary>
/// The people who work in Csm. The host owns their accounts and its tables; a module asks here instead of reading them.
/// A lookup runs on the caller's connection and transaction, so it sees what the caller's unit of work sees.
/// </summary>
public interface IStaffDirectory
{
    /// <summary>The person with this user name, active or not; null when there is none.</summary>
    Task<StaffMember?> FindAsync(DbConnection connection, DbTransaction? transaction, string userName);

    /// <summary>The people with these user names, active or not, in no particular order; names nobody has are left out.</summary>
    Task<IReadOnlyList<StaffMember>> FindAllAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyCollection<string> userNames);

    /// <summary>The active people of one team, or everyone active when <paramref name="team"/> is null, by user name.</summary>
    Task<IReadOnlyList<StaffMember>> ActiveAsync(DbConnection connection, DbTransaction? transaction, string? team = null);
}
