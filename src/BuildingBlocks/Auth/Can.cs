using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.BuildingBlocks.Auth;

/// <summary>One thing people may do, and the roles that may do it. <see cref="OwnCustomersOnly"/> names the roles that
/// may do it only for the customers they are the account manager of.</summary>
public sealed record Permission(string Name, IReadOnlyList<string> Roles, IReadOnlyList<string> OwnCustomersOnly);

/// <summary>
/// The permission matrix: who may do what, in one place. Each permission is an authorization policy of the same name,
/// endpoints require one with <c>Policies(Can.X)</c>, <c>GET /api/roles</c> shows the matrix (Settings → Roles),
/// <c>/api/auth/me</c> lists the caller's, and docs/permissions.md is checked against it by a test.
/// </summary>
public static class Can
{
    /// <summary>Open, answer, move and assign tickets and tasks; read customers and their service history.</summary>
    public const string WorkTickets = "tickets.work";

    /// <summary>Record service data about a customer: interactions, equipment; add a customer met at intake.</summary>
    public const string CustomerServiceData = "customers.serviceData";

    /// <summary>Edit a customer's profile (name, tier, contacts, fields), contracts and orders.</summary>
    public const string CustomerProfiles = "customers.profile";

    /// <summary>Open a task by hand for a customer (follow-up calls, renewals).</summary>
    public const string CustomerTasks = "customers.tasks";

    /// <summary>Reports and the dashboard, with their CSV.</summary>
    public const string Reports = "reports.view";

    /// <summary>Export one customer's data, import customers in bulk.</summary>
    public const string ExportCustomers = "customers.export";

    /// <summary>Archive a customer (reversible by an operator, kept in reports).</summary>
    public const string ArchiveCustomers = "customers.archive";

    /// <summary>Workflows, SLAs, calendars, ticket types, surveys, rules, fields, templates, outbound messages.</summary>
    public const string Configure = "settings.configure";

    /// <summary>Erase a customer's personal data, irreversibly.</summary>
    public const string EraseCustomers = "customers.erase";

    /// <summary>Users, their roles and teams, API keys, the audit log, the outbox.</summary>
    public const string Administer = "users.administer";

    private static readonly string[] Everyone = [BuildingBlocks.Auth.Roles.Agent, BuildingBlocks.Auth.Roles.AccountManager, BuildingBlocks.Auth.Roles.Manager, BuildingBlocks.Auth.Roles.Admin];
    private static readonly string[] AccountManagersUp = [BuildingBlocks.Auth.Roles.AccountManager, BuildingBlocks.Auth.Roles.Manager, BuildingBlocks.Auth.Roles.Admin];
    private static readonly string[] ManagersUp = [BuildingBlocks.Auth.Roles.Manager, BuildingBlocks.Auth.Roles.Admin];
    private static readonly string[] AdminsOnly = [BuildingBlocks.Auth.Roles.Admin];
    private static readonly string[] AccountManagers = [BuildingBlocks.Auth.Roles.AccountManager];

    public static readonly IReadOnlyList<Permission> Matrix =
    [
        new(WorkTickets, Everyone, []),
        new(CustomerServiceData, Everyone, []),
        new(CustomerProfiles, AccountManagersUp, AccountManagers),
        new(CustomerTasks, AccountManagersUp, AccountManagers),
        new(Reports, AccountManagersUp, []),
        new(ExportCustomers, ManagersUp, []),
        new(ArchiveCustomers, ManagersUp, []),
        new(Configure, ManagersUp, []),
        new(EraseCustomers, AdminsOnly, []),
        new(Administer, AdminsOnly, []),
    ];

    private static readonly Dictionary<string, Permission> ByName = Matrix.ToDictionary(p => p.Name);

    public static Permission Of(string name) => ByName[name];

    /// <summary>Whether the caller holds the permission at all (for some customers at least).</summary>
    public static bool Holds(this ClaimsPrincipal user, string permission) => Of(permission).Roles.Any(user.IsInRole);

    /// <summary>
    /// Whether the caller may do it for a customer whose account manager is <paramref name="accountManager"/>: a role
    /// that holds it for every customer, or a role that holds it for its own customers when the caller is theirs.
    /// </summary>
    public static bool HoldsFor(this ClaimsPrincipal user, string permission, string? accountManager)
    {
        var p = Of(permission);
        if (p.Roles.Where(r => !p.OwnCustomersOnly.Contains(r)).Any(user.IsInRole)) return true;
        return accountManager is not null && p.OwnCustomersOnly.Any(user.IsInRole)
            && string.Equals(accountManager, user.Identity?.Name, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The permissions the caller holds, in the matrix's order.</summary>
    public static string[] HeldBy(ClaimsPrincipal user) => Matrix.Where(p => p.Roles.Any(user.IsInRole)).Select(p => p.Name).ToArray();

    /// <summary>Who holds a permission, for a refusal: "managers and admins".</summary>
    public static string Holders(string permission) => string.Join(", ", Of(permission).Roles);
}

/// <summary>The policy of a permission: the caller holds one of its roles.</summary>
public sealed record PermissionRequirement(string Permission) : IAuthorizationRequirement;

public sealed class PermissionHandler : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (context.User.Holds(requirement.Permission)) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

/// <summary>
/// A refusal says what was missing, as problem details: the permission and who holds it, or the module an API key
/// lacks the scope of. A caller with no credentials gets the plain 401 (the SPA sends them to sign in).
/// </summary>
public sealed class ExplainedRefusals : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (!result.Forbidden || result.AuthorizationFailure is null)
        {
            await _default.HandleAsync(next, context, policy, result);
            return;
        }
        var failed = result.AuthorizationFailure.FailedRequirements.ToList();
        var permission = failed.OfType<PermissionRequirement>().FirstOrDefault()?.Permission;
        var scope = failed.OfType<ModuleScopeRequirement>().FirstOrDefault()?.Scope;
        var detail = permission is not null
            ? $"This needs the permission {permission}, which {Can.Holders(permission)} hold."
            : scope is not null
                ? $"This API key has no scope for the module {scope}."
                : "Your role may not do this.";
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = 403, Title = "Forbidden", Detail = detail,
                Extensions = { ["permission"] = permission, ["scope"] = scope },
            },
        });
    }
}
