namespace Csm.BuildingBlocks.Outbound;

/// <summary>The ways a message leaves Csm.</summary>
public static class OutboundChannels
{
    public const string Email = "email";
    public const string Sms = "sms";
    public const string Webhook = "webhook";
}

/// <summary>
/// Where a message is in its life. Queued (waiting, perhaps after a failed try that will be retried), sending (leased
/// by one host's sender), sent (a server accepted it; its reply is kept), failed (refused for good, or nobody to send
/// it to: never retried by itself), parked (tried the configured number of times; an operator may retry it), cancelled,
/// and dropped: written to a file in the development mode, which reached no server and says so.
/// </summary>
public static class OutboundStatus
{
    public const string Queued = "queued";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Failed = "failed";
    public const string Parked = "parked";
    public const string Cancelled = "cancelled";
    public const string Dropped = "dropped";

    public static readonly string[] All = [Queued, Sending, Sent, Dropped, Failed, Parked, Cancelled];
}

/// <summary>The business key of a message: what it belongs to, as "{what}:{id}" (invitation:42, firing:7, ticket:12).</summary>
public static class BusinessKey
{
    public static string Of(string what, long id) => $"{what}:{id.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>The id in a key of that kind; null for any other key.</summary>
    public static long? IdOf(string what, string key) =>
        key.Length > what.Length && key.StartsWith(what, StringComparison.Ordinal) && key[what.Length] == ':'
        && long.TryParse(key.AsSpan(what.Length + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
}

/// <summary>
/// One message to send. <paramref name="Module"/> and <paramref name="BusinessKey"/> say what it belongs to
/// (e.g. "surveys", "invitation:42"), <paramref name="Kind"/> what it is (e.g. "surveyInvitation"). A null
/// <paramref name="Recipient"/> means nobody reachable: the message is recorded as failed with <paramref name="Unreachable"/>.
/// </summary>
public sealed record OutboundMessage(
    string Module, string BusinessKey, string Kind, string Channel, string? Recipient, string? Subject, string Text)
{
    public string? Html { get; init; }
    public string? Language { get; init; }
    /// <summary>The e-mail's Message-ID (without angle brackets; without a domain, the sender's is added); one is made up when null.</summary>
    public string? MessageId { get; init; }
    /// <summary>The Message-ID this e-mail answers, for threading.</summary>
    public string? InReplyTo { get; init; }
    /// <summary>The thread's Message-IDs, oldest first, separated by spaces.</summary>
    public string? References { get; init; }
    /// <summary>A webhook's signature header value.</summary>
    public string? Signature { get; init; }
    public DateTimeOffset? DueAt { get; init; }
    /// <summary>After this moment the message is pointless (an expired survey link): failed instead of sent.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
    /// <summary>Why there is no recipient, recorded as the failure.</summary>
    public string? Unreachable { get; init; }
    /// <summary>Files sent with the e-mail, stored with the message so every try sends the same bytes.</summary>
    public IReadOnlyList<OutboundAttachment> Attachments { get; init; } = [];
}

/// <summary>A file sent with an e-mail (a report's CSV).</summary>
public sealed record OutboundAttachment(string FileName, string ContentType, byte[] Content);
