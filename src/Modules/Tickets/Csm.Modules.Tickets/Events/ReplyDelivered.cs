using Csm.Modules.Tickets.Data;
using Csm.Modules.Tickets.Notifications;
using MediatR;

namespace Csm.Modules.Tickets.Events;

/// <summary>The e-mail of a reply reached the customer's server, or could not: the ticket's history says which, with the server's words.</summary>
internal sealed class ReplyDelivered(DbSession session) : INotificationHandler<OutboundMessageSettled>
{
    public async Task Handle(OutboundMessageSettled e, CancellationToken ct)
    {
        if (e.Module != ReplyMail.Module || e.Kind != ReplyMail.Kind || ReplyMail.TicketOf(e.BusinessKey) is not { } ticketId) return;
        await TicketStore.AddHistoryAsync(await session.ConnectionAsync(ct), session.Transaction, ticketId, e.OccurredAt, null,
            e.Delivered ? "emailed" : "emailFailed", new { message = e.MessageId, status = e.Status, reply = e.Reply, error = e.Error });
    }
}
