using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.Tests.Architecture;

public sealed class EndpointSecurityTests
{
    /// <summary>The only endpoints anyone may call without signing in.</summary>
    private static readonly string[] PublicRoutes =
    [
        "/health/live", "/health/ready", "/api/auth/login", "/api/auth/token", "/api/auth/logout", "/api/auth/methods", "/api/auth/sso",
        "/api/public/surveys/{token}", "/api/public/surveys/{token}/responses", "{*path:regex(^(?!api(/|$))):nonfile}", "/s/{token}",
        "/api/public/tickets", "/api/public/tickets/{number}/attachments", "/support", "/api/public/{platform:regex(^(wechat|wecom)$)}/callback", "/api/public/inbound-mail",
        "/api/public/portal/links", "/api/public/portal/sessions", "/portal",
        "/api/public/survey-links/{link}", "/api/public/survey-links/{link}/responses", "/f/{link}", "/widget.js",
    ];

    [Test]
    public async Task Every_endpoint_requires_a_policy_unless_it_is_on_the_public_list()
    {
        await using var csm = await CsmFixture.StartAsync();
        var endpoints = csm.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.That(endpoints, Has.Count.GreaterThan(10));
        var provider = csm.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        foreach (var endpoint in endpoints)
        {
            var route = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
            if (anonymous)
                Assert.That(PublicRoutes.Any(p => route == p || route == "/" + p), $"{route} allows anonymous callers but is not on the public list");
            else
                Assert.That(policies, Is.Not.Empty, $"{route} has no authorization policy");
            // The customer portal's endpoints take the portal session alone; no other endpoint takes it.
            var portal = policies.Any(p => p.Policy == Csm.BuildingBlocks.Auth.Portal.Policy);
            if (route.StartsWith("/api/portal/", StringComparison.Ordinal))
            {
                Assert.That(portal && !anonymous, $"{route} is a portal endpoint without the portal policy");
                // FastEndpoints adds a policy of the endpoint's own ("epPolicy:..."); any other named one would open it to more callers.
                var named = policies.Select(p => p.Policy).OfType<string>().Where(p => !p.StartsWith("epPolicy:", StringComparison.Ordinal)).Distinct();
                Assert.That(named, Is.EqualTo(new[] { Csm.BuildingBlocks.Auth.Portal.Policy }), $"{route} takes another policy beside the portal's");
                var schemes = new HashSet<string>();
                foreach (var name in policies.Select(p => p.Policy).OfType<string>())
                    schemes.UnionWith((await provider.GetPolicyAsync(name))?.AuthenticationSchemes ?? []);
                Assert.That(schemes, Is.EquivalentTo(new[] { Csm.BuildingBlocks.Auth.Portal.Scheme }),
                    $"{route} is a portal endpoint that accepts other sessions than the portal's");
            }
            else Assert.That(portal, Is.False, $"{route} is not under /api/portal/ but takes the portal policy");
        }
    }
}
