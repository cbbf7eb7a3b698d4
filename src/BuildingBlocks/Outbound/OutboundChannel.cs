namespace Csm.BuildingBlocks.Outbound;

/// <summary>One leased message as a channel sends it.</summary>
public sealed record Envelope
{
    public long Id { get; init; }
    public string Module { get; init; } = "";
    public string BusinessKey { get; init; } = "";
    public string Kind { get; init; } = "";
    public string Channel { get; init; } = "";
    public string Recipient { get; init; } = "";
    public string? Subject { get; init; }
    public string BodyText { get; init; } = "";
    public string? BodyHtml { get; init; }
    public string? MessageId { get; init; }
    public string? InReplyTo { get; init; }
    public string? ThreadReferences { get; init; }
    public string? Signature { get; init; }
    public long Attempts { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public IReadOnlyList<OutboundAttachment> Attachments { get; init; } = [];
}

/// <summary>What the receiving side said: "sent" with a server's reply, or "dropped" to a file in the development mode.</summary>
public sealed record Delivery(string Status, string Reply);

/// <summary>The receiving side refused the message. A permanent refusal (a 5xx, an address that cannot exist) is not retried.</summary>
public sealed class DeliveryRefused(string reply, bool permanent) : Exception(reply)
{
    public bool Permanent { get; } = permanent;
}

/// <summary>The development mode of a channel: each message a file in a folder, recorded as dropped, never as sent.</summary>
internal static class DropFolder
{
    public static async Task<Delivery> WriteAsync(string directory, DateTimeOffset now, Envelope m, string extension, string nobodyAsked,
        Func<string, Task> write)
    {
        var folder = Path.GetFullPath(directory);
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{now:yyyyMMdd-HHmmss}-{m.Kind}-{m.Id}.{extension}");
        await write(file);
        return new Delivery(OutboundStatus.Dropped, $"FileDrop mode: written to {file}; {nobodyAsked}");
    }
}

/// <summary>A way out of Csm: e-mail, SMS, webhook.</summary>
public interface IOutboundChannel
{
    string Name { get; }

    /// <summary>A connection for one batch (an SMTP session carries many messages); disposed after the batch.</summary>
    IOutboundConnection Open();
}

public interface IOutboundConnection : IAsyncDisposable
{
    /// <summary>Sends one message; throws <see cref="DeliveryRefused"/> or an I/O error when it did not go.</summary>
    Task<Delivery> SendAsync(Envelope message, CancellationToken ct);
}
