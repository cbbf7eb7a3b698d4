using System.Globalization;
using System.Security.Claims;
using FastEndpoints;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Csm.BuildingBlocks.Auth;

/// <summary>
/// The customer portal's sessions: a customer who opened a magic link gets a cookie of its own scheme (never the staff
/// cookie), valid only for the <c>/api/portal</c> endpoints, which read nothing but that customer's data. A staff cookie,
/// bearer token or API key does not open them, and a portal cookie opens no staff endpoint.
/// </summary>
public static class Portal
{
    public const string Scheme = "Portal";
    public const string Policy = "portal";
    public const string CookieName = "csm.portal";

    /// <summary>The customer the session belongs to.</summary>
    public const string CustomerClaim = "portal.customer";

    /// <summary>The e-mail address the link was sent to: shown beside the customer's replies.</summary>
    public const string EmailClaim = "portal.email";

    public const string LanguageClaim = "portal.language";

    public static ClaimsPrincipal Principal(long customerId, string email, string name, string language) => new(new ClaimsIdentity(
    [
        new Claim(CustomerClaim, customerId.ToString(CultureInfo.InvariantCulture)),
        new Claim(EmailClaim, email),
        new Claim(ClaimTypes.Name, name),
        new Claim(LanguageClaim, language),
    ], Scheme));

    /// <summary>The signed-in customer's id; only portal endpoints (whose policy requires the claim) call it.</summary>
    public static long PortalCustomerId(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(CustomerClaim) ?? throw new InvalidOperationException("Not a portal session."), CultureInfo.InvariantCulture);

    public static string PortalEmail(this ClaimsPrincipal user) => user.FindFirstValue(EmailClaim) ?? "";
}

/// <summary>
/// The portal's endpoints (<c>/api/portal/...</c>), whichever module serves them: authenticated by the portal cookie
/// alone, with the portal policy, tagged Portal.
/// </summary>
public sealed class PortalGroup : Group
{
    public PortalGroup() => Configure("portal", ep =>
    {
        ep.AuthSchemes(Portal.Scheme);
        ep.Policies(Portal.Policy);
        ep.Description(b => b.WithTags("Portal"));
    });
}
