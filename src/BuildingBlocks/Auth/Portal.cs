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

    /// <summary>The session: the magic link that opened it, whose row says whether it has been ended.</summary>
    public const string SessionClaim = "portal.session";

    public static ClaimsPrincipal Principal(long sessionId, long customerId, string email, string name, string language) => new(new ClaimsIdentity(
    [
        new Claim(SessionClaim, sessionId.ToString(CultureInfo.InvariantCulture)),
        new Claim(CustomerClaim, customerId.ToString(CultureInfo.InvariantCulture)),
        new Claim(EmailClaim, email),
        new Claim(ClaimTypes.Name, name),
        new Claim(LanguageClaim, language),
    ], Scheme));

    /// <summary>The signed-in customer's id; only portal endpoints (whose policy requires the claim) call it.</summary>
    public static long PortalCustomerId(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(CustomerClaim) ?? throw new InvalidOperationException("Not a portal session."), CultureInfo.InvariantCulture);

    public static string PortalEmail(this ClaimsPrincipal user) => user.FindFirstValue(EmailClaim) ?? "";

    /// <summary>The session and its customer, or null for a cookie that names no session.</summary>
    public static (long Session, long Customer)? PortalSession(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(SessionClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var session)
        && long.TryParse(user.FindFirstValue(CustomerClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var customer)
            ? (session, customer) : null;
}

/// <summary>
/// Whether a portal session is still open: not signed out, and its customer neither erased nor merged away. Checked on
/// every request that carries the portal cookie, so signing out ends the session on the server, not only in the browser.
/// </summary>
public interface IPortalSessions
{
    Task<bool> IsOpenAsync(long sessionId, long customerId, CancellationToken ct);

    Task EndAsync(long sessionId, long customerId, CancellationToken ct);
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
