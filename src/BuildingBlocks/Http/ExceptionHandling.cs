using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Csm.BuildingBlocks.Http;

/// <summary>A handler's signal that the caller's version is stale: answered 409.</summary>
public sealed class ConcurrencyException(string message) : Exception(message);

/// <summary>
/// Turns what escapes an endpoint into problem details: unreadable JSON names the field (400), a stale write
/// answers 409, anything else a 500 that says nothing of the internals.
/// </summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        ProblemDetails problem;
        switch (exception)
        {
            case BadHttpRequestException bad:
                problem = BadRequest(bad);
                break;
            case JsonException json:
                problem = Unreadable(json);
                break;
            case ConcurrencyException conflict:
                problem = new ProblemDetails { Status = 409, Title = "Stale version", Detail = conflict.Message };
                break;
            case OperationCanceledException when context.RequestAborted.IsCancellationRequested:
                problem = new ProblemDetails { Status = 499, Title = "Client closed the request" };
                break;
            default:
                logger.LogError(exception, "Unhandled exception on {Method} {Path}", context.Request.Method, context.Request.Path);
                problem = new ProblemDetails { Status = 500, Title = "An unexpected error occurred.", Detail = "The error was logged; nothing was changed by this request." };
                break;
        }
        context.Response.StatusCode = problem.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails BadRequest(BadHttpRequestException bad)
    {
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new ProblemDetails { Status = 413, Title = "The request body is too large.", Detail = bad.Message };
        }
        var json = FindJsonException(bad);
        return json is not null ? Unreadable(json) : new ProblemDetails { Status = bad.StatusCode, Title = "The request could not be read.", Detail = bad.Message };
    }

    private static HttpValidationProblemDetails Unreadable(JsonException json)
    {
        // A property the request does not have (JsonUnmappedMemberHandling.Disallow): named, so a typo is found at once.
        if (UnknownProperty().Match(json.Message) is { Success: true } unknown)
        {
            var name = unknown.Groups[1].Value;
            var parent = JsonField(json.Path);
            var at = parent == "$" || parent == name || parent.EndsWith("." + name, StringComparison.Ordinal) ? parent : parent + "." + name;
            if (at == "$") at = name;
            return new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                [at] = [$"'{name}' is not a field of this request; check its spelling against the API description."],
            })
            { Status = 400, Title = "The request body has a field this operation does not take." };
        }
        var field = JsonField(json.Path);
        return new HttpValidationProblemDetails(new Dictionary<string, string[]>
        {
            [field] = [json.Path is null or "$" ? "The body is not valid JSON or not the JSON object this operation takes." : $"The value of '{field}' has the wrong type or format."],
        })
        { Status = 400, Title = "The request body could not be read." };
    }

    private static JsonException? FindJsonException(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is JsonException j) return j;
        }
        return null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^The JSON property '(.+?)' could not be mapped to any \.NET member")]
    private static partial System.Text.RegularExpressions.Regex UnknownProperty();

    /// <summary>"$.contacts[0].email" becomes "contacts[0].email"; the root is "$".</summary>
    private static string JsonField(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "$" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
}
