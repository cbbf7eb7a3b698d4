namespace Csm.BuildingBlocks.Auth;

/// <summary>The roles people and API keys hold, and the policies endpoints require.</summary>
public static class Roles
{
    public const string Agent = "agent";
    public const string AccountManager = "accountManager";
    public const string Manager = "manager";
    public const string Admin = "admin";

    public static readonly string[] All = [Agent, AccountManager, Manager, Admin];
}

public static class Policies
{
    /// <summary>Any signed-in staff member or API key: agents, account managers, managers, admins.</summary>
    public const string Staff = "staff";

    /// <summary>Configuration: workflows, SLAs, surveys, rules, custom fields (<see cref="Can.Configure"/>).</summary>
    public const string Manager = Can.Configure;

    /// <summary>Users, API keys, operations (<see cref="Can.Administer"/>).</summary>
    public const string Admin = Can.Administer;

    /// <summary>Claim type of an API key's module scopes ("customers", "tickets", ... or "*").</summary>
    public const string ScopeClaim = "scope";
}
