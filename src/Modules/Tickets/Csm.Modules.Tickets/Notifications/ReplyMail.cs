using System.Globalization;

namespace Csm.Modules.Tickets.Notifications;

/// <summary>
/// A customer-visible reply as the e-mail the customer gets: the ticket number in the subject, threaded under the
/// ticket (every reply of a ticket answers "ticket-{id}"), a footer in the customer's language.
/// </summary>
internal static class ReplyMail
{
    public const string Module = "tickets";
    public const string Kind = "ticketReply";

    public static string Key(long ticketId) => BusinessKey.Of("ticket", ticketId);

    public static long? TicketOf(string businessKey) => BusinessKey.IdOf("ticket", businessKey);

    /// <summary>The thread's root id; the channel adds the sender's domain.</summary>
    public static string Thread(long ticketId) => "ticket-" + ticketId.ToString(CultureInfo.InvariantCulture);

    public static OutboundMessage Of(long ticketId, long commentId, string number, string subject, string body, string? email, string? language)
    {
        var chinese = language?.StartsWith("zh", StringComparison.OrdinalIgnoreCase) == true;
        var footer = chinese
            ? $"\n\n——\n直接回复此邮件即可，您的回复会记入工单 {number}。"
            : $"\n\n--\nReply to this e-mail; your answer is added to ticket {number}.";
        return new OutboundMessage(Module, Key(ticketId), Kind, OutboundChannels.Email, email, $"[{number}] {subject}", body + footer)
        {
            Language = language,
            MessageId = $"{Thread(ticketId)}-reply-{commentId.ToString(CultureInfo.InvariantCulture)}",
            InReplyTo = Thread(ticketId),
            References = Thread(ticketId),
            Unreachable = "the customer has no e-mail address",
        };
    }
}
