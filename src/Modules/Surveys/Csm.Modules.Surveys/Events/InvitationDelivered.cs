using Csm.Modules.Surveys.Contracts;
using Csm.Modules.Surveys.Delivery;
using MediatR;

namespace Csm.Modules.Surveys.Events;

/// <summary>An invitation's e-mail or SMS reached a server: the invitation is sent, and the other modules hear of it.</summary>
internal sealed class InvitationDelivered(DbSession session, Outbox outbox) : INotificationHandler<OutboundMessageSettled>
{
    private sealed record Invitation(long Id, long SurveyId, long? CustomerId, long? TicketId, string Channel);

    public async Task Handle(OutboundMessageSettled e, CancellationToken ct)
    {
        if (e.Module != SurveyMessages.Module || e.Kind != SurveyMessages.Invitation || !e.Delivered) return;
        if (SurveyMessages.InvitationOf(e.BusinessKey) is not { } id) return;
        var c = await session.ConnectionAsync(ct);
        var sent = await c.ExecuteAsync("UPDATE srv_invitations SET status = 'sent', sent_at = @At WHERE id = @Id AND status = 'queued'",
            new { Id = id, At = e.OccurredAt }, session.Transaction);
        if (sent == 0) return;
        var i = await c.QuerySingleAsync<Invitation>(
            "SELECT id, survey_id AS SurveyId, customer_id AS CustomerId, ticket_id AS TicketId, channel FROM srv_invitations WHERE id = @Id",
            new { Id = id }, session.Transaction);
        await outbox.AddAsync(new SurveySent(i.Id, i.SurveyId, i.CustomerId, i.TicketId, i.Channel), ct);
    }
}
