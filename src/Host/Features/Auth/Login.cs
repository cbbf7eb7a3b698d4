using System.Security.Claims;
using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.Host.Auth;
using FluentValidation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Csm.Host.Features.Auth;

/// <summary>Signs a person in to the SPA with a cookie.</summary>
internal sealed class Login(UserAccounts users) : Endpoint<Login.Request, Results<Ok<Me.Response>, ProblemHttpResult>>
{
    public sealed record Request(string UserName, string Password);

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.UserName).NotEmpty().MaximumLength(100);
            RuleFor(r => r.Password).NotEmpty().MaximumLength(200);
        }
    }

    public override void Configure()
    {
        Post("auth/login");
        AllowAnonymous();
        Description(d => d
            .WithName("Auth_Login")
            .WithSummary("Signs in with user name and password and sets the session cookie")
            .WithTags("Auth")
            .RequireRateLimiting(RateLimits.Login)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests));
    }

    public override async Task<Results<Ok<Me.Response>, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var http = HttpContext;
        var user = await users.VerifyAsync(request.UserName, request.Password, ct);
        if (user is null) return WrongCredentials();
        var principal = new ClaimsPrincipal(new ClaimsIdentity(user.Claims("cookie"), Schemes.Cookie));
        await http.SignInAsync(Schemes.Cookie, principal);
        return TypedResults.Ok(Me.From(principal));
    }

    public static ProblemHttpResult WrongCredentials() => TypedResults.Problem(
        "The user name or password is wrong, or the account is disabled.", statusCode: 401, title: "Sign-in failed");
}
