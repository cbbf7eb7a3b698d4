using System.Globalization;
using System.Text.RegularExpressions;
using Csm.BuildingBlocks.Blobs;
using Csm.Modules.Customers.Contracts;
using Csm.Modules.Tickets.Attachments;
using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Data;
using Csm.Modules.Tickets.Features.Intake;
using Csm.Modules.Tickets.Features.TicketTypes;
using MediatR;
using Microsoft.Extensions.Options;

namespace Csm.Modules.Tickets.Mail;

/// <summary>What became of one inbound message (Discarded: parked, then let go by an admin).</summary>
internal enum MailOutcome { Ticket, Reply, Ignored, Parked, Duplicate, Discarded }

internal sealed record MailResult(MailOutcome Outcome, long? TicketId = null, string? Number = null, string? Reason = null);

/// <summary>
/// One inbound e-mail, from any mail channel, into Csm: a reply on the ticket it answers (its number in the subject, or
/// In-Reply-To/References naming a message Csm sent about it) when the sender is that ticket's customer, else a new ticket
/// of the channel's type for the customer whose contact e-mail it is (or a prospect tagged needs-review). Machines' mail
/// (auto-replies, bounces, lists) is recorded as ignored and never answered; a message with no usable sender is parked.
/// The record of the message (<c>tkt_inbound_mail</c>, unique per source and Message-ID) commits with the ticket or the
/// reply, so a message taken twice, even by two hosts at once, counts once.
/// </summary>
internal sealed partial class MailIntake(
    DbSession session, TicketOpener opener, CustomerReplies replies, IMediator mediator, IBlobStore blobs,
    IOptions<AttachmentLimits> limits, IOptions<EmailOptions> email, TimeProvider clock)
{
    public const string Channel = "email";
    private const int MaxSubject = 300;

    public async Task<MailResult> TakeAsync(InboundMessage m, CancellationToken ct)
    {
        var key = m.Key;
        if (await RecordedAsync(m.Source, key, ct)) return new(MailOutcome.Duplicate);
        if ((m.Automatic() ?? OwnMail(m)) is { } machine)
        {
            await RecordAsync(m.Source, key, MailOutcome.Ignored, machine, m.FromAddress, m.Subject, ct);
            return new(MailOutcome.Ignored, Reason: machine);
        }
        var sender = m.FromAddress?.Trim();
        if (string.IsNullOrEmpty(sender) || !MimeKit.MailboxAddress.TryParse(sender, out var parsed) || !parsed.Address.Contains('@'))
            return await ParkAsync(m.Source, key, "The message has no sender address to answer.", m.FromAddress, m.Subject, ct);

        var c = await session.ConnectionAsync(ct);
        if (await TicketTypeView.ByCodeAsync(c, m.TicketType, null) is not { IsActive: true })
            throw new MailboxMisconfigured($"there is no active ticket type '{m.TicketType}'");
        var body = MailText.Body(m.Text, m.Html);
        var subject = Shorten(string.IsNullOrWhiteSpace(m.Subject) ? "(no subject)" : m.Subject.Trim(), MaxSubject);
        var name = string.IsNullOrWhiteSpace(m.FromName) ? sender.Split('@')[0] : m.FromName.Trim();
        // A known sender is learnt before the write; a new one is added in the message's transaction, so a message parked
        // or found a duplicate there leaves no prospect behind.
        var known = await mediator.Send(new FindRequester(sender, null), ct);
        var learned = known is { } id ? await opener.CustomerToLearnAsync(id, ct) : null;
        var answered = known is { } writer ? await AnsweredTicketAsync(c, m, writer) : null;
        var files = await StoreFilesAsync(m.Attachments, ct);

        var tx = await session.BeginAsync(ct);
        var customerId = known ?? 0;
        if (known is null)
        {
            var requester = await mediator.Send(new FindOrAddRequester(Shorten(name, 100), sender, null, LanguageOf(subject + body), "email"), ct);
            (customerId, learned) = (requester.CustomerId, requester.Customer);
        }
        await opener.KeepCustomerAsync(learned, ct);
        long recordId;
        try
        {
            recordId = await InsertRecordAsync(c, tx, m.Source, key, MailOutcome.Parked, "being taken", sender, subject);
        }
        catch (Exception e) when (session.Dialect.IsUniqueViolation(e))
        {
            await session.RollbackAsync(ct);
            return new(MailOutcome.Duplicate);
        }

        MailResult result;
        if (answered is { } ticketId
            && await replies.AddAsync(ticketId, body.Length > 0 ? body : subject, sender, Channel, ct) is { Outcome: not (ReplyOutcome.Closed or ReplyOutcome.NotFound) } reply)
        {
            result = new(MailOutcome.Reply, reply.TicketId, reply.Number);
        }
        else
        {
            var earlier = answered is { } old ? await c.ExecuteScalarAsync<string?>("SELECT number FROM tkt_tickets WHERE id = @Id", new { Id = old }, tx) : null;
            var description = (earlier is null ? "" : $"(Writing again about {earlier}, which is closed.)\n\n") + body + $"\n\n— {name} <{sender}>";
            var opened = await opener.OpenAsync(new NewTicket(customerId, m.TicketType, TicketChannel.Email, null, null, subject,
                Shorten(description, MailText.MaxLength), null), null, ct);
            if (opened.Ticket is null)
            {
                await session.RollbackAsync(ct);
                return await ParkAsync(m.Source, key, $"No ticket could be opened: {opened.Error}", sender, subject, ct);
            }
            result = new(MailOutcome.Ticket, opened.Ticket.Id, opened.Ticket.Number);
        }
        await AttachAsync(c, tx, result.TicketId!.Value, files, sender, ct);
        await c.ExecuteAsync("UPDATE tkt_inbound_mail SET outcome = @Outcome, reason = NULL, ticket_id = @TicketId WHERE id = @Id",
            new { Outcome = EnumText.Of(result.Outcome), result.TicketId, Id = recordId }, tx);
        await session.CommitAsync(ct);
        return result;
    }

    /// <summary>
    /// Csm's own mail come back (an agent's reply copied to the support mailbox, a forwarding loop): never a customer's.
    /// </summary>
    private string? OwnMail(InboundMessage m)
    {
        if (m.Header("X-Csm-Message") is not null) return "sent by Csm (X-Csm-Message)";
        return MimeKit.MailboxAddress.TryParse(email.Value.From ?? "", out var own)
               && string.Equals(own.Address, m.FromAddress?.Trim(), StringComparison.OrdinalIgnoreCase)
            ? $"sent from Csm's own address {own.Address}" : null;
    }

    /// <summary>A message that cannot be read: recorded with why, listed for admins, never tried again.</summary>
    public async Task<MailResult> ParkAsync(string source, string key, string reason, string? sender, string? subject, CancellationToken ct)
    {
        await RecordAsync(source, key, MailOutcome.Parked, reason, sender, subject, ct);
        return new(MailOutcome.Parked, Reason: reason);
    }

    private async Task<bool> RecordedAsync(string source, string key, CancellationToken ct) =>
        await (await session.ConnectionAsync(ct)).ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM tkt_inbound_mail WHERE source = @Source AND message_key = @Key", new { Source = source, Key = key }) > 0;

    private async Task RecordAsync(string source, string key, MailOutcome outcome, string reason, string? sender, string? subject, CancellationToken ct)
    {
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        try
        {
            await InsertRecordAsync(c, tx, source, key, outcome, reason, sender, subject);
            await session.CommitAsync(ct);
        }
        catch (Exception e) when (session.Dialect.IsUniqueViolation(e))
        {
            await session.RollbackAsync(ct);
        }
    }

    private Task<long> InsertRecordAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, string source, string key,
        MailOutcome outcome, string reason, string? sender, string? subject) =>
        c.ExecuteScalarAsync<long>(session.Dialect.InsertReturningId("tkt_inbound_mail",
                "source, message_key, outcome, reason, sender, subject, received_at", "@Source, @Key, @Outcome, @Reason, @Sender, @Subject, @Now"),
            new
            {
                Source = source, Key = key, Outcome = EnumText.Of(outcome), Reason = Shorten(reason, 2000),
                Sender = sender is null ? null : Shorten(sender, 320), Subject = subject is null ? null : Shorten(subject, MaxSubject), Now = clock.GetUtcNow(),
            }, tx);

    /// <summary>
    /// The ticket this message answers, when its sender is that ticket's customer: a Message-ID Csm gave one of the
    /// ticket's e-mails (ticket-{id}…@ our domain) in In-Reply-To or References, else the ticket number in the subject.
    /// </summary>
    private async Task<long?> AnsweredTicketAsync(System.Data.Common.DbConnection c, InboundMessage m, long customerId)
    {
        var domain = MimeKit.MailboxAddress.TryParse(email.Value.From ?? "", out var from) ? from.Domain : null;
        var ids = new[] { m.InReplyTo }.Concat(m.References.Reverse())
            .Select(r => ThreadId().Match(r?.Trim().Trim('<', '>') ?? ""))
            .Where(x => x.Success && (domain is null || string.Equals(x.Groups[2].Value, domain, StringComparison.OrdinalIgnoreCase)))
            .Select(x => long.Parse(x.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        var numbers = TicketNumber().Matches(m.Subject ?? "").Select(x => x.Groups[1].Value.ToUpperInvariant()).ToList();
        if (ids.Count == 0 && numbers.Count == 0) return null;
        var found = await c.QueryAsync<(long Id, long CustomerId)>(
            "SELECT id AS Id, customer_id AS CustomerId FROM tkt_tickets WHERE id IN @Ids OR number IN @Numbers",
            new { Ids = ids.DefaultIfEmpty(0).ToList(), Numbers = numbers.DefaultIfEmpty("").ToList() });
        var theirs = found.Where(t => t.CustomerId == customerId).Select(t => t.Id).ToHashSet();
        return ids.Cast<long?>().FirstOrDefault(i => theirs.Contains(i!.Value))
            ?? found.Where(t => theirs.Contains(t.Id)).Select(t => (long?)t.Id).FirstOrDefault();
    }

    private sealed record StoredFile(string Name, string Type, StoredBlob? Blob, string? Refused);

    /// <summary>Each file's bytes into the blob store before the transaction; one over the per-file limit is refused, with why.</summary>
    private async Task<List<StoredFile>> StoreFilesAsync(IReadOnlyList<MailAttachment> attachments, CancellationToken ct)
    {
        var limit = limits.Value.MaxFileBytes;
        var stored = new List<StoredFile>();
        foreach (var a in attachments)
        {
            var name = FileName.Clean(a.FileName);
            if (a.Content.Length == 0) continue;
            if (a.Content.Length > limit)
            {
                stored.Add(new(name, "", null,
                    $"'{name}' ({a.Content.Length} bytes) was not kept: a file may have at most {limit} bytes (Attachments:MaxFileBytes)."));
                continue;
            }
            using var content = new MemoryStream(a.Content, writable: false);
            var type = ContentType.Detect(content);
            stored.Add(new(name, type, await blobs.PutAsync(content, ct), null));
        }
        return stored;
    }

    /// <summary>The kept files on the ticket, and a note for each refused one, so the agent knows to ask for it another way.</summary>
    private async Task AttachAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, long ticketId, List<StoredFile> files,
        string sender, CancellationToken ct)
    {
        if (files.Count == 0) return;
        var now = clock.GetUtcNow();
        var total = await AttachmentStore.OwnBytesAsync(c, ticketId, tx);
        var kept = new List<object>();
        var notes = new List<string>();
        foreach (var file in files)
        {
            if (file.Blob is not { } blob)
            {
                notes.Add(file.Refused!);
                continue;
            }
            if (total + blob.Length > limits.Value.MaxTicketBytes)
            {
                notes.Add($"'{file.Name}' ({blob.Length} bytes) was not kept: the ticket's files would pass {limits.Value.MaxTicketBytes} bytes (Attachments:MaxTicketBytes).");
                continue;
            }
            total += blob.Length;
            var id = await AttachmentStore.AddAsync(c, tx, session.Dialect, ticketId, null, file.Name, file.Type, blob.Length, blob.Sha256, sender, now);
            kept.Add(new { Id = id, FileName = file.Name, ContentType = file.Type, Size = blob.Length });
        }
        if (kept.Count > 0) await TicketStore.AddHistoryAsync(c, tx, ticketId, now, sender, "attached", new { commentId = (long?)null, files = kept });
        if (notes.Count > 0)
            await c.ExecuteAsync("INSERT INTO tkt_comments (ticket_id, body, visibility, author, created_at) VALUES (@Id, @Body, 'internal', 'csm', @Now)",
                new { Id = ticketId, Body = "Attachments of the customer's e-mail refused:\n" + string.Join("\n", notes), Now = now }, tx);
    }

    /// <summary>The language a new prospect is answered in: Chinese when the message has Chinese characters.</summary>
    private static string LanguageOf(string words) => words.Any(ch => ch is >= '\u4e00' and <= '\u9fff') ? "zh-CN" : "en";

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    [GeneratedRegex(@"^ticket-(\d{1,18})(?:-[^@]*)?@(.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex ThreadId();

    [GeneratedRegex(@"\b(TK-\d{4}-\d{6})\b", RegexOptions.IgnoreCase)]
    private static partial Regex TicketNumber();
}

/// <summary>The mail channel is set up wrongly (not the message): nothing is recorded, the message is taken again later.</summary>
internal sealed class MailboxMisconfigured(string why) : Exception(why);
