using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Data;
using Csm.Modules.Tickets.Notifications;
using Csm.Modules.Tickets.Workflows;
using Microsoft.Extensions.Configuration;

namespace Csm.Modules.Tickets.Features.Intake;

/// <summary>What became of a customer's reply.</summary>
internal enum ReplyOutcome
{
    /// <summary>Added to the open ticket.</summary>
    Added,
    /// <summary>The ticket was waiting for the customer: the wait ended (the SLA clock runs again) and the reply was added.</summary>
    Resumed,
    /// <summary>The ticket was closed within the reopen window: it was reopened and the reply added.</summary>
    Reopened,
    /// <summary>
    /// The ticket was closed longer ago than the reopen window, or its workflow cannot reopen: nothing was written; the
    /// channel opens a new ticket that quotes the old number.
    /// </summary>
    Closed,
    /// <summary>No such ticket: nothing was written.</summary>
    NotFound,
}

/// <param name="TicketId">The ticket the reply landed on: the one asked for, or the one it was merged into.</param>
internal sealed record CustomerReplyResult(ReplyOutcome Outcome, long? TicketId, string? Number);

/// <summary>
/// A customer writing on one of their tickets through any channel (e-mail, portal, WeChat): the words become a reply
/// marked as the customer's (<c>tkt_comments.inbound_channel</c>), a wait for the customer ends, a ticket closed within
/// <c>Tickets:Inbound:ReopenWithinDays</c> (default 14) reopens along its workflow's reopen transition, and the ticket's
/// owner hears of it in the bell. Runs inside the caller's open transaction, so that the channel's own record of the
/// message (the key that makes a message count once) lands together with the reply or not at all.
/// </summary>
internal sealed class CustomerReplies(TicketChanges changes, IConfiguration configuration)
{
    /// <param name="author">Who wrote, as the channel knows them (an e-mail address, a name): shown beside the reply.</param>
    /// <param name="channel">email, portal, wechat, wecom: where the reply came from.</param>
    public async Task<CustomerReplyResult> AddAsync(long ticketId, string body, string author, string channel, CancellationToken ct)
    {
        var c = await changes.ConnectionAsync(ct);
        for (var attempt = 0; ; attempt++)
        {
            var ticket = await TicketStore.ByIdAsync(c, ticketId, changes.Transaction);
            // A merged duplicate is closed and points at the ticket the work goes on in: the reply belongs there.
            for (var hops = 0; ticket?.MergedIntoId is { } into && hops < 5; hops++) ticket = await TicketStore.ByIdAsync(c, into, changes.Transaction);
            if (ticket is null) return new(ReplyOutcome.NotFound, null, null);

            var (after, outcome) = await NextStateAsync(ticket, ct);
            if (after is null) return new(ReplyOutcome.Closed, ticket.Id, ticket.Number);
            if (!ReferenceEquals(after, ticket) && !await changes.SaveAsync(ticket, after, ct))
            {
                // Someone changed the ticket between the read and the write (a server engine, two hosts): read it again.
                if (attempt < 3) continue;
                throw new InvalidOperationException($"Ticket {ticket.Id} kept changing while a customer's reply was added.");
            }
            if (ReferenceEquals(after, ticket)) await TouchAsync(c, ticket, ct);
            await WriteAsync(c, ticket, after, outcome, body, author, channel, ct);
            return new(outcome, ticket.Id, ticket.Number);
        }
    }

    /// <summary>The ticket after the reply: the same row when only the reply is added; null when it cannot take one.</summary>
    private async Task<(TicketRow? After, ReplyOutcome Outcome)> NextStateAsync(TicketRow ticket, CancellationToken ct)
    {
        var now = changes.Now;
        switch (ticket.Status)
        {
            case TicketStatus.WaitingForCustomer:
            {
                var calendar = await changes.Planner.CalendarAsync(ticket.CalendarId, ct);
                return (ticket with
                {
                    Status = TicketStatus.Open, PausedAt = null,
                    PausedMinutes = ticket.PausedMinutes + calendar.BusinessMinutesBetween(ticket.PausedAt ?? now, now),
                }, ReplyOutcome.Resumed);
            }
            case TicketStatus.Closed:
            {
                var window = TimeSpan.FromDays(configuration.GetValue("Tickets:Inbound:ReopenWithinDays", 14.0));
                if (ticket.ResolvedAt is { } resolved && now - resolved > window) return (null, ReplyOutcome.Closed);
                var workflow = (await WorkflowStore.ByIdAsync(await changes.ConnectionAsync(ct), ticket.WorkflowId, changes.Transaction))!.Parsed;
                var back = workflow.From(ticket.Stage, reopen: true).FirstOrDefault();
                if (back is null) return (null, ReplyOutcome.Closed);
                var calendar = await changes.Planner.CalendarAsync(ticket.CalendarId, ct);
                return (Tickets.ReopenTicket.After(ticket, back.To, calendar, now), ReplyOutcome.Reopened);
            }
            default:
                return (ticket, ReplyOutcome.Added);
        }
    }

    /// <summary>Only a reply: the version still moves, so an agent's open page learns that the ticket changed.</summary>
    private async Task TouchAsync(System.Data.Common.DbConnection c, TicketRow ticket, CancellationToken ct) =>
        await c.ExecuteAsync("UPDATE tkt_tickets SET updated_at = @Now, version = version + 1 WHERE id = @Id",
            new { changes.Now, ticket.Id }, changes.Transaction);

    private async Task WriteAsync(System.Data.Common.DbConnection c, TicketRow ticket, TicketRow after, ReplyOutcome outcome,
        string body, string author, string channel, CancellationToken ct)
    {
        var now = changes.Now;
        await c.ExecuteAsync(
            "INSERT INTO tkt_comments (ticket_id, body, visibility, author, created_at, inbound_channel) VALUES (@Id, @Body, @Visibility, @Author, @Now, @Channel)",
            new { ticket.Id, Body = body, Visibility = EnumText.Of(Tickets.CommentVisibility.Customer), Author = author, Now = now, Channel = channel },
            changes.Transaction);
        var actor = $"customer:{ticket.CustomerId.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        if (outcome == ReplyOutcome.Resumed)
            await changes.HistoryAsync(ticket.Id, actor, "resumed", new { pausedBusinessMinutes = after.PausedMinutes - ticket.PausedMinutes, channel }, ct);
        if (outcome == ReplyOutcome.Reopened)
        {
            await changes.HistoryAsync(ticket.Id, actor, "reopened", new { from = ticket.Stage, to = after.Stage, reason = "The customer wrote again.", channel }, ct);
            await changes.Outbox.AddAsync(new TicketReopened(ticket.Id, ticket.CustomerId, after.Stage, actor), ct);
        }
        await changes.HistoryAsync(ticket.Id, actor, "customerReplied", new { channel, author }, ct);
        if (ticket.Assignee is { } owner)
            await Notices.WriteAsync(c, changes.Transaction, changes.Dialect,
                [new Notice(owner, ticket.Id, NotificationKind.CustomerReplied, Reason: Excerpt(body))], now);
    }

    private static string Excerpt(string body) => body.Length <= 140 ? body : body[..139] + "…";
}
