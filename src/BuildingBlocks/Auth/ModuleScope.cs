using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace Csm.BuildingBlocks.Auth;

/// <summary>An API key reaches only the modules in its scopes; people are not limited by scope.</summary>
public sealed record ModuleScopeRequirement(string Scope) : IAuthorizationRequirement;

public sealed class ModuleScopeHandler : AuthorizationHandler<ModuleScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ModuleScopeRequirement requirement)
    {
        var scopes = context.User.FindAll(Policies.ScopeClaim).Select(c => c.Value).ToList();
        if (!context.User.IsApiKey() || scopes.Contains("*") || scopes.Contains(requirement.Scope))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}

public static class ModuleScopeExtensions
{
    /// <summary>Whether the caller is an API key (a system), not a signed-in person.</summary>
    public static bool IsApiKey(this System.Security.Claims.ClaimsPrincipal user) =>
        user.HasClaim(c => c.Type == "auth_method" && c.Value == "apiKey");
}
