using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Csm.BuildingBlocks.Http;

public sealed class RequestLimitsOptions
{
    /// <summary>Default cap on a request body; an endpoint raises it with RequestSizeLimit metadata (imports).</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;
}

/// <summary>Refuses an oversized body with 413 problem details before anything reads it, on any server.</summary>
public sealed class RequestLimitsMiddleware(RequestDelegate next, IOptions<RequestLimitsOptions> options)
{
    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize
                    ?? options.Value.MaxBodyBytes;
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false }) feature.MaxRequestBodySize = limit;
        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = 413,
                    Title = "The request body is too large.",
                    Detail = $"The body is {context.Request.ContentLength} bytes; this endpoint accepts at most {limit} bytes.",
                },
            });
            return;
        }
        await next(context);
    }
}

/// <summary>
/// Raises the body cap of one endpoint (<c>d.WithMetadata(new BodySizeLimit(...))</c>): an import's file, or a text
/// whose own limit the validator checks so that a too-long one is refused naming its field rather than as a large body.
/// </summary>
public sealed class BodySizeLimit(long bytes) : IRequestSizeLimitMetadata
{
    public long? MaxRequestBodySize => bytes;
}
