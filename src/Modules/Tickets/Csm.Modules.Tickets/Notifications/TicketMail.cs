using System.Globalization;
using Csm.BuildingBlocks.Templates;
using Csm.Modules.Tickets.Events;

namespace Csm.Modules.Tickets.Notifications;

/// <summary>
/// The e-mails a customer gets about their ticket: the acknowledgement when it is opened, each customer-visible reply,
/// and the notice that it is solved; in the customer's language, with the ticket number in the subject, threaded under
/// the ticket (the acknowledgement is the thread's first message, "ticket-{id}"; every later one answers it). The texts
/// are templates managers may rewrite.
/// </summary>
internal static class TicketMail
{
    public const string Module = "tickets";
    public const string Acknowledgement = "ticketAcknowledgement";
    public const string Reply = "ticketReply";
    public const string Solved = "ticketSolved";

    private static readonly string[] Common = ["customerName", "ticketNumber", "ticketSubject"];

    public static readonly MessageKind[] Kinds =
    [
        new(Acknowledgement, Module, Common,
            new("[{{ticketNumber}}] 我们已收到您的请求：{{ticketSubject}}",
                "尊敬的 {{customerName}}：\n\n我们已收到您的服务请求，工单号 {{ticketNumber}}。负责的同事会尽快与您联系。\n\n如需补充信息，直接回复此邮件即可。"),
            new("[{{ticketNumber}}] We have your request: {{ticketSubject}}",
                "Dear {{customerName}},\n\nwe have received your request; its number is {{ticketNumber}}. The colleague in charge will be in touch soon.\n\nTo add anything, reply to this e-mail.")),
        new(Reply, Module, [.. Common, "reply"],
            new("[{{ticketNumber}}] {{ticketSubject}}", "{{reply}}\n\n——\n直接回复此邮件即可，您的回复会记入工单 {{ticketNumber}}。"),
            new("[{{ticketNumber}}] {{ticketSubject}}", "{{reply}}\n\n--\nReply to this e-mail; your answer is added to ticket {{ticketNumber}}.")),
        new(Solved, Module, Common,
            new("[{{ticketNumber}}] 已解决：{{ticketSubject}}",
                "尊敬的 {{customerName}}：\n\n您的工单 {{ticketNumber}}（{{ticketSubject}}）已处理完毕。感谢您的耐心。\n\n如果问题仍然存在，请直接回复此邮件告诉我们。"),
            new("[{{ticketNumber}}] Solved: {{ticketSubject}}",
                "Dear {{customerName}},\n\nyour ticket {{ticketNumber}} ({{ticketSubject}}) is solved. Thank you for your patience.\n\nIf the problem is still there, reply to this e-mail and tell us.")),
    ];

    public static string Key(long ticketId) => BusinessKey.Of("ticket", ticketId);

    public static long? TicketOf(string businessKey) => BusinessKey.IdOf("ticket", businessKey);

    /// <summary>The thread's root id; the channel adds the sender's domain.</summary>
    public static string Thread(long ticketId) => "ticket-" + ticketId.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// One e-mail of <paramref name="kind"/> about a ticket to its customer (nobody, recorded as failed, when the
    /// customer has no address or was erased). <paramref name="part"/> makes its Message-ID unique in the thread.
    /// </summary>
    public static async Task<OutboundMessage> ComposeAsync(MessageTemplates templates, string kind, long ticketId, string number, string subject,
        KnownCustomer? customer, string? part, IReadOnlyDictionary<string, string?>? more, CancellationToken ct)
    {
        var language = customer?.Language;
        var text = await templates.TextAsync(kind, language, ct);
        var values = new Dictionary<string, string?>
        {
            ["customerName"] = customer?.Name, ["ticketNumber"] = number, ["ticketSubject"] = subject,
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>()) values[key] = value;
        var thread = Thread(ticketId);
        return new OutboundMessage(Module, Key(ticketId), kind, OutboundChannels.Email, customer is { IsErased: false } ? customer.Email : null,
            Placeholders.Render(text.Subject, values), Placeholders.Render(text.Body, values))
        {
            Language = language,
            MessageId = part is null ? thread : $"{thread}-{part}",
            InReplyTo = part is null ? null : thread,
            References = part is null ? null : thread,
            Unreachable = "the customer has no e-mail address",
        };
    }
}
