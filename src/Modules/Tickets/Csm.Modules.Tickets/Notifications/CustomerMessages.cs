using Csm.BuildingBlocks.Outbound;

namespace Csm.Modules.Tickets.Notifications;

/// <summary>
/// What the service team sends a customer about a ticket (the acknowledgement, replies, the solved notice) leaves the way
/// the customer came: a ticket opened from WeChat or WeCom is answered there, to the sender, as text; any other by e-mail.
/// </summary>
internal sealed class CustomerMessages(DbSession session, OutboundQueue outbound)
{
    public async Task QueueAsync(OutboundMessage message, CancellationToken ct)
    {
        if (BusinessKey.IdOf("ticket", message.BusinessKey) is { } ticketId)
        {
            var c = await session.ConnectionAsync(ct);
            var t = await c.QuerySingleOrDefaultAsync<Thread>(
                "SELECT platform AS Platform, open_id AS OpenId FROM tkt_wechat_threads WHERE ticket_id = @Id", new { Id = ticketId }, session.Transaction);
            if (t is not null)
                message = message with
                {
                    Channel = t.Platform, Recipient = t.OpenId, Subject = null, Html = null, MessageId = null, InReplyTo = null, References = null,
                };
        }
        await outbound.QueueAsync(message, ct);
    }

    private sealed record Thread(string Platform, string OpenId);
}
