using System.Security.Cryptography;
using System.Text;

namespace Csm.Modules.Tickets.Mail;

/// <summary>A file that came with a message: the name the sender gave and its bytes.</summary>
internal sealed record MailAttachment(string FileName, byte[] Content);

/// <summary>
/// A message as every mail channel hands it over, parsed: from an IMAP mailbox (MimeKit) or from a mail gateway's webhook
/// (JSON). Everything after this point is one path (<see cref="MailIntake"/>).
/// </summary>
/// <param name="Source">Where it came in: "mailbox:{id}" or "webhook"; with the message's key, what makes it count once.</param>
/// <param name="Headers">The headers that tell a machine's mail from a person's (Auto-Submitted, Precedence, Content-Type...), by name without case.</param>
internal sealed record InboundMessage(
    string Source, string TicketType, string? FromAddress, string? FromName, string? Subject, string? Text, string? Html,
    string? MessageId, string? InReplyTo, IReadOnlyList<string> References, IReadOnlyDictionary<string, string> Headers,
    IReadOnlyList<MailAttachment> Attachments, DateTimeOffset? Date = null)
{
    private const int MaxKeyLength = 400;

    /// <summary>
    /// What makes this message count once in its source: its Message-ID, or for a message without one (or with one too
    /// long to index) a hash of who sent it, when, its subject and words.
    /// </summary>
    public string Key
    {
        get
        {
            var id = MessageId?.Trim().Trim('<', '>').Trim();
            if (!string.IsNullOrEmpty(id) && id.Length <= MaxKeyLength) return id;
            var content = string.Join("\n", FromAddress, Date?.ToUnixTimeSeconds(), Subject, Text ?? Html, id);
            return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
        }
    }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>
    /// Why this message was written by a machine (an auto-reply, a bounce, a mailing list), or null for a person's. Such a
    /// message never opens a ticket and is never answered: two systems answering each other would loop (RFC 3834).
    /// </summary>
    public string? Automatic()
    {
        if (Header("Auto-Submitted") is { } submitted && !submitted.Trim().StartsWith("no", StringComparison.OrdinalIgnoreCase))
            return $"Auto-Submitted: {submitted.Trim()}";
        if (Header("Precedence") is { } precedence && precedence.Trim().ToLowerInvariant() is "bulk" or "junk" or "list" or "auto_reply")
            return $"Precedence: {precedence.Trim()}";
        foreach (var name in (string[])["X-Autoreply", "X-Autorespond"])
            if (Header(name) is { } value) return $"{name}: {value.Trim()}";
        if (Header("Content-Type") is { } type && type.TrimStart().StartsWith("multipart/report", StringComparison.OrdinalIgnoreCase))
            return "a delivery report (multipart/report)";
        var local = FromAddress?.Split('@')[0].ToLowerInvariant();
        if (local is "mailer-daemon" or "postmaster")
            return $"sent by {FromAddress}";
        return null;
    }
}
