using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.Host.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Csm.Host.Features.Auth;

/// <summary>A bearer token for scripts: <c>{"userName","password"}</c> → <c>{"accessToken","expiresAt"}</c>.</summary>
internal sealed class IssueToken(UserAccounts users, TokenIssuer issuer)
    : Endpoint<Login.Request, Results<Ok<IssueToken.Response>, ProblemHttpResult>>
{
    public new sealed record Response(string AccessToken, DateTimeOffset ExpiresAt, string TokenType = "Bearer");

    public override void Configure()
    {
        Post("auth/token");
        AllowAnonymous();
        Description(d => d
            .WithName("Auth_Token")
            .WithSummary("Issues a bearer token for scripts")
            .WithTags("Auth")
            .RequireRateLimiting(RateLimits.Login)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests));
    }

    public override async Task<Results<Ok<Response>, ProblemHttpResult>> ExecuteAsync(Login.Request request, CancellationToken ct)
    {
        var signIn = await users.VerifyAsync(request.UserName, request.Password, "bearer", ct);
        if (signIn.User is not { } user) return Login.Refused(HttpContext, signIn);
        var (token, expiresAt) = issuer.Issue(user.Claims("bearer"));
        return TypedResults.Ok(new Response(token, expiresAt));
    }
}
