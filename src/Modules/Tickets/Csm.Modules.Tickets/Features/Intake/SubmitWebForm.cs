using Csm.Modules.Customers.Contracts;
using Microsoft.Extensions.Logging;
using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Data;
using Csm.Modules.Tickets.Features.TicketTypes;
using MediatR;
using Microsoft.Extensions.Configuration;

namespace Csm.Modules.Tickets.Features.Intake;

/// <summary>
/// The public web form (the page /support, embeddable in a customer's site): anyone may write in without an account.
/// The writer becomes the customer whose e-mail or phone it is, else a prospect tagged for review; the ticket is of the
/// type <c>Tickets:WebForm:TicketType</c> (default inquiry), channel web, and the writer is e-mailed its number. A
/// per-address rate limit and a honeypot field keep robots out; <c>Tickets:WebForm:Enabled=false</c> turns it off (404).
/// </summary>
internal sealed class SubmitWebForm(DbSession session, TicketOpener opener, IMediator mediator, IConfiguration configuration, WebFormUploads uploads)
    : Endpoint<SubmitWebForm.Request, Results<Created<SubmitWebForm.Receipt>, ValidationProblem, ProblemHttpResult>>
{
    /// <param name="Email">E-mail or phone, at least one: how the service team answers.</param>
    /// <param name="Language">zh-CN (default) or en: the language of the answer e-mails.</param>
    /// <param name="Website">Left empty by people: the form hides it; a robot that fills every field is refused.</param>
    /// <param name="Page">The address of the page the form was on, when embedded.</param>
    public sealed record Request(
        string Name, string? Email, string? Phone, string Subject, string Description, string? Language = null, string? Website = null, string? Page = null);

    /// <param name="Number">The ticket's number, to quote when writing again.</param>
    /// <param name="UploadToken">Sent in the X-Upload-Token header to POST /api/public/tickets/{number}/attachments: the writer's files, for 30 minutes.</param>
    public sealed record Receipt(string Number, string UploadToken);

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(100);
            RuleFor(r => r.Email).EmailAddress().MaximumLength(320).When(r => !string.IsNullOrEmpty(r.Email));
            RuleFor(r => r.Phone).MaximumLength(40).Matches(@"^\+?[0-9 ()\-]{5,40}$").When(r => !string.IsNullOrEmpty(r.Phone))
                .WithMessage("A phone number has digits, spaces, dashes and brackets, with an optional leading +.");
            RuleFor(r => r.Email).NotEmpty().When(r => string.IsNullOrWhiteSpace(r.Phone))
                .WithMessage("Give an e-mail address or a phone number, so that we can answer.");
            RuleFor(r => r.Subject).NotEmpty().MaximumLength(300);
            RuleFor(r => r.Description).NotEmpty().MaximumLength(20_000);
            RuleFor(r => r.Language).Must(l => l is "zh-CN" or "en").When(r => r.Language is not null).WithMessage("The language is 'zh-CN' or 'en'.");
            RuleFor(r => r.Website).Empty().WithMessage("This field is left empty by people.");
            RuleFor(r => r.Page).MaximumLength(2000);
        }
    }

    public override void Configure()
    {
        Post("public/tickets");
        AllowAnonymous();
        Description(d => d
            .WithTags("Tickets")
            .WithName("Tickets_WebForm")
            .WithSummary("Opens a ticket from the public web form (no login); answers the ticket number")
            .WithDescription("The writer is matched to a customer by e-mail or phone, else added as a prospect tagged `needs-review`. "
                + "Rate-limited per address. 404 when the form is turned off (Tickets:WebForm:Enabled=false).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .RequireRateLimiting(RateLimits.Public));
    }

    public override async Task<Results<Created<Receipt>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        if (!configuration.GetValue("Tickets:WebForm:Enabled", true)) return TypedResults.Problem(statusCode: 404, title: "The web form is turned off.");
        var typeCode = configuration.GetValue("Tickets:WebForm:TicketType", "inquiry")!;
        var language = request.Language ?? "zh-CN";
        if (await TicketTypeView.ByCodeAsync(await session.ConnectionAsync(ct), typeCode, null) is not { IsActive: true }) return Unavailable($"there is no active ticket type '{typeCode}'");
        // A known writer is learnt before the write (the Customers module reads on its own terms); a new one is added in
        // the ticket's transaction: one write turn for both, and a ticket that cannot be opened leaves no prospect behind.
        long customerId;
        CustomerSnapshot? learned;
        if (await mediator.Send(new FindRequester(request.Email, request.Phone), ct) is { } known)
        {
            (customerId, learned) = (known, await opener.CustomerToLearnAsync(known, ct));
            await session.BeginAsync(ct);
        }
        else
        {
            await session.BeginAsync(ct);
            var requester = await mediator.Send(new FindOrAddRequester(request.Name, request.Email, request.Phone, language, "webForm"), ct);
            (customerId, learned) = (requester.CustomerId, requester.Customer);
        }
        await opener.KeepCustomerAsync(learned, ct);
        var result = await opener.OpenAsync(new NewTicket(customerId, typeCode, TicketChannel.Web, null, null, request.Subject.Trim(),
            Describe(request), null), null, ct);
        if (result.Ticket is null)
        {
            await session.RollbackAsync(ct);
            return Unavailable(result.Error!);
        }
        await session.CommitAsync(ct);
        return TypedResults.Created((string?)null, new Receipt(result.Ticket.Number, uploads.Issue(result.Ticket.Id)));
    }

    /// <summary>Nothing the writer typed is wrong: the form is set up wrongly. The operator reads why in the log.</summary>
    private ProblemHttpResult Unavailable(string why)
    {
        Logger.LogError("The web form cannot open tickets: {Why} (Tickets:WebForm:TicketType)", why);
        return TypedResults.Problem(statusCode: 503, title: "The web form cannot take requests right now. Please call or e-mail us.");
    }

    /// <summary>What the writer typed, with who they said they are and where the form was, for the agent who reads it.</summary>
    private static string Describe(Request r)
    {
        var who = string.Join(" · ", new[] { r.Name.Trim(), r.Email?.Trim(), r.Phone?.Trim() }.Where(x => !string.IsNullOrEmpty(x)));
        var page = string.IsNullOrWhiteSpace(r.Page) ? "" : $"\n{r.Page.Trim()}";
        return $"{r.Description.Trim()}\n\n— {who}{page}";
    }
}
