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
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests));
    }

    public override async Task<Results<Ok<Me.Response>, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var http = HttpContext;
        var signIn = await users.VerifyAsync(request.UserName, request.Password, "cookie", ct);
        if (signIn.User is not { } user) return Refused(HttpContext, signIn);
        var principal = new ClaimsPrincipal(new ClaimsIdentity(user.Claims("cookie"), Schemes.Cookie));
        await http.SignInAsync(Schemes.Cookie, principal);
        return TypedResults.Ok(Me.From(principal));
    }

    /// <summary>
    /// A refused sign-in: 401 for a wrong name or password, 429 with Retry-After for a name that failed too often
    /// (the same for a name no account has), 403 when passwords are off and the provider is the way in.
    /// </summary>
    public static ProblemHttpResult Refused(HttpContext http, UserAccounts.SignIn signIn)
    {
        if (signIn.PasswordsOff)
        {
            var provider = SingleSignOn.Read(http.RequestServices.GetRequiredService<IConfiguration>()).DisplayName;
            return TypedResults.Problem($"Password sign-in is turned off; sign in with {provider}.", statusCode: 403, title: "Sign in with single sign-on");
        }
        if (signIn.RetryAt is not { } at)
            return TypedResults.Problem("The user name or password is wrong, or the account is disabled.", statusCode: 401, title: "Sign-in failed");
        var seconds = Math.Max(1, (int)Math.Ceiling((at - http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()).TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem($"Too many failed sign-ins with this user name. Try again in {seconds} s.", statusCode: 429, title: "Sign-in paused");
    }
}
