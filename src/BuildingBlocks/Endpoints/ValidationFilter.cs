using System.Text.Json;
using FluentValidation.Results;
using Microsoft.AspNetCore.Http;

namespace Csm.BuildingBlocks;

public static class RequestValidation
{
    public const string Title = "The request is not valid.";

    /// <summary>FluentValidation errors keyed by camelCase JSON paths, e.g. "contacts[0].email".</summary>
    public static Dictionary<string, string[]> ToErrors(this IEnumerable<ValidationFailure> failures) => failures
        .GroupBy(f => JsonPath(f.PropertyName), StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray(), StringComparer.Ordinal);

    public static string JsonPath(string propertyPath) => string.Join('.',
        propertyPath.Split('.').Select(segment => JsonNamingPolicy.CamelCase.ConvertName(segment)));

    /// <summary>The RFC 9457 body of a 400 that names every bad field, as ASP.NET Core's problem details service writes it.</summary>
    public static HttpValidationProblemDetails Problem(IDictionary<string, string[]> errors, HttpContext context, int status = 400) =>
        new(errors)
        {
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            Title = Title,
            Status = status,
            Instance = context.Request.Path,
            Extensions = { ["traceId"] = context.TraceIdentifier },
        };
}
