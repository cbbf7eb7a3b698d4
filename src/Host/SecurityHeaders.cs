namespace Csm.Host;

/// <summary>
/// The headers that stop the usual browser attacks, on every response. The SPA and the survey page load only their
/// own scripts (no inline script); antd writes its styles at run time, so styles may be inline; ECharts draws on a
/// canvas; icons and the favicon are data: URIs. No page may be framed but the web form (/support), and that one only
/// by the sites an admin names in <c>Cors:Origins</c> (their pages embed it), and the survey page of a reusable link
/// (/f/{link}), which any site may frame: the feedback widget opens it on pages Csm does not know. Staff pages stay
/// unframeable. Swagger UI works under the same policy.
/// A survey link carries its token in the path, so no page sends a Referer outside Csm.
/// </summary>
internal static class SecurityHeaders
{
    private const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors ";

    public const string ContentSecurityPolicy = Policy + "'none'";

    /// <summary>The pages a customer's site may frame.</summary>
    public static readonly PathString[] Embeddable = ["/support"];

    /// <summary>The pages any site may frame: the survey of a reusable link, opened by the feedback widget.</summary>
    public static readonly PathString AnySiteMayFrame = "/f";

    private const string AnySitePolicy = Policy + "*";

    public static void UseCsmSecurityHeaders(this WebApplication app)
    {
        var origins = CrossOrigin.Origins(app.Configuration);
        var embeddedPolicy = Policy + (origins.Length == 0 ? "'none'" : "'self' " + string.Join(' ', origins));
        app.Use((context, next) =>
        {
            var anySite = context.Request.Path.StartsWithSegments(AnySiteMayFrame, StringComparison.OrdinalIgnoreCase, out var link)
                && link.Value is { Length: > 1 };
            var embeddable = anySite || (origins.Length > 0 && Embeddable.Any(p => context.Request.Path.Equals(p, StringComparison.OrdinalIgnoreCase)));
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                // X-Frame-Options cannot name sites: an embeddable page relies on frame-ancestors alone.
                if (!embeddable) headers.XFrameOptions = "DENY";
                headers.ContentSecurityPolicy = anySite ? AnySitePolicy : embeddable ? embeddedPolicy : ContentSecurityPolicy;
                headers["Referrer-Policy"] = "same-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            return next(context);
        });
    }
}
