using System.Data.Common;
using Microsoft.AspNetCore.DataProtection;

namespace Csm.Modules.Tickets.Mail;

/// <summary>How Csm talks to an IMAP server: in the clear, upgraded with STARTTLS, or TLS from the first byte.</summary>
internal enum MailboxTls { None, StartTls, Ssl }

/// <summary>A mailbox as the API shows it: everything but its secret; where polling got to and how the last poll ended.</summary>
/// <param name="Idle">In the list: the host that answered holds an IMAP IDLE connection on it, so new mail is taken as it arrives (else each minute's poll takes it).</param>
internal sealed record MailboxView(
    long Id, string Name, string Host, int Port, MailboxTls Tls, string UserName, string Folder, string TicketType, bool IsEnabled,
    long? UidValidity, long? LastUid, DateTimeOffset? LastPolledAt, string? LastError, long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    bool Idle = false);

/// <summary>The SQL of tkt_mailboxes, and the secret kept protected by the host's data-protection keys.</summary>
internal static class MailboxStore
{
    internal sealed record Row
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public string Host { get; init; } = "";
        public long Port { get; init; }
        public string Tls { get; init; } = "";
        public string UserName { get; init; } = "";
        public string Secret { get; init; } = "";
        public string Folder { get; init; } = "";
        public string TicketType { get; init; } = "";
        public bool IsEnabled { get; init; }
        public long? UidValidity { get; init; }
        public long? LastUid { get; init; }
        public DateTimeOffset? LastPolledAt { get; init; }
        public string? LastError { get; init; }
        public long Version { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }

        public MailboxTls TlsMode => EnumText.Parse<MailboxTls>(Tls);

        public string Source => Sources.Mailbox(Id);

        public MailboxView View() => new(Id, Name, Host, (int)Port, TlsMode, UserName, Folder, TicketType, IsEnabled, UidValidity, LastUid,
            LastPolledAt, LastError, Version, CreatedAt, UpdatedAt);
    }

    private const string Select =
        """
        SELECT id, name, host, port, tls, user_name AS UserName, secret, folder, ticket_type AS TicketType, is_enabled AS IsEnabled,
          uid_validity AS UidValidity, last_uid AS LastUid, last_polled_at AS LastPolledAt, last_error AS LastError, version,
          created_at AS CreatedAt, updated_at AS UpdatedAt
        FROM tkt_mailboxes
        """;

    public static async Task<IReadOnlyList<Row>> AllAsync(DbConnection c, bool enabledOnly = false) =>
        (await c.QueryAsync<Row>(Select + (enabledOnly ? " WHERE is_enabled = 1" : "") + " ORDER BY name, id")).ToList();

    public static Task<Row?> ByIdAsync(DbConnection c, long id, DbTransaction? tx = null) =>
        c.QueryFirstOrDefaultAsync<Row>(Select + " WHERE id = @Id", new { Id = id }, tx);

    /// <summary>Where the poll got to: only ever forward within one UIDVALIDITY; a new UIDVALIDITY starts the folder over.</summary>
    public static Task<int> AdvanceAsync(DbConnection c, DbTransaction tx, long id, long uidValidity, long uid) => c.ExecuteAsync(
        """
        UPDATE tkt_mailboxes SET uid_validity = @UidValidity, last_uid = @Uid
        WHERE id = @Id AND (uid_validity IS NULL OR uid_validity <> @UidValidity OR last_uid IS NULL OR last_uid < @Uid)
        """, new { Id = id, UidValidity = uidValidity, Uid = uid }, tx);

    public static Task<int> PolledAsync(DbConnection c, DbTransaction tx, long id, DateTimeOffset at, string? error) => c.ExecuteAsync(
        "UPDATE tkt_mailboxes SET last_polled_at = @At, last_error = @Error WHERE id = @Id", new { Id = id, At = at, Error = error }, tx);
}

/// <summary>The sources of inbound mail, as tkt_inbound_mail.source names them.</summary>
internal static class Sources
{
    public const string Webhook = "webhook";

    public static string Mailbox(long id) => BusinessKey.Of("mailbox", id);
}

/// <summary>
/// A mailbox's secret at rest: protected with the host's data-protection keys (kept in the database on a server engine,
/// so every host can read it), never returned by the API, never written to a log or the audit trail.
/// </summary>
internal sealed class MailboxSecrets(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Csm.Tickets.Mailboxes.Secret");

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string stored) => _protector.Unprotect(stored);
}
