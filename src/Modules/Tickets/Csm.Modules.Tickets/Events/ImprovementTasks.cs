using Csm.BuildingBlocks.Auth;
using Csm.Modules.Reports.Contracts;
using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Data;
using Csm.Modules.Tickets.Sla;
using MediatR;

namespace Csm.Modules.Tickets.Events;

/// <summary>
/// An improvement plan's action becomes a task for its owner, due at the end of its due date in the default business
/// calendar: about its customer, or about no customer (<see cref="TicketsContracts.NoCustomer"/>) when it names none. One task per action (its source), so a redelivered or repeated request opens nothing new.
/// </summary>
internal sealed class ImprovementTasks(DbSession session, TicketOpener opener, SlaPlanner planner, IStaffDirectory staff, TimeProvider clock)
    : INotificationHandler<ImprovementActionPlanned>
{
    public async Task Handle(ImprovementActionPlanned e, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        var tx = session.Transaction;
        if (e.CustomerId is { } customerId)
        {
            var customer = await CustomerReadModel.FindAsync(c, customerId, tx)
                // Thrown so the outbox retries: the customer's own event has not arrived yet.
                ?? throw new InvalidOperationException($"Customer {customerId} is not known to Tickets yet.");
            if (customer.IsErased) return;
        }
        var calendar = await planner.CalendarAsync(null, ct);
        var now = clock.GetUtcNow();
        var endOfDay = new DateTimeOffset(e.DueOn.AddDays(1).ToDateTime(TimeOnly.MinValue), calendar.Zone.GetUtcOffset(e.DueOn.AddDays(1).ToDateTime(TimeOnly.MinValue)));
        var hours = Math.Max(1, calendar.BusinessMinutesBetween(now, endOfDay) / 60);
        var assignment = await staff.ExistsAsync(c, tx, e.Owner) ? new AssignmentRequest(AssignmentMode.Person, e.Owner, null) : null;
        var subject = $"{e.Title} ({e.PlanTitle})";
        var result = await opener.OpenAsync(new NewTicket(e.CustomerId ?? TicketsContracts.NoCustomer, "task", TicketChannel.Api, null, "improvement",
            subject.Length > 300 ? subject[..300] : subject, $"An action of improvement plan #{e.PlanId} \"{e.PlanTitle}\", due {e.DueOn:yyyy-MM-dd}.",
            assignment, ImprovementActionPlanned.SourcePrefix + e.ActionId, hours), "system", ct);
        if (result.Ticket is null) throw new InvalidOperationException($"Could not open the improvement task: {result.Field}: {result.Error}");
    }
}
