using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace Csm.Modules.Customers.Features.Portal;

/// <summary>The portal page asks who is signed in (401 when nobody: it then shows the e-mail form).</summary>
internal sealed class GetPortalSession : EndpointWithoutRequest<Ok<PortalSessionView>>
{
    public override void Configure()
    {
        Get("session");
        Group<PortalGroup>();
        Description(d => d.WithName("Portal_GetSession").WithSummary("The customer this portal session belongs to"));
    }

    public override Task<Ok<PortalSessionView>> ExecuteAsync(CancellationToken ct) => Task.FromResult(TypedResults.Ok(
        new PortalSessionView(User.Identity?.Name ?? "", User.PortalEmail(), User.FindFirstValue(BuildingBlocks.Auth.Portal.LanguageClaim) ?? "zh-CN")));
}

/// <summary>Signing out of the portal: the session ends on the server (a copy of the cookie opens nothing) and the cookie is removed.</summary>
internal sealed class EndPortalSession(IPortalSessions sessions) : EndpointWithoutRequest<NoContent>
{
    public override void Configure()
    {
        Delete("session");
        Group<PortalGroup>();
        Description(d => d.WithName("Portal_EndSession").WithSummary("Signs out of the portal"));
    }

    public override async Task<NoContent> ExecuteAsync(CancellationToken ct)
    {
        if (User.PortalSession() is { } open) await sessions.EndAsync(open.Session, open.Customer, ct);
        await HttpContext.SignOutAsync(BuildingBlocks.Auth.Portal.Scheme);
        return TypedResults.NoContent();
    }
}
