using Csm.BuildingBlocks;
using Csm.Host.Auth;
using FluentValidation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Csm.Host.Features.Auth;

/// <summary>
/// Sends the browser to the single sign-on provider; it comes back signed in at <c>returnUrl</c> (a path in Csm),
/// or at the sign-in page with the reason when the provider or Csm refused.
/// </summary>
internal sealed class StartSingleSignOn(IConfiguration configuration) : Endpoint<StartSingleSignOn.QueryString, Results<ChallengeHttpResult, ProblemHttpResult>>
{
    /// <summary>The query string.</summary>
    public sealed record QueryString(string? ReturnUrl = null);

    internal sealed class Validator : Validator<QueryString>
    {
        public Validator()
        {
            RuleFor(q => q.ReturnUrl).MaximumLength(2000)
                .Must(SingleSignOn.IsLocal).When(q => q.ReturnUrl is not null)
                .WithMessage("Give a path in Csm, such as /tickets; another site is not a place to return to.");
        }
    }

    public override void Configure()
    {
        Get("auth/sso");
        AllowAnonymous();
        Description(d => d
            .WithName("Auth_SingleSignOn")
            .WithSummary("Starts a single sign-on at the configured OpenID Connect provider (a browser navigation)")
            .WithTags("Auth")
            .RequireRateLimiting(BuildingBlocks.Auth.RateLimits.Login)
            .Produces(StatusCodes.Status302Found)
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override Task<Results<ChallengeHttpResult, ProblemHttpResult>> ExecuteAsync(QueryString query, CancellationToken ct)
    {
        if (!SingleSignOn.Read(configuration).Enabled)
            return Task.FromResult<Results<ChallengeHttpResult, ProblemHttpResult>>(Problems.NotFound("Single sign-on provider", "Oidc"));
        return Task.FromResult<Results<ChallengeHttpResult, ProblemHttpResult>>(
            TypedResults.Challenge(new AuthenticationProperties { RedirectUri = query.ReturnUrl ?? "/" }, [SingleSignOn.Scheme]));
    }
}
