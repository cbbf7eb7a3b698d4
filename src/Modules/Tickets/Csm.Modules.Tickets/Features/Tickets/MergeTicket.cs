using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Attachments;
using Csm.Modules.Tickets.Data;
using Csm.Modules.Tickets.Workflows;

namespace Csm.Modules.Tickets.Features.Tickets;

/// <summary>
/// Merges a duplicate into the ticket that goes on: the duplicate's comments and attachments are copied there marked with
/// where they came from (an attachment's bytes are not copied: both rows name one blob), both histories say what happened, and the duplicate is closed pointing at the other (no solved e-mail, no survey:
/// nothing was solved). Only an open ticket of the same customer takes a merge.
/// </summary>
internal sealed class MergeTicket(TicketChanges changes, AuditTrail audit)
    : Endpoint<MergeTicket.Request, Results<Ok<TicketView>, ValidationProblem, ProblemHttpResult>>
{
    /// <param name="Into">The ticket that goes on.</param>
    /// <param name="Version">The duplicate's version, as read.</param>
    public sealed record Request(long Into, long Version, string? Reason);

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Into).GreaterThan(0);
            RuleFor(r => r.Version).GreaterThan(0);
            RuleFor(r => r.Reason).MaximumLength(2000);
        }
    }

    public override void Configure()
    {
        Post("tickets/{id:long}/merge");
        Group<TicketsGroup>();
        Description(d => d
            .WithName("Tickets_Merge")
            .WithSummary("Merges this ticket (a duplicate) into another open ticket of the same customer")
            .WithDescription("Answers the duplicate, now closed, with `links.mergedInto`. 400 naming `into` for the ticket itself, an unknown ticket, " +
                             "a closed one or one of another customer; 403 when the caller may not move the duplicate out of its stage.")
            .ChangesATicket());
    }

    public override async Task<Results<Ok<TicketView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var id = Route<long>("id");
        var user = User;
        if (request.Into == id) return Problems.Invalid("into", "A ticket cannot be merged into itself.");
        var (ticket, problem) = await changes.LoadAsync(id, request.Version, ct);
        if (ticket is null) return problem!;
        var c = await changes.ConnectionAsync(ct);
        var tx = changes.Transaction;
        if (ticket.Status == TicketStatus.Closed)
            return await changes.InvalidAsync("id", ticket.MergedIntoId is { } already ? $"This ticket was already merged into ticket {already}." : "A closed ticket cannot be merged.", ct);
        var workflow = (await WorkflowStore.ByIdAsync(c, ticket.WorkflowId, tx))!.Parsed;
        if (workflow.Stage(ticket.Stage) is { } stage && StageOwnership.Refusal(stage, ticket, user) is { } notYours)
            return TypedResults.Problem(notYours, statusCode: StatusCodes.Status403Forbidden, title: "Not the stage's owner");
        var into = await TicketStore.ByIdAsync(c, request.Into, tx);
        if (into is null) return await changes.InvalidAsync("into", $"Ticket {request.Into} does not exist.", ct);
        if (into.CustomerId != ticket.CustomerId)
            return await changes.InvalidAsync("into", $"Ticket {into.Number} is another customer's; only a duplicate of the same customer's ticket can be merged.", ct);
        if (into.Status == TicketStatus.Closed)
            return await changes.InvalidAsync("into", $"Ticket {into.Number} is closed; reopen it first or merge the other way.", ct);

        var now = changes.Now;
        var after = ticket with { Status = TicketStatus.Closed, ResolvedAt = now, PausedAt = null };
        if (!await changes.SaveAsync(ticket, after, ct)) return await changes.StaleAsync(ticket, ct);
        await c.ExecuteAsync("UPDATE tkt_tickets SET merged_into_id = @Into WHERE id = @Id", new { Into = into.Id, Id = id }, tx);
        var copied = await c.ExecuteAsync(
            """
            INSERT INTO tkt_comments (ticket_id, body, visibility, author, created_at, merged_from_id, inbound_channel)
            SELECT @Into, body, visibility, author, created_at, @Id, inbound_channel FROM tkt_comments WHERE ticket_id = @Id ORDER BY id
            """, new { Into = into.Id, Id = id }, tx);
        var attachments = await AttachmentStore.CopyForMergeAsync(c, tx, id, into.Id);
        // The ticket that goes on changed too: whoever holds it open in a page reloads before changing it.
        await c.ExecuteAsync("UPDATE tkt_tickets SET version = version + 1, updated_at = @Now WHERE id = @Into", new { Into = into.Id, Now = now }, tx);

        var actor = user.Identity?.Name;
        await changes.HistoryAsync(id, actor, "mergedInto", new { ticket = into.Id, number = into.Number, request.Reason }, ct);
        await changes.HistoryAsync(into.Id, actor, "mergedFrom", new { ticket = id, number = ticket.Number, comments = copied, attachments, request.Reason }, ct);
        await changes.Outbox.AddAsync(new TicketClosed(id, ticket.CustomerId, now), ct);
        await audit.RecordAsync("tickets", "ticket.merged", "ticket", id, new { ticket.Number, ticket.Status },
            new { mergedInto = into.Id, into = into.Number, comments = copied, attachments, request.Reason }, ct);
        return await changes.CommitAsync(id, ct);
    }
}
