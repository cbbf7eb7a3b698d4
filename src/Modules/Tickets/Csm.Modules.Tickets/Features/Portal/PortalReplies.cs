using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Data;
using Csm.Modules.Tickets.Features.Intake;
using Microsoft.Extensions.Logging;

namespace Csm.Modules.Tickets.Features.Portal;

/// <summary>What became of a reply written in the portal.</summary>
internal enum PortalReplyOutcome
{
    /// <summary>Added to the ticket (a wait for the customer ended, if there was one).</summary>
    Added,
    /// <summary>The ticket was closed recently: it was reopened with the reply.</summary>
    Reopened,
    /// <summary>The ticket was closed too long ago: a new ticket quoting the old number was opened instead.</summary>
    NewTicket,
}

/// <summary>
/// The customer writes on one of their tickets in the portal: a customer reply (channel portal) through
/// <see cref="CustomerReplies"/>, so a wait ends and a recently closed ticket reopens; on a ticket closed longer ago than
/// <c>Tickets:Inbound:ReopenWithinDays</c> the words open a new ticket of the same type that quotes the old number.
/// </summary>
internal sealed class ReplyInPortal(DbSession session, CustomerReplies replies, TicketOpener opener)
    : Endpoint<ReplyInPortal.Request, Results<Created<ReplyInPortal.Receipt>, ValidationProblem, ProblemHttpResult>>
{
    public sealed record Request(string Body);

    /// <param name="TicketId">The ticket the words landed on: this one, the one it was merged into, or the new one.</param>
    public sealed record Receipt(PortalReplyOutcome Outcome, long TicketId, string Number);

    internal sealed class Validator : Validator<Request>
    {
        public Validator() => RuleFor(r => r.Body).NotEmpty().MaximumLength(20_000).Must(b => !string.IsNullOrWhiteSpace(b)).WithMessage("Write a few words.");
    }

    public override void Configure()
    {
        Post("tickets/{id:long}/replies");
        Group<PortalGroup>();
        Description(d => d
            .WithName("Portal_Reply")
            .WithSummary("Adds the customer's reply to one of their tickets; a ticket closed too long ago gets a new ticket quoting its number")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable));
    }

    public override async Task<Results<Created<Receipt>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var id = Route<long>("id");
        var customer = User.PortalCustomerId();
        var c = await session.ConnectionAsync(ct);
        if (await PortalTickets.OneAsync(c, id, customer) is null) return Problems.NotFound("Ticket", id);
        // A new ticket may be needed: the opener must know the customer before the transaction (it does, they have tickets).
        await opener.LearnCustomerAsync(customer, ct);
        await session.BeginAsync(ct);
        var body = request.Body.Trim();
        var result = await replies.AddAsync(id, body, User.PortalEmail(), "portal", ct);
        if (result.Outcome == ReplyOutcome.NotFound)
        {
            await session.RollbackAsync(ct);
            return Problems.NotFound("Ticket", id);
        }
        if (result.Outcome != ReplyOutcome.Closed)
        {
            await session.CommitAsync(ct);
            return Created(result.Outcome == ReplyOutcome.Reopened ? PortalReplyOutcome.Reopened : PortalReplyOutcome.Added, result.TicketId!.Value, result.Number!);
        }
        var old = (await TicketStore.ByIdAsync(c, result.TicketId!.Value, session.Transaction))!;
        var opened = await opener.OpenAsync(new NewTicket(customer, old.TypeCode, TicketChannel.Web, null, null, Subject(old),
            $"Follow-up to {old.Number} ({old.Subject}):\n\n{body}\n\n— {User.PortalEmail()}", null), null, ct);
        if (opened.Ticket is null)
        {
            await session.RollbackAsync(ct);
            Logger.LogError("A portal reply to the closed ticket {Number} could not open a new ticket: {Why}", old.Number, opened.Error);
            return TypedResults.Problem(statusCode: 503, title: "Your reply could not be recorded right now. Please call or e-mail us.");
        }
        await session.CommitAsync(ct);
        return Created(PortalReplyOutcome.NewTicket, opened.Ticket.Id, opened.Ticket.Number);
    }

    private static string Subject(TicketRow old)
    {
        var subject = $"{old.Number}: {old.Subject}";
        return subject.Length <= 300 ? subject : subject[..299] + "…";
    }

    private static Created<Receipt> Created(PortalReplyOutcome outcome, long ticketId, string number) =>
        TypedResults.Created($"/api/portal/tickets/{ticketId}", new Receipt(outcome, ticketId, number));
}
