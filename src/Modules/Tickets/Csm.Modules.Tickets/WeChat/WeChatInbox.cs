using System.Xml;
using System.Xml.Linq;
using Csm.Modules.Customers.Contracts;
using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Data;
using Csm.Modules.Tickets.Features.Intake;
using Csm.Modules.Tickets.Notifications;
using MediatR;

namespace Csm.Modules.Tickets.WeChat;

/// <summary>A message as the platform posts it (the decrypted XML in the encrypted mode).</summary>
/// <param name="From">The sender: an OpenID on an Official Account, a UserID on WeCom.</param>
internal sealed record WeChatMessage(string From, string MsgType, string? Content, string? MsgId, long CreateTime, string? PicUrl, string? Recognition)
{
    /// <summary>The message's fields, or null when the XML is not a platform message (no sender or type).</summary>
    public static WeChatMessage? Parse(string xml)
    {
        if (Load(xml) is not { } root) return null;
        string? Field(string name) => root.Element(name)?.Value is { Length: > 0 } v ? v.Trim() : null;
        if (Field("FromUserName") is not { } from || Field("MsgType") is not { } type) return null;
        return new WeChatMessage(from, type, root.Element("Content")?.Value, Field("MsgId"),
            long.TryParse(Field("CreateTime"), out var created) ? created : 0, Field("PicUrl"), Field("Recognition"));
    }

    /// <summary>The platform's XML, read without DTDs or external entities; null when it is not XML.</summary>
    public static XElement? Load(string xml)
    {
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml),
                new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 1_000_000 });
            return XElement.Load(reader);
        }
        catch (XmlException) { return null; }
    }

    /// <summary>What the customer said, as an agent reads it; null for what is not a message from a person (events).</summary>
    public string? Text => MsgType switch
    {
        "text" => string.IsNullOrWhiteSpace(Content) ? null : Content.Trim(),
        "image" => $"[图片 image] {PicUrl}".TrimEnd(),
        "voice" => string.IsNullOrWhiteSpace(Recognition) ? "[语音 voice]" : $"[语音 voice] {Recognition.Trim()}",
        "video" or "shortvideo" => "[视频 video]",
        "location" => "[位置 location]",
        "link" => "[链接 link]",
        _ => null,
    };

    /// <summary>The platform's id of the message; events and messages without one are keyed by sender and time, as the platform advises.</summary>
    public string Key => MsgId ?? $"{From}@{CreateTime}";
}

/// <summary>What became of a message: opened a ticket, added to one, already taken, or not a message for a ticket.</summary>
internal enum WeChatOutcome { Opened, Replied, Duplicate, Ignored }

internal sealed record WeChatReceipt(WeChatOutcome Outcome, string? TicketNumber = null);

/// <summary>
/// A message from WeChat or WeCom becomes a ticket, or a reply on the sender's latest WeChat ticket. The sender is the
/// customer linked to their OpenID (UserID); a first-time sender becomes a prospect tagged for review, whom staff link to
/// the right customer. The platform retries a message it got no answer to within five seconds: the MsgId is written first
/// in the same transaction as the ticket or reply, so a retry (or a second host) finds it and writes nothing.
/// </summary>
internal sealed class WeChatInbox(DbSession session, TicketOpener opener, CustomerReplies replies, CustomerMessages toCustomer,
    BuildingBlocks.Templates.MessageTemplates templates, IMediator mediator, TimeProvider clock)
{
    public async Task<WeChatReceipt> ReceiveAsync(WeChatAccount account, WeChatMessage message, CancellationToken ct)
    {
        if (message.Text is not { } text) return new(WeChatOutcome.Ignored);
        var platform = account.Platform;
        var c = await session.ConnectionAsync(ct);
        if (await SeenAsync(c, platform, message.Key, null)) return new(WeChatOutcome.Duplicate);
        var customerId = await FollowerAsync(c, platform, message.From, ct);
        var learned = await opener.CustomerToLearnAsync(customerId, ct);

        var tx = await session.BeginAsync(ct);
        await opener.KeepCustomerAsync(learned, ct);
        try
        {
            if (await SeenAsync(c, platform, message.Key, tx))
            {
                await session.RollbackAsync(ct);
                return new(WeChatOutcome.Duplicate);
            }
            await c.ExecuteAsync("INSERT INTO tkt_wechat_messages (platform, msg_id, open_id, ticket_id, received_at) VALUES (@Platform, @Key, @From, NULL, @Now)",
                new { Platform = platform, message.Key, message.From, Now = clock.GetUtcNow() }, tx);
        }
        catch (Exception e) when (session.Dialect.IsUniqueViolation(e))
        {
            await session.RollbackAsync(ct);
            return new(WeChatOutcome.Duplicate);
        }

        var latest = await c.ExecuteScalarAsync<long?>("SELECT MAX(ticket_id) FROM tkt_wechat_threads WHERE platform = @Platform AND open_id = @From",
            new { Platform = platform, message.From }, tx);
        string? follows = null;
        if (latest is { } ticketId)
        {
            var reply = await replies.AddAsync(ticketId, text, $"{platform}:{message.From}", platform, ct);
            if (reply.Outcome is ReplyOutcome.Added or ReplyOutcome.Resumed or ReplyOutcome.Reopened)
                return await DoneAsync(c, platform, message, reply.TicketId!.Value, new(WeChatOutcome.Replied, reply.Number), ct);
            follows = reply.Number;
        }

        var subject = text.ReplaceLineEndings(" ");
        var opened = await opener.OpenAsync(new NewTicket(customerId, account.TicketType, TicketChannel.WeChat, null, null,
            subject.Length > 60 ? subject[..59] + "…" : subject,
            follows is null ? text : $"{text}\n\n（接续已关闭的工单 {follows} · follows up closed ticket {follows}）", null, Acknowledge: false), null, ct);
        if (opened.Ticket is not { } ticket)
        {
            await session.RollbackAsync(ct);
            throw new InvalidOperationException($"{platform} messages cannot open tickets: {opened.Error} ({(platform == WeChatPlatform.WeCom ? "WeChat:WeCom" : "WeChat:OfficialAccount")}:TicketType)");
        }
        await c.ExecuteAsync("INSERT INTO tkt_wechat_threads (ticket_id, platform, open_id) VALUES (@Id, @Platform, @From)",
            new { ticket.Id, Platform = platform, message.From }, tx);
        // The acknowledgement goes back through the platform now that the ticket is known to have come from there.
        var customer = await Events.CustomerReadModel.FindAsync(c, customerId, tx);
        await toCustomer.QueueAsync(await TicketMail.ComposeAsync(templates, TicketMail.Acknowledgement, ticket.Id, ticket.Number, ticket.Subject, customer, null, null, ct), ct);
        return await DoneAsync(c, platform, message, ticket.Id, new(WeChatOutcome.Opened, ticket.Number), ct);
    }

    private async Task<WeChatReceipt> DoneAsync(System.Data.Common.DbConnection c, string platform, WeChatMessage message, long ticketId, WeChatReceipt receipt, CancellationToken ct)
    {
        await c.ExecuteAsync("UPDATE tkt_wechat_messages SET ticket_id = @TicketId WHERE platform = @Platform AND msg_id = @Key",
            new { TicketId = ticketId, Platform = platform, message.Key }, session.Transaction);
        await session.CommitAsync(ct);
        return receipt;
    }

    private static async Task<bool> SeenAsync(System.Data.Common.DbConnection c, string platform, string key, System.Data.Common.DbTransaction? tx) =>
        await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM tkt_wechat_messages WHERE platform = @Platform AND msg_id = @Key", new { Platform = platform, Key = key }, tx) > 0;

    /// <summary>The customer the sender is linked to; a first-time sender becomes a prospect for review, linked at once.</summary>
    private async Task<long> FollowerAsync(System.Data.Common.DbConnection c, string platform, string from, CancellationToken ct)
    {
        const string find = "SELECT customer_id FROM tkt_wechat_followers WHERE platform = @Platform AND open_id = @From";
        if (await c.ExecuteScalarAsync<long?>(find, new { Platform = platform, From = from }) is { } known) return known;
        var label = platform == WeChatPlatform.WeCom ? "企业微信用户" : "微信用户";
        var requester = await mediator.Send(new FindOrAddRequester($"{label} {from[^Math.Min(6, from.Length)..]}", null, null, "zh-CN", platform), ct);
        var tx = await session.BeginAsync(ct);
        try
        {
            await c.ExecuteAsync("INSERT INTO tkt_wechat_followers (platform, open_id, customer_id, linked_by, linked_at) VALUES (@Platform, @From, @CustomerId, NULL, @Now)",
                new { Platform = platform, From = from, requester.CustomerId, Now = clock.GetUtcNow() }, tx);
            await session.CommitAsync(ct);
            return requester.CustomerId;
        }
        catch (Exception e) when (session.Dialect.IsUniqueViolation(e))
        {
            // Two first messages at once: the other one linked the sender first; its customer is the one.
            await session.RollbackAsync(ct);
            return (await c.ExecuteScalarAsync<long?>(find, new { Platform = platform, From = from }))!.Value;
        }
    }
}
