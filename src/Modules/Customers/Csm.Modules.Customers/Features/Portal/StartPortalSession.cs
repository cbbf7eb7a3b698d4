using Csm.BuildingBlocks.Templates;
using Csm.Modules.Customers.Portal;
using Microsoft.AspNetCore.Authentication;

namespace Csm.Modules.Customers.Features.Portal;

/// <summary>
/// Opening a magic link: the portal page sends the token from the link, the link is spent (once, by exactly one
/// caller), and the browser gets a portal session cookie (<see cref="BuildingBlocks.Auth.Portal"/>), never a staff one.
/// A link used before or older than 15 minutes is 410 saying which; a token that was never issued is 400.
/// </summary>
internal sealed class StartPortalSession(DbSession session, AuditTrail audit, TimeProvider clock)
    : Endpoint<StartPortalSession.Request, Results<Ok<PortalSessionView>, ValidationProblem, ProblemHttpResult>>
{
    public sealed record Request(string Token);

    internal sealed class Validator : Validator<Request>
    {
        public Validator() => RuleFor(r => r.Token).NotEmpty().MaximumLength(100);
    }

    public override void Configure()
    {
        Post("public/portal/sessions");
        AllowAnonymous();
        Description(d => d
            .WithTags("Portal")
            .WithName("Portal_StartSession")
            .WithSummary("Opens a portal session with a magic link's token (no login); sets the portal cookie")
            .ProducesProblem(StatusCodes.Status410Gone)
            .RequireRateLimiting(RateLimits.Public));
    }

    public override async Task<Results<Ok<PortalSessionView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        var link = await PortalLinks.ByTokenAsync(c, tx, SecretToken.Hash(request.Token.Trim()));
        var customer = link?.CustomerId is { } id ? await PortalLinks.CustomerAsync(c, tx, id) : null;
        if (link is null || customer?.Email is null)
        {
            await session.RollbackAsync(ct);
            return link is null
                ? Problems.Invalid("token", "This is not a link to the portal. Check that the whole link was copied, or ask for a new one.")
                : Gone("This link no longer opens the portal. Ask for a new one.");
        }
        if (link.UsedAt is not null || !await PortalLinks.UseAsync(c, tx, link.Id, now))
        {
            await session.RollbackAsync(ct);
            return link.UsedAt is null && link.ExpiresAt <= now
                ? Gone("This link expired: a link works for 15 minutes. Ask for a new one.")
                : Gone("This link was already used: a link works once. Ask for a new one.");
        }
        await audit.RecordAsync("customers", "customer.portalSignedIn", "customer", customer.Id, after: new { channel = "portal" }, ct: ct,
            actor: $"customer:{customer.Id}");
        await session.CommitAsync(ct);
        var language = TemplateLanguages.Normalize(customer.Language);
        await HttpContext.SignInAsync(BuildingBlocks.Auth.Portal.Scheme,
            BuildingBlocks.Auth.Portal.Principal(link.Id, customer.Id, customer.Email, customer.Name, language));
        return TypedResults.Ok(new PortalSessionView(customer.Name, customer.Email, language));
    }

    private static ProblemHttpResult Gone(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status410Gone, title: "Link no longer valid");
}

/// <summary>Who the portal session is for.</summary>
/// <param name="Language">zh-CN or en: the customer's language, which the portal opens in.</param>
internal sealed record PortalSessionView(string Name, string Email, string Language);
