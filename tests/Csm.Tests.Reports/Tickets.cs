using Csm.Modules.Tickets.Contracts;

namespace Csm.Tests.Reports;

/// <summary>Ticket events as the Tickets module would publish them, for the service and closed-loop tests.</summary>
internal static class Tickets
{
    public static TicketCreated Created(long id, DateTimeOffset at, string? team = "north", string? assignee = "li",
        TicketKind kind = TicketKind.Repair, TicketChannel channel = TicketChannel.Email, string stage = "accept", long customerId = 1) =>
        new(id, $"T-{id}", customerId, kind.ToString().ToLowerInvariant(), kind, channel, TicketPriority.Normal, "subject", assignee, team, stage, at, at.AddDays(2));

    public static TicketResolved Resolved(TicketCreated t, DateTimeOffset at, double minutes, bool slaMet = true, bool wasReopened = false,
        double? firstResponseMinutes = null, string? assignee = null, string? source = null, string? outcome = null) =>
        new(t.TicketId, t.Number, t.CustomerId, t.TypeCode, t.Kind, t.Priority, t.Channel, assignee ?? t.Assignee, t.Team, t.CreatedAt, at,
            firstResponseMinutes, minutes, slaMet, wasReopened, source, outcome);
}
