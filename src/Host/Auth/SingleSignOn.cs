using System.Security.Claims;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Modules;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Csm.Host.Auth;

/// <summary>
/// Single sign-on with any OpenID Connect provider (Keycloak, Entra ID, Authing, the OIDC bridges of 企业微信/钉钉/飞书),
/// by configuration under <c>Oidc</c>. The code flow with PKCE, state and nonce; the ID token's issuer, audience,
/// signature, nonce and lifetime are checked by the handler against the provider's discovery document and keys. A
/// verified person is matched to a Csm user by e-mail, or created with the default role (<see cref="SsoAccounts"/>),
/// and signed in with the same cookie as a password sign-in. <c>Auth:LocalPasswords=BreakGlassOnly</c> turns password
/// sign-in off for everyone but <c>Auth:BreakGlassUser</c>.
/// </summary>
internal static class SingleSignOn
{
    public const string Scheme = "oidc";
    public const string CallbackPath = "/api/auth/sso/callback";
    public const string FailedPage = "/login?sso=failed";

    public sealed class Options
    {
        public string? Authority { get; set; }
        public string? ClientId { get; set; }
        public string? ClientSecret { get; set; }
        /// <summary>The provider's name on the sign-in button ("企业微信", "Keycloak").</summary>
        public string DisplayName { get; set; } = "SSO";
        public string[] Scopes { get; set; } = ["openid", "profile", "email"];
        public string EmailClaim { get; set; } = "email";
        public string NameClaim { get; set; } = "name";
        public string UserNameClaim { get; set; } = "preferred_username";
        /// <summary>The claim that carries roles or groups (e.g. "roles", "groups"); none: roles are managed in Csm.</summary>
        public string? RolesClaim { get; set; }
        /// <summary>A value of the roles claim → a Csm role; with no map, values that are Csm role names count as such.</summary>
        public Dictionary<string, string> RoleMap { get; set; } = new(StringComparer.OrdinalIgnoreCase);
        public string DefaultRole { get; set; } = Roles.Agent;
        public bool CreateUsers { get; set; } = true;
        public bool RequireHttpsMetadata { get; set; } = true;

        public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
    }

    public static Options Read(IConfiguration configuration) => configuration.GetSection("Oidc").Get<Options>() ?? new Options();

    /// <summary>Whether a password sign-in is allowed for this name: always, unless local passwords are break-glass only.</summary>
    public static bool PasswordAllowed(IConfiguration configuration, string userName) =>
        !BreakGlassOnly(configuration)
        || string.Equals(userName, configuration["Auth:BreakGlassUser"] ?? "admin", StringComparison.OrdinalIgnoreCase);

    public static bool BreakGlassOnly(IConfiguration configuration) =>
        string.Equals(configuration["Auth:LocalPasswords"], "BreakGlassOnly", StringComparison.OrdinalIgnoreCase);

    public static AuthenticationBuilder AddCsmSingleSignOn(this AuthenticationBuilder builder, IConfiguration configuration)
    {
        var sso = Read(configuration);
        var localPasswords = configuration["Auth:LocalPasswords"];
        if (localPasswords is not (null or "Enabled" or "BreakGlassOnly"))
            throw HostCannotStart.Setting("Auth:LocalPasswords", $"'{localPasswords}' is neither Enabled nor BreakGlassOnly.");
        if (!sso.Enabled)
        {
            if (BreakGlassOnly(configuration))
                throw HostCannotStart.Setting("Auth:LocalPasswords", "BreakGlassOnly needs single sign-on (Oidc:Authority), or nobody but the break-glass admin could sign in.");
            return builder;
        }
        if (!Uri.TryCreate(sso.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
            throw HostCannotStart.Setting("Oidc:Authority", $"'{sso.Authority}' is not an http(s) address.");
        if (string.IsNullOrWhiteSpace(sso.ClientId)) throw HostCannotStart.Setting("Oidc:ClientId", "single sign-on needs the client id the provider gave Csm.");
        if (!Roles.All.Contains(sso.DefaultRole)) throw HostCannotStart.Setting("Oidc:DefaultRole", $"'{sso.DefaultRole}' is not a role.");
        foreach (var (value, role) in sso.RoleMap)
        {
            if (!Roles.All.Contains(role)) throw HostCannotStart.Setting($"Oidc:RoleMap:{value}", $"'{role}' is not a role.");
        }

        builder.Services.AddSingleton<SsoAccounts>();
        builder.Services.AddOptions<OpenIdConnectOptions>(Scheme).Configure<TimeProvider>((o, clock) =>
        {
            o.Authority = sso.Authority;
            o.ClientId = sso.ClientId;
            o.ClientSecret = sso.ClientSecret;
            o.RequireHttpsMetadata = sso.RequireHttpsMetadata;
            o.ResponseType = OpenIdConnectResponseType.Code;
            // The code comes back in the query of a top-level GET, so the state and nonce cookies can be SameSite=Lax and
            // need no Secure flag on a plain-HTTP test host; behind HTTPS they are Secure anyway (SameAsRequest).
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.UsePkce = true;
            o.CallbackPath = CallbackPath;
            o.SignInScheme = Schemes.Cookie;
            o.SaveTokens = false;
            o.GetClaimsFromUserInfoEndpoint = false;
            o.MapInboundClaims = false;
            o.Scope.Clear();
            foreach (var scope in sso.Scopes) o.Scope.Add(scope);
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            var skew = TimeSpan.FromMinutes(2);
            // The ID token's lifetime against the host's clock, the one everything else in Csm reads.
            o.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                return (notBefore is null || notBefore.Value <= now + skew) && expires is not null && expires.Value > now - skew;
            };
            o.Events = new OpenIdConnectEvents
            {
                // After every check of the handler (the nonce is checked after the token-validated event of the code
                // flow): only then is the person looked up or created.
                OnTicketReceived = async context =>
                {
                    var accounts = context.HttpContext.RequestServices.GetRequiredService<SsoAccounts>();
                    var outcome = await accounts.SignInAsync(sso, context.Principal!, context.HttpContext.RequestAborted);
                    if (outcome.User is null)
                    {
                        await accounts.RefusedAsync(outcome.Refusal!, context.HttpContext.RequestAborted);
                        context.Response.Redirect(FailedPage);
                        context.HandleResponse();
                        return;
                    }
                    context.Principal = new ClaimsPrincipal(new ClaimsIdentity(outcome.User.Claims("sso"), Schemes.Cookie));
                },
                OnRemoteFailure = async context =>
                {
                    // No token, no claim and no provider error text in the log: the reason only.
                    var accounts = context.HttpContext.RequestServices.GetRequiredService<SsoAccounts>();
                    await accounts.RefusedAsync(context.Failure?.Message ?? "the provider's answer was refused", context.HttpContext.RequestAborted);
                    context.Response.Redirect(FailedPage);
                    context.HandleResponse();
                },
            };
        });
        return builder.AddOpenIdConnect(Scheme, sso.DisplayName, _ => { });
    }

    /// <summary>A return address inside Csm ("/tickets/7"); anything that could leave the site is not one.</summary>
    public static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Contains("://", StringComparison.Ordinal);
}
