using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Csm.Modules.Surveys.Features;

/// <summary>
/// The feedback widget other sites include (<c>&lt;script src="…/widget.js" data-survey="…"&gt;</c>): plain JavaScript
/// (Widget/widget.js) that adds a feedback button and opens the survey of a reusable link in a panel. It lives with the
/// module, not the SPA's build, so every host serves it as it is.
/// </summary>
internal sealed class ServeWidget : EndpointWithoutRequest<ContentHttpResult>
{
    private static readonly string Script = Read();

    private static string Read()
    {
        using var stream = typeof(ServeWidget).Assembly.GetManifestResourceStream("Csm.Surveys.widget.js")!;
        return new StreamReader(stream).ReadToEnd();
    }

    public override void Configure()
    {
        Get("/widget.js");
        RoutePrefixOverride(string.Empty);
        AllowAnonymous();
        Description(d => d
            .WithTags("Surveys")
            .WithName("Surveys_Widget")
            .WithSummary("The feedback widget's script, for <script src=\".../widget.js\" data-survey=\"(link id)\"> on any site")
            .Produces(StatusCodes.Status200OK, typeof(string), "text/javascript"));
    }

    public override Task<ContentHttpResult> ExecuteAsync(CancellationToken ct)
    {
        HttpContext.Response.Headers.CacheControl = "public, max-age=3600";
        return Task.FromResult(TypedResults.Text(Script, "text/javascript; charset=utf-8"));
    }
}
