using System.Security.Claims;
using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Sla;
using Csm.Modules.Tickets.Data;
using Csm.Modules.Tickets.Events;
using Csm.Modules.Tickets.Notifications;

namespace Csm.Modules.Tickets.Features.Tickets;

internal enum CommentVisibility { Internal, Customer }

/// <summary>An internal note or a reply the customer sees; the first reply stops the first-response clock.</summary>
internal sealed class AddComment(TicketChanges changes) : Endpoint<AddComment.Request, Results<Ok<TicketView>, ProblemHttpResult>>
{
    public sealed record Request(string Body, CommentVisibility Visibility, long Version);

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Body).NotEmpty().MaximumLength(20_000);
            RuleFor(r => r.Visibility).IsInEnum();
            RuleFor(r => r.Version).GreaterThan(0);
        }
    }

    public override void Configure()
    {
        Post("tickets/{id:long}/comments");
        Group<TicketsGroup>();
        Description(d => d
            .WithName("Tickets_AddComment")
            .WithSummary("Adds an internal note or a customer-visible reply to a ticket")
            .ChangesATicket());
    }

    public override Task<Results<Ok<TicketView>, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct) =>
        Handle(Route<long>("id"), request, changes, User, ct);

    /// <summary>Also what the demo seeder runs, without HTTP.</summary>
    internal static async Task<Results<Ok<TicketView>, ProblemHttpResult>> Handle(long id, Request request, TicketChanges changes, ClaimsPrincipal user, CancellationToken ct)
    {
        var (ticket, problem) = await changes.LoadAsync(id, request.Version, ct);
        if (ticket is null) return problem!;
        var actor = user.Identity?.Name;
        var now = changes.Now;
        var firstReply = request.Visibility == CommentVisibility.Customer && ticket.FirstRespondedAt is null && ticket.Kind != TicketKind.Task;
        var after = ticket;
        if (firstReply)
        {
            var calendar = await changes.Planner.CalendarAsync(ticket.CalendarId, ct);
            after = ticket with
            {
                FirstRespondedAt = now,
                FirstResponseBusinessMinutes = Math.Round(SlaClock.Elapsed(calendar, ticket.CreatedAt, now, ticket.PausedMinutes, ticket.PausedAt), 2),
            };
        }
        if (!await changes.SaveAsync(ticket, after, ct)) return await changes.StaleAsync(ticket, ct);
        var c = await changes.ConnectionAsync(ct);
        var commentId = await c.ExecuteScalarAsync<long>(changes.Dialect.InsertReturningId("tkt_comments", "ticket_id, body, visibility, author, created_at",
            "@Id, @Body, @Visibility, @Actor, @Now"), new { Id = id, request.Body, Visibility = EnumText.Of(request.Visibility), Actor = actor, Now = now },
            changes.Transaction);
        if (request.Visibility == CommentVisibility.Customer && ticket.Kind != TicketKind.Task)
        {
            // The customer hears back: the reply leaves by e-mail with this commit (or is recorded as failed, saying why).
            var customer = await CustomerReadModel.FindAsync(c, ticket.CustomerId, changes.Transaction);
            await changes.ToCustomer.QueueAsync(await TicketMail.ComposeAsync(changes.Templates, TicketMail.Reply, id, ticket.Number, ticket.Subject, customer,
                $"reply-{commentId.ToString(System.Globalization.CultureInfo.InvariantCulture)}", new Dictionary<string, string?> { ["reply"] = request.Body }, ct), ct);
        }
        await changes.HistoryAsync(id, actor, request.Visibility == CommentVisibility.Customer ? "replied" : "noted", null, ct);
        if (firstReply)
            await changes.Outbox.AddAsync(new TicketFirstResponded(id, ticket.CustomerId, now, after.FirstResponseBusinessMinutes!.Value), ct);
        return await changes.CommitAsync(id, ct);
    }
}
