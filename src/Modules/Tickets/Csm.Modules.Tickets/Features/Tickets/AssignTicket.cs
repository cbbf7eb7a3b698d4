using System.Security.Claims;
using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Data;

namespace Csm.Modules.Tickets.Features.Tickets;

internal sealed class AssignTicket(TicketChanges changes)
    : Endpoint<AssignTicket.Request, Results<Ok<TicketView>, ValidationProblem, ProblemHttpResult>>
{
    public sealed record Request(AssignmentMode Mode, string? Assignee, string? Team, long Version);

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Mode).IsInEnum();
            RuleFor(r => r.Assignee).NotEmpty().When(r => r.Mode == AssignmentMode.Person).MaximumLength(100);
            RuleFor(r => r.Team).NotEmpty().When(r => r.Mode == AssignmentMode.RoundRobin).MaximumLength(100);
            RuleFor(r => r.Version).GreaterThan(0);
        }
    }

    public override void Configure()
    {
        Put("tickets/{id:long}/assignment");
        Group<TicketsGroup>();
        Description(d => d
            .WithName("Tickets_Assign")
            .WithSummary("Assigns a ticket to a person, to the next agent of a team (round robin) or to the customer's account manager")
            .ChangesATicket());
    }

    public override Task<Results<Ok<TicketView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct) =>
        Handle(Route<long>("id"), request, changes, User, ct);

    /// <summary>Also what a bulk assignment runs for each ticket.</summary>
    internal static async Task<Results<Ok<TicketView>, ValidationProblem, ProblemHttpResult>> Handle(long id, Request request, TicketChanges changes, ClaimsPrincipal user, CancellationToken ct)
    {
        var (ticket, problem) = await changes.LoadAsync(id, request.Version, ct);
        if (ticket is null) return problem!;
        var (owner, field, error) = await Assignment.ResolveAsync(changes.Staff, await changes.ConnectionAsync(ct), changes.Transaction,
            new AssignmentRequest(request.Mode, request.Assignee, request.Team), ticket.CustomerId, field: "");
        if (owner is null) return await changes.InvalidAsync(field!.TrimStart('.'), error!, ct);
        if (!await changes.SaveAsync(ticket, ticket with { Assignee = owner.Assignee, Team = owner.Team }, ct)) return await changes.StaleAsync(ticket, ct);
        await changes.HistoryAsync(id, user.Identity?.Name, "assigned", new { from = ticket.Assignee, to = owner.Assignee, team = owner.Team, mode = request.Mode.ToString() }, ct);
        await changes.Outbox.AddAsync(new TicketAssigned(id, ticket.CustomerId, owner.Assignee, owner.Team, ticket.Assignee), ct);
        return await changes.CommitAsync(id, ct);
    }
}
