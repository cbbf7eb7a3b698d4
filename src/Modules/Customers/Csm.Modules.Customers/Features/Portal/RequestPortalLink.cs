using Csm.BuildingBlocks.Templates;
using Csm.Modules.Customers.Portal;
using Microsoft.Extensions.Configuration;

namespace Csm.Modules.Customers.Features.Portal;

/// <summary>
/// A customer asks for a magic link to the portal by typing their e-mail. The answer is the same 202 whether or not the
/// address is a customer's, and the work is the same too (the lookup, the template, a row), so neither the answer nor
/// its time tells who is a customer: only a known address gets a link, single-use and valid 15 minutes, of which only
/// the hash is kept. Limited per client address (<c>RateLimits:PortalLinksPerMinute</c>) and per address typed
/// (<c>Portal:LinksPerAddressPerHour</c>, counted for unknown addresses alike).
/// </summary>
internal sealed class RequestPortalLink(DbSession session, Outbox outbox, MessageTemplates templates, IConfiguration configuration, TimeProvider clock)
    : Endpoint<RequestPortalLink.Request, Results<Accepted<RequestPortalLink.Receipt>, ValidationProblem, ProblemHttpResult>>
{
    /// <param name="Language">zh-CN or en: the e-mail's language (default: the customer's).</param>
    public sealed record Request(string Email, string? Language = null);

    /// <param name="ValidMinutes">How long a link stays valid.</param>
    public sealed record Receipt(string Detail, int ValidMinutes);

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Email).NotEmpty().MaximumLength(320).EmailAddress();
            RuleFor(r => r.Language).Must(l => l is "zh-CN" or "en").When(r => r.Language is not null).WithMessage("The language is 'zh-CN' or 'en'.");
        }
    }

    public override void Configure()
    {
        Post("public/portal/links");
        AllowAnonymous();
        Description(d => d
            .WithTags("Portal")
            .WithName("Portal_RequestLink")
            .WithSummary("E-mails a single-use link to the customer portal, valid 15 minutes, if the address is a customer's (no login)")
            .WithDescription("Always 202 with the same body, whether or not the address is known. 429 after too many requests "
                + "from one client address or for one e-mail address.")
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(RateLimits.PortalLinks));
    }

    public override async Task<Results<Accepted<Receipt>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var address = PortalLinks.Normalize(request.Email);
        var addressHash = SecretToken.Hash(address);
        var now = clock.GetUtcNow();
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        if (await PortalLinks.AskedSinceAsync(c, tx, addressHash, now.AddHours(-1)) >= configuration.GetValue("Portal:LinksPerAddressPerHour", 5))
        {
            await session.RollbackAsync(ct);
            return TypedResults.Problem("Too many links were asked for this address in the last hour. Use the latest one, or try again later.",
                statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests");
        }
        var customer = await PortalLinks.CustomerByEmailAsync(c, tx, address);
        var token = SecretToken.New();
        var language = TemplateLanguages.Normalize(request.Language ?? customer?.Language);
        var text = await templates.TextAsync(PortalMail.Link, language, ct);
        var values = PortalMail.Values(customer?.Name, PortalMail.Url(configuration, token), PortalLinks.ValidFor);
        var id = await PortalLinks.AddAsync(c, tx, session.Dialect, customer?.Id, addressHash, customer is null ? null : SecretToken.Hash(token), now);
        if (customer is not null)
            await new OutboundQueue(session, outbox, clock).QueueAsync(new OutboundMessage(PortalMail.Module, BusinessKey.Of("portalLink", id),
                PortalMail.Link, OutboundChannels.Email, customer.Email, Placeholders.Render(text.Subject, values), Placeholders.Render(text.Body, values))
            {
                Language = language, ExpiresAt = now + PortalLinks.ValidFor,
            }, ct);
        await session.CommitAsync(ct);
        return TypedResults.Accepted((string?)null, new Receipt(
            "If this address belongs to one of our customers, a link to the portal is on its way to it. Check your inbox.", (int)PortalLinks.ValidFor.TotalMinutes));
    }
}
