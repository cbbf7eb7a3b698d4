using Csm.BuildingBlocks;
using Csm.Host.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Csm.Host.Features.Auth;

internal sealed class Logout : IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) => app
        .MapPost("auth/logout", (Delegate)Handle)
        .WithName("Auth_Logout")
        .WithSummary("Ends the cookie session")
        .WithTags("Auth")
        .AllowAnonymous();

    internal static async Task<NoContent> Handle(HttpContext http)
    {
        await http.SignOutAsync(Schemes.Cookie);
        return TypedResults.NoContent();
    }
}
