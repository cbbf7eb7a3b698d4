using System.Security.Claims;
using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Csm.Host.Features.Auth;

internal sealed class Me : EndpointWithoutRequest<Ok<Me.Response>>
{
    public new sealed record Response(string Id, string UserName, string DisplayName, string[] Roles, string[] Scopes, string? Team, string AuthMethod, string[] Permissions);

    public override void Configure()
    {
        Get("auth/me");
        Policies(Access.Staff);
        Description(d => d
            .WithName("Auth_Me")
            .WithSummary("Who the caller is: user or API key, roles and scopes")
            .WithTags("Auth"));
    }

    public override Task<Ok<Response>> ExecuteAsync(CancellationToken ct)
    {
        var user = User;
        return Task.FromResult<Ok<Response>>(TypedResults.Ok(From(user)));
    }

    public static Response From(ClaimsPrincipal user) => new(
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
        user.FindFirstValue(ClaimTypes.Name) ?? "",
        user.FindFirstValue("display_name") ?? user.FindFirstValue(ClaimTypes.Name) ?? "",
        user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToArray(),
        user.FindAll(Access.ScopeClaim).Select(c => c.Value).ToArray(),
        user.FindFirstValue("team"),
        user.FindFirstValue("auth_method") ?? "",
        BuildingBlocks.Auth.Can.HeldBy(user));
}
