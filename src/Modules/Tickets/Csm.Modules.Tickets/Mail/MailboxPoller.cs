using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Csm.Modules.Tickets.Mail;

/// <summary>What one poll of one mailbox did.</summary>
internal sealed record PollReport(long MailboxId, int Taken, int Tickets, int Replies, int Ignored, int Parked, int Duplicates, string? Error);

/// <summary>
/// Polls the enabled mailboxes over IMAP with MailKit: the messages after the last UID taken (per UIDVALIDITY), oldest
/// first, each through <see cref="MailIntake"/>, then flagged \Seen; where it got to is saved after each message, and the
/// message record makes one taken twice (two polls, two hosts) count once. A message MimeKit cannot read is parked and the
/// poll goes on; a mailbox that cannot be reached or signed into keeps its error for admins and the next one is polled.
/// </summary>
internal sealed class MailboxPoller(DbSession session, MailIntake intake, MailboxSecrets secrets, IConfiguration configuration, TimeProvider clock,
    ILogger<MailboxPoller> log)
{
    public async Task<IReadOnlyList<PollReport>> PollAllAsync(CancellationToken ct)
    {
        var reports = new List<PollReport>();
        foreach (var mailbox in await MailboxStore.AllAsync(await session.ConnectionAsync(ct), enabledOnly: true))
            reports.Add(await PollAsync(mailbox, ct));
        return reports;
    }

    public async Task<PollReport> PollAsync(MailboxStore.Row mailbox, CancellationToken ct)
    {
        var counts = new Dictionary<MailOutcome, int>();
        string? error = null;
        try
        {
            using var client = await ConnectAsync(mailbox, ct);
            var folder = await client.GetFolderAsync(mailbox.Folder, ct);
            await folder.OpenAsync(FolderAccess.ReadWrite, ct);
            var validity = folder.UidValidity;
            var after = mailbox.UidValidity == validity ? (uint)(mailbox.LastUid ?? 0) : 0u;
            // "n:*" always answers the newest message, even when its UID is below n: keep only the new ones.
            var uids = (await folder.SearchAsync(SearchQuery.Uids(new UniqueIdRange(new UniqueId(validity, after + 1), UniqueId.MaxValue)), ct))
                .Where(u => u.Id > after).OrderBy(u => u.Id).ToList();
            foreach (var uid in uids)
            {
                var result = await TakeAsync(mailbox, folder, uid, ct);
                counts[result.Outcome] = counts.GetValueOrDefault(result.Outcome) + 1;
                await folder.AddFlagsAsync(uid, MessageFlags.Seen, silent: true, ct);
                await WriteAsync((c, tx) => MailboxStore.AdvanceAsync(c, tx, mailbox.Id, validity, uid.Id), ct);
            }
            await client.DisconnectAsync(quit: true, ct);
        }
        catch (Exception e) when (e is MailboxMisconfigured or IOException or System.Net.Sockets.SocketException or ImapProtocolException
                                      or ImapCommandException or AuthenticationException or SslHandshakeException or FolderNotFoundException
                                      or TimeoutException or ServiceNotConnectedException || e is OperationCanceledException && !ct.IsCancellationRequested)
        {
            error = Describe(mailbox, e);
            log.LogWarning("Mailbox {Mailbox} ({Id}) could not be polled: {Error}", mailbox.Name, mailbox.Id, error);
        }
        await WriteAsync((c, tx) => MailboxStore.PolledAsync(c, tx, mailbox.Id, clock.GetUtcNow(), error), ct);
        return new PollReport(mailbox.Id, counts.Values.Sum(), counts.GetValueOrDefault(MailOutcome.Ticket), counts.GetValueOrDefault(MailOutcome.Reply),
            counts.GetValueOrDefault(MailOutcome.Ignored), counts.GetValueOrDefault(MailOutcome.Parked), counts.GetValueOrDefault(MailOutcome.Duplicate), error);
    }

    /// <summary>
    /// One parked message taken again from the server, found by the key it was recorded under (its UID for one MimeKit could
    /// not read, its Message-ID otherwise); null when the folder no longer holds it (moved, deleted, a new UIDVALIDITY).
    /// </summary>
    public async Task<MailResult?> RetakeAsync(MailboxStore.Row mailbox, string key, CancellationToken ct)
    {
        using var client = await ConnectAsync(mailbox, ct);
        var folder = await client.GetFolderAsync(mailbox.Folder, ct);
        await folder.OpenAsync(FolderAccess.ReadWrite, ct);
        UniqueId? found = null;
        if (key.StartsWith("uid:", StringComparison.Ordinal))
        {
            var parts = key.Split(':');
            if (parts.Length == 3 && uint.TryParse(parts[1], out var validity) && uint.TryParse(parts[2], out var id) && validity == folder.UidValidity)
                found = (await folder.SearchAsync(SearchQuery.Uids([new UniqueId(validity, id)]), ct)).Cast<UniqueId?>().FirstOrDefault();
        }
        else if (!key.StartsWith("sha256:", StringComparison.Ordinal))
            found = (await folder.SearchAsync(SearchQuery.HeaderContains("Message-ID", key), ct)).Cast<UniqueId?>().FirstOrDefault();
        if (found is not { } uid) return null;
        var result = await TakeAsync(mailbox, folder, uid, ct);
        await folder.AddFlagsAsync(uid, MessageFlags.Seen, silent: true, ct);
        await client.DisconnectAsync(quit: true, ct);
        return result;
    }

    private async Task<MailResult> TakeAsync(MailboxStore.Row mailbox, IMailFolder folder, UniqueId uid, CancellationToken ct)
    {
        MimeMessage message;
        try
        {
            message = await folder.GetMessageAsync(uid, ct);
        }
        catch (FormatException e)
        {
            return await intake.ParkAsync(mailbox.Source, $"uid:{uid.Validity}:{uid.Id}", $"The message cannot be read as MIME: {e.Message}", null, null, ct);
        }
        return await intake.TakeAsync(Parsed(mailbox, message), ct);
    }

    /// <summary>A MimeKit message as every mail channel hands it over.</summary>
    internal static InboundMessage Parsed(MailboxStore.Row mailbox, MimeMessage m)
    {
        var from = m.From.Mailboxes.FirstOrDefault();
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in m.Headers)
            headers.TryAdd(header.Field, header.Value);
        headers.TryAdd("Content-Type", m.Body?.ContentType.MimeType ?? "");
        var files = m.Attachments.OfType<MimePart>().Select(part =>
        {
            using var bytes = new MemoryStream();
            part.Content?.DecodeTo(bytes);
            return new MailAttachment(part.FileName ?? "attachment", bytes.ToArray());
        }).ToList();
        return new InboundMessage(mailbox.Source, mailbox.TicketType, from?.Address, from?.Name, m.Subject, m.TextBody, m.HtmlBody,
            m.MessageId, m.InReplyTo, m.References.ToList(), headers, files, m.Date == DateTimeOffset.MinValue ? null : m.Date);
    }

    /// <summary>Connected and signed in, with the secret unprotected only for the moment it is sent.</summary>
    public async Task<ImapClient> ConnectAsync(MailboxStore.Row mailbox, CancellationToken ct)
    {
        var client = new ImapClient { Timeout = configuration.GetValue("Tickets:Mail:TimeoutSeconds", 30) * 1000 };
        try
        {
            var tls = mailbox.TlsMode switch
            {
                MailboxTls.StartTls => SecureSocketOptions.StartTls,
                MailboxTls.Ssl => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.None,
            };
            await client.ConnectAsync(mailbox.Host, (int)mailbox.Port, tls, ct);
            await client.AuthenticateAsync(mailbox.UserName, secrets.Unprotect(mailbox.Secret), ct);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>What went wrong, in the words an admin can act on; never the secret.</summary>
    public static string Describe(MailboxStore.Row mailbox, Exception e) => e switch
    {
        AuthenticationException => $"The server refused the sign-in as '{mailbox.UserName}': {e.Message}",
        FolderNotFoundException => $"The server has no folder '{mailbox.Folder}'.",
        SslHandshakeException => $"TLS with {mailbox.Host}:{mailbox.Port} failed: {e.Message}",
        System.Net.Sockets.SocketException => $"{mailbox.Host}:{mailbox.Port} cannot be reached: {e.Message}",
        MailboxMisconfigured => $"The mailbox cannot open tickets: {e.Message}.",
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    private async Task WriteAsync(Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, Task<int>> write, CancellationToken ct)
    {
        var tx = await session.BeginAsync(ct);
        await write(await session.ConnectionAsync(ct), tx);
        await session.CommitAsync(ct);
    }
}
