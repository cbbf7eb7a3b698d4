using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Csm.BuildingBlocks;

/// <summary>RFC 9457 answers that handlers return for the usual failures.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string what, object id) =>
        TypedResults.Problem($"{what} {id} does not exist.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");

    public static ProblemHttpResult StaleVersion(long expected, long actual) => TypedResults.Problem(
        $"The resource was changed by someone else: you sent version {expected}, the current version is {actual}. Reload and try again.",
        statusCode: StatusCodes.Status409Conflict, title: "Stale version",
        extensions: new Dictionary<string, object?> { ["currentVersion"] = actual });

    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request is not valid.");

    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request is not valid.");
}
