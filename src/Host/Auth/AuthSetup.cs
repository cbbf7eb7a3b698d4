using System.Security.Claims;
using Csm.BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;

namespace Csm.Host.Auth;

internal static class AuthSetup
{
    public static IServiceCollection AddCsmAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMemoryCache();
        services.AddSingleton<SigningKey>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<IAuthorizationHandler, ModuleScopeHandler>();

        services.AddAuthentication(Schemes.Smart)
            .AddPolicyScheme(Schemes.Smart, "Cookie, bearer token or API key", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(Schemes.ApiKeyHeader) ? Schemes.ApiKey
                : context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? Schemes.Bearer
                : Schemes.Cookie)
            .AddCookie(Schemes.Cookie, o =>
            {
                o.Cookie.Name = "csm.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                // Secure whenever the request is HTTPS, also behind a proxy that says so (Proxy:KnownProxies).
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                // An API answers 401/403; the SPA decides where to send the person.
                o.Events.OnRedirectToLogin = c => { c.Response.StatusCode = 401; return Task.CompletedTask; };
                o.Events.OnValidatePrincipal = async c =>
                {
                    if (await c.HttpContext.RequestServices.GetRequiredService<SessionCheck>().IsCurrentAsync(c.Principal, c.HttpContext.RequestAborted)) return;
                    c.RejectPrincipal();
                    await c.HttpContext.SignOutAsync(Schemes.Cookie);
                };
                o.Events.OnRedirectToAccessDenied = c => { c.Response.StatusCode = 403; return Task.CompletedTask; };
            })
            .AddCookie(Portal.Scheme, o =>
            {
                // The customer portal's own cookie: sent only to the portal's endpoints, never with a link from another site.
                o.Cookie.Name = Portal.CookieName;
                o.Cookie.Path = "/api/portal";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromMinutes(configuration.GetValue("Portal:SessionMinutes", 60));
                // Signed out, erased or merged away: the cookie opens nothing any more, wherever a copy of it is.
                o.Events.OnValidatePrincipal = async c =>
                {
                    var sessions = c.HttpContext.RequestServices.GetService<IPortalSessions>();
                    if (sessions is not null && c.Principal?.PortalSession() is { } open
                        && await sessions.IsOpenAsync(open.Session, open.Customer, c.HttpContext.RequestAborted)) return;
                    c.RejectPrincipal();
                    await c.HttpContext.SignOutAsync(Portal.Scheme);
                };
                o.Events.OnRedirectToLogin = c => { c.Response.StatusCode = 401; return Task.CompletedTask; };
                o.Events.OnRedirectToAccessDenied = c => { c.Response.StatusCode = 403; return Task.CompletedTask; };
            })
            .AddJwtBearer(Schemes.Bearer, _ => { })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(Schemes.ApiKey, _ => { })
            .AddCsmSingleSignOn(configuration);

        services.AddSingleton<SessionCheck>();
        services.AddOptions<JwtBearerOptions>(Schemes.Bearer).Configure<SigningKey, TimeProvider>((o, key, clock) =>
        {
            var skew = TimeSpan.FromSeconds(30);
            o.MapInboundClaims = false;
            o.Events = new JwtBearerEvents
            {
                OnTokenValidated = async c =>
                {
                    if (!await c.HttpContext.RequestServices.GetRequiredService<SessionCheck>().IsCurrentAsync(c.Principal, c.HttpContext.RequestAborted))
                        c.Fail("The account changed since this token was issued; sign in again.");
                },
            };
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = TokenIssuer.Issuer,
                ValidAudience = TokenIssuer.Audience,
                IssuerSigningKeyResolver = (_, _, _, _) => [key.Key],
                NameClaimType = ClaimTypes.Name,
                RoleClaimType = ClaimTypes.Role,
                // Lifetime is checked against the host's clock, the same one that issued the token.
                LifetimeValidator = (notBefore, expires, _, _) =>
                {
                    var now = clock.GetUtcNow().UtcDateTime;
                    return (notBefore is null || notBefore.Value <= now + skew) && expires is not null && expires.Value > now - skew;
                },
            };
        });

        var authorization = services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Staff, p => p.RequireRole(Roles.All))
            .AddPolicy(Portal.Policy, p => p.AddAuthenticationSchemes(Portal.Scheme).RequireClaim(Portal.CustomerClaim))
            // Anything mapped without its own policy still needs a signed-in caller.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        foreach (var permission in Can.Matrix)
        {
            authorization.AddPolicy(permission.Name, p => p.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(permission.Name)));
        }
        services.AddSingleton<IAuthorizationHandler, PermissionHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ExplainedRefusals>();

        // Requests per client address and minute (AddressLimits), counted in the database when hosts share the clients.
        services.AddSingleton<SharedMinutes>();
        return services;
    }
}
