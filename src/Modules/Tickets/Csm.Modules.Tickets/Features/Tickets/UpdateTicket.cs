using System.Security.Claims;
using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Data;

namespace Csm.Modules.Tickets.Features.Tickets;

/// <summary>Corrects what a ticket is about. A new priority may fall under another SLA policy: its due times are recomputed.</summary>
internal sealed class UpdateTicket(TicketChanges changes)
    : Endpoint<UpdateTicket.Request, Results<Ok<TicketView>, ProblemHttpResult>>
{
    public sealed record Request(TicketPriority Priority, string? Category, string Subject, string? Description, long Version);

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Priority).IsInEnum();
            RuleFor(r => r.Category).MaximumLength(100);
            RuleFor(r => r.Subject).NotEmpty().MaximumLength(300);
            RuleFor(r => r.Description).MaximumLength(20_000);
            RuleFor(r => r.Version).GreaterThan(0);
        }
    }

    public override void Configure()
    {
        Put("tickets/{id:long}");
        Group<TicketsGroup>();
        Description(d => d
            .WithName("Tickets_Update")
            .WithSummary("Changes a ticket's priority, category, subject or description")
            .ChangesATicket());
    }

    public override Task<Results<Ok<TicketView>, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct) =>
        Handle(Route<long>("id"), request, changes, User, ct);

    /// <summary>Also what a bulk priority change runs for each ticket.</summary>
    internal static async Task<Results<Ok<TicketView>, ProblemHttpResult>> Handle(long id, Request request, TicketChanges changes, ClaimsPrincipal user, CancellationToken ct)
    {
        var (ticket, problem) = await changes.LoadAsync(id, request.Version, ct);
        if (ticket is null) return problem!;
        var after = ticket with { Priority = request.Priority, Category = request.Category, Subject = request.Subject, Description = request.Description };
        if (!await changes.SaveAsync(ticket, after, ct)) return await changes.StaleAsync(ticket, ct);
        if (after.Priority != ticket.Priority && ticket.Kind != TicketKind.Task)
            await changes.Planner.RecomputeOpenTicketsAsync("id = @Id", new { Id = id }, ct);
        await changes.HistoryAsync(id, user.Identity?.Name, "updated",
            new { priorityFrom = ticket.Priority.ToString(), priorityTo = after.Priority.ToString(), request.Category, request.Subject }, ct);
        return await changes.CommitAsync(id, ct);
    }
}
