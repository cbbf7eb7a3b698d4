using Csm.Host.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Csm.Host.Features.Auth;

internal sealed class Logout : EndpointWithoutRequest<NoContent>
{
    public override void Configure()
    {
        Post("auth/logout");
        AllowAnonymous();
        Description(d => d.WithName("Auth_Logout").WithSummary("Ends the cookie session").WithTags("Auth"));
    }

    public override async Task<NoContent> ExecuteAsync(CancellationToken ct)
    {
        await HttpContext.SignOutAsync(Schemes.Cookie);
        return TypedResults.NoContent();
    }
}
