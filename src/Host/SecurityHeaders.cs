namespace Csm.Host;

/// <summary>
/// The headers that stop the usual browser attacks, on every response. The SPA and the survey page load only their
/// own scripts (no inline script); antd writes its styles at run time, so styles may be inline; ECharts draws on a
/// canvas; icons and the favicon are data: URIs. No page may be framed yet (the widget and web form, when they come,
/// will be the only embeddable ones). Swagger UI works under the same policy. A survey link carries its token in the path, so no page sends a Referer
/// outside Csm.
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static void UseCsmSecurityHeaders(this WebApplication app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers["Referrer-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    });
}
