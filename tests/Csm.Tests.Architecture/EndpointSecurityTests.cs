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
        "/api/public/tickets", "/support", "/api/public/inbound-mail",
    ];

    [Test]
    public async Task Every_endpoint_requires_a_policy_unless_it_is_on_the_public_list()
    {
        await using var csm = await CsmFixture.StartAsync();
        var endpoints = csm.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.That(endpoints, Has.Count.GreaterThan(10));
        foreach (var endpoint in endpoints)
        {
            var route = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
            if (anonymous)
                Assert.That(PublicRoutes.Any(p => route == p || route == "/" + p), $"{route} allows anonymous callers but is not on the public list");
            else
                Assert.That(policies, Is.Not.Empty, $"{route} has no authorization policy");
        }
    }
}
