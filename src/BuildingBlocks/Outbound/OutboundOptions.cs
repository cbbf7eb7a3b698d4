namespace Csm.BuildingBlocks.Outbound;

/// <summary>The "Outbound" section: how the sender retries and leases.</summary>
public sealed class OutboundOptions
{
    /// <summary>Run the background sender. Tests turn it off and send themselves.</summary>
    public bool AutoSend { get; set; } = true;
    public int BatchSize { get; set; } = 50;
    /// <summary>Tries before a message that keeps failing for a passing reason is parked.</summary>
    public int MaxAttempts { get; set; } = 8;
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
}

public enum EmailMode { FileDrop, Smtp }

public enum EmailSecurity { None, StartTls, SslOnConnect }

/// <summary>The "Email" section, the same for every module.</summary>
public sealed class EmailOptions
{
    /// <summary>
    /// Smtp, or FileDrop (development: .eml files under DropDirectory, recorded as "dropped", never as "sent"). Unset,
    /// nothing is sent: every e-mail is recorded failed, saying which setting is missing.
    /// </summary>
    public EmailMode? Mode { get; set; }
    public string Host { get; set; } = "localhost";
    public int Port { get; set; } = 25;
    public EmailSecurity Security { get; set; } = EmailSecurity.None;
    /// <summary>
    /// The SHA-256 (or SHA-1) fingerprint of the mail server's own certificate, colons allowed: a certificate the machine
    /// does not trust (a private relay's self-signed one) is accepted when it is exactly this one; no other is.
    /// </summary>
    public string? ServerCertificateThumbprint { get; set; }
    public string? UserName { get; set; }
    public string? Password { get; set; }
    /// <summary>The sender, e.g. "客户服务 &lt;service@example.com&gt;".</summary>
    public string From { get; set; } = "Csm <csm@localhost>";
    public string DropDirectory { get; set; } = Path.Combine("data", "mail");
    public int TimeoutSeconds { get; set; } = 30;
}

public enum SmsMode { FileDrop, Gateway }

/// <summary>The "Sms" section: an HTTP gateway that takes {"to","text","reference"}, signed with Secret.</summary>
public sealed class SmsOptions
{
    /// <summary>Gateway, or FileDrop for development; unset, an SMS fails saying so (nothing pretends to send it).</summary>
    public SmsMode? Mode { get; set; }
    public string? GatewayUrl { get; set; }
    /// <summary>Signs each request: X-Csm-Signature = "sha256=" + hex HMAC of the body.</summary>
    public string? Secret { get; set; }
    public string DropDirectory { get; set; } = Path.Combine("data", "sms");
}
