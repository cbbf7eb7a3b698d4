using System.Security.Claims;
using Csm.Modules.Tickets.Data;

namespace Csm.Modules.Tickets.Features.Tickets;

/// <summary>Waiting for the customer pauses the SLA clocks; the wait's business minutes push every due time back.</summary>
internal sealed class WaitForCustomer(TicketChanges changes)
    : Endpoint<WaitForCustomer.Request, Results<Ok<TicketView>, ValidationProblem, ProblemHttpResult>>
{
    public sealed record Request(bool Waiting, long Version);

    internal sealed class Validator : Validator<Request>
    {
        public Validator() => RuleFor(r => r.Version).GreaterThan(0);
    }

    public override void Configure()
    {
        Put("tickets/{id:long}/waiting-for-customer");
        Group<TicketsGroup>();
        Description(d => d
            .WithName("Tickets_WaitForCustomer")
            .WithSummary("Starts (waiting: true) or ends (waiting: false) a wait for the customer, pausing the SLA clock")
            .ChangesATicket());
    }

    public override Task<Results<Ok<TicketView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct) =>
        Handle(Route<long>("id"), request, changes, User, ct);

    /// <summary>Also what the demo seeder runs, without HTTP.</summary>
    internal static async Task<Results<Ok<TicketView>, ValidationProblem, ProblemHttpResult>> Handle(long id, Request request, TicketChanges changes, ClaimsPrincipal user, CancellationToken ct)
    {
        var (ticket, problem) = await changes.LoadAsync(id, request.Version, ct);
        if (ticket is null) return problem!;
        var expected = request.Waiting ? TicketStatus.Open : TicketStatus.WaitingForCustomer;
        if (ticket.Status != expected)
            return await changes.InvalidAsync("waiting", $"The ticket is {ticket.Status}; it cannot {(request.Waiting ? "start" : "end")} a wait for the customer.", ct);
        var now = changes.Now;
        TicketRow after;
        if (request.Waiting)
        {
            after = ticket with { Status = TicketStatus.WaitingForCustomer, PausedAt = now };
        }
        else
        {
            var calendar = await changes.Planner.CalendarAsync(ticket.CalendarId, ct);
            after = ticket with
            {
                Status = TicketStatus.Open, PausedAt = null,
                PausedMinutes = ticket.PausedMinutes + calendar.BusinessMinutesBetween(ticket.PausedAt!.Value, now),
            };
        }
        if (!await changes.SaveAsync(ticket, after, ct)) return await changes.StaleAsync(ticket, ct);
        await changes.HistoryAsync(id, user.Identity?.Name, request.Waiting ? "waitingForCustomer" : "resumed",
            request.Waiting ? null : new { pausedBusinessMinutes = after.PausedMinutes - ticket.PausedMinutes }, ct);
        return await changes.CommitAsync(id, ct);
    }
}
