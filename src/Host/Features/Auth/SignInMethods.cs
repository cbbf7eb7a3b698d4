using Csm.Host.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Csm.Host.Features.Auth;

/// <summary>How people sign in here, for the sign-in page: passwords (for everyone, or the break-glass admin only) and single sign-on.</summary>
internal sealed class SignInMethods(IConfiguration configuration) : EndpointWithoutRequest<Ok<SignInMethods.Response>>
{
    /// <param name="Passwords">enabled, or breakGlassOnly (only the break-glass admin may use one).</param>
    /// <param name="SingleSignOn">The provider's button, when single sign-on is configured.</param>
    public new sealed record Response(string Passwords, Provider? SingleSignOn);

    /// <param name="Name">The provider's name for the button.</param>
    /// <param name="SignInUrl">Where the button goes; add <c>?returnUrl=/path</c> to come back there.</param>
    public sealed record Provider(string Name, string SignInUrl);

    public override void Configure()
    {
        Get("auth/methods");
        AllowAnonymous();
        Description(d => d
            .WithName("Auth_Methods")
            .WithSummary("Says how people sign in: passwords, single sign-on, or both")
            .WithTags("Auth"));
    }

    public override Task<Ok<Response>> ExecuteAsync(CancellationToken ct)
    {
        var sso = Csm.Host.Auth.SingleSignOn.Read(configuration);
        return Task.FromResult(TypedResults.Ok(new Response(
            Csm.Host.Auth.SingleSignOn.BreakGlassOnly(configuration) ? "breakGlassOnly" : "enabled",
            sso.Enabled ? new Provider(sso.DisplayName, "/api/auth/sso") : null)));
    }
}
