using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.Host.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Csm.Host.Features.Auth;

/// <summary>A bearer token for scripts: <c>{"userName","password"}</c> → <c>{"accessToken","expiresAt"}</c>.</summary>
internal sealed class IssueToken : IEndpoint
{
    public sealed record Response(string AccessToken, DateTimeOffset ExpiresAt, string TokenType = "Bearer");

    public static void Map(IEndpointRouteBuilder app) => app
        .MapPost("auth/token", Handle)
        .WithName("Auth_Token")
        .WithSummary("Issues a bearer token for scripts")
        .WithTags("Auth")
        .AllowAnonymous()
        .RequireRateLimiting(RateLimits.Login)
        .WithRequestValidation<Login.Request>()
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status429TooManyRequests);

    internal static async Task<Results<Ok<Response>, ProblemHttpResult>> Handle(
        Login.Request request, UserAccounts users, TokenIssuer issuer, CancellationToken ct)
    {
        var user = await users.VerifyAsync(request.UserName, request.Password, ct);
        if (user is null) return Login.WrongCredentials();
        var (token, expiresAt) = issuer.Issue(user.Claims("bearer"));
        return TypedResults.Ok(new Response(token, expiresAt));
    }
}
