using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Csm.BuildingBlocks;

/// <summary>RFC 9457 answers that handlers return for the usual failures.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string what, object id) =>
        TypedResults.Problem($"{what} {id} does not exist.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    /// <summary>403 naming the permission missing (see <see cref="Auth.Can"/>), and for whom it would hold.</summary>
    public static ProblemHttpResult Forbidden(string permission, string? because = null) => TypedResults.Problem(
        $"This needs the permission {permission}, which {Auth.Can.Holders(permission)} hold{because}.",
        statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
        extensions: new Dictionary<string, object?> { ["permission"] = permission });

    /// <summary>403 for an account manager acting on someone else's customer.</summary>
    public static ProblemHttpResult NotYourCustomer(string permission, long customerId) => Forbidden(permission,
        $"; account managers only for their own customers, and customer {customerId} is not yours");

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
