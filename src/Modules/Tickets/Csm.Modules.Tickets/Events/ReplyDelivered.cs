using Csm.Modules.Tickets.Data;
using Csm.Modules.Tickets.Notifications;
using MediatR;

namespace Csm.Modules.Tickets.Events;

/// <summary>An e-mail about a ticket (acknowledgement, reply, solved) reached the customer's server, or could not: the ticket's history says which, with the server's words.</summary>
internal sealed class ReplyDelivered(DbSession session) : INotificationHandler<OutboundMessageSettled>
{
    public async Task Handle(OutboundMessageSettled e, CancellationToken ct)
    {
        if (e.Module != TicketMail.Module || !TicketMail.Kinds.Any(k => k.Name == e.Kind) || TicketMail.TicketOf(e.BusinessKey) is not { } ticketId) return;
        await TicketStore.AddHistoryAsync(await session.ConnectionAsync(ct), session.Transaction, ticketId, e.OccurredAt, null,
            e.Delivered ? "emailed" : "emailFailed", new { message = e.MessageId, kind = e.Kind, status = e.Status, reply = e.Reply, error = e.Error });
    }
}
