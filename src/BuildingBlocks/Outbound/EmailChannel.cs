using System.Net;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Utils;

namespace Csm.BuildingBlocks.Outbound;

/// <summary>
/// E-mail over SMTP with MailKit (STARTTLS or implicit TLS, authentication), one connection per batch; or, in the
/// development mode, .eml files in a folder. Chinese subjects are RFC 2047 encoded words, bodies are text and HTML.
/// </summary>
internal sealed class EmailChannel(IOptions<EmailOptions> options, TimeProvider clock) : IOutboundChannel
{
    public string Name => OutboundChannels.Email;

    public IOutboundConnection Open() => options.Value.Mode switch
    {
        EmailMode.Smtp => new SmtpConnection(options.Value),
        EmailMode.FileDrop => new FileDrop(options.Value, clock),
        _ => new NotConfigured(),
    };

    /// <summary>The text a message fails with while Email:Mode is unset.</summary>
    public const string NoServer = "no e-mail server is configured: set Email:Mode to Smtp (with Email:Host) or to FileDrop for development";

    /// <summary>The MIME message for an envelope. An address that cannot be parsed is a permanent refusal.</summary>
    public static MimeMessage Build(Envelope m, EmailOptions o)
    {
        var from = MailboxAddress.Parse(o.From);
        if (!MailboxAddress.TryParse(m.Recipient, out var to) || !to.Address.Contains('@'))
            throw new DeliveryRefused($"'{m.Recipient}' is not an e-mail address", permanent: true);
        var message = new MimeMessage { Subject = m.Subject ?? "" };
        message.From.Add(from);
        message.To.Add(to);
        message.Date = DateTimeOffset.UtcNow;
        // An id without a domain ("ticket-42") gets the sender's, so a module names its threads without knowing it.
        string Qualified(string id) => id.Contains('@') ? id : $"{id}@{from.Domain}";
        message.MessageId = Qualified(m.MessageId ?? $"csm-{m.Id}");
        if (m.InReplyTo is not null) message.InReplyTo = Qualified(m.InReplyTo);
        foreach (var reference in (m.ThreadReferences ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)) message.References.Add(Qualified(reference));
        // Machines answering machines make mail loops: what Csm sends by itself says so (RFC 3834); a person's reply does not.
        if (m.Kind != "ticketReply") message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("X-Csm-Message", m.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var body = new BodyBuilder { TextBody = m.BodyText, HtmlBody = m.BodyHtml ?? HtmlOf(m.BodyText) };
        foreach (var file in m.Attachments) body.Attachments.Add(file.FileName, file.Content, ContentType.Parse(file.ContentType));
        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>Plain text as a minimal HTML part: escaped, paragraphs kept.</summary>
    public static string HtmlOf(string text) =>
        "<!DOCTYPE html><html><body><div style=\"font-family:sans-serif;font-size:14px;line-height:1.6\">" +
        string.Join("", text.Replace("\r\n", "\n").Split("\n\n").Select(p => "<p>" + WebUtility.HtmlEncode(p).Replace("\n", "<br>") + "</p>")) +
        "</div></body></html>";

    /// <summary>Never SMTPUTF8: headers are 7-bit with RFC 2047 words, which every server and client reads.</summary>
    private static readonly FormatOptions Format = CreateFormat();

    private static FormatOptions CreateFormat()
    {
        var f = FormatOptions.Default.Clone();
        f.International = false;
        return f;
    }

    private sealed class SmtpConnection(EmailOptions o) : IOutboundConnection
    {
        private SmtpClient? _client;
        private string? _certificateProblem;

        public async Task<Delivery> SendAsync(Envelope m, CancellationToken ct)
        {
            var message = Build(m, o);
            try
            {
                var client = await ConnectAsync(ct);
                var reply = await client.SendAsync(Format, message, ct);
                return new Delivery(OutboundStatus.Sent, "250 " + reply);
            }
            catch (SmtpCommandException e)
            {
                await DropAsync();
                var code = (int)e.StatusCode;
                throw new DeliveryRefused($"{code} {e.Message}", permanent: code >= 500);
            }
            catch (SslHandshakeException e)
            {
                await DropAsync();
                throw new DeliveryRefused(_certificateProblem ?? $"TLS with {o.Host}:{o.Port} failed: {e.Message}", permanent: false);
            }
            catch (AuthenticationException e)
            {
                await DropAsync();
                var code = e.InnerException is SmtpCommandException refused ? $"{(int)refused.StatusCode} " : "";
                throw new DeliveryRefused($"{code}{e.Message} (signing in as '{o.UserName}': check Email:UserName and Email:Password)", permanent: false);
            }
            catch (Exception e) when (e is SmtpProtocolException or IOException or System.Net.Sockets.SocketException or TimeoutException
                                          or ServiceNotConnectedException
                                          || e is OperationCanceledException && !ct.IsCancellationRequested)
            {
                await DropAsync();
                throw new DeliveryRefused($"{e.GetType().Name}: {e.Message}", permanent: false);
            }
        }

        private async Task<SmtpClient> ConnectAsync(CancellationToken ct)
        {
            if (_client is { IsConnected: true }) return _client;
            _client?.Dispose();
            _client = new SmtpClient { Timeout = o.TimeoutSeconds * 1000 };
            _certificateProblem = null;
            _client.ServerCertificateValidationCallback = (_, certificate, chain, errors) =>
                (_certificateProblem = RelayCertificate.Problem(certificate, chain, errors, o.ServerCertificateThumbprint)) is null;
            var security = o.Security switch
            {
                EmailSecurity.StartTls => SecureSocketOptions.StartTls,
                EmailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.None,
            };
            await _client.ConnectAsync(o.Host, o.Port, security, ct);
            if (!string.IsNullOrEmpty(o.UserName)) await _client.AuthenticateAsync(o.UserName, o.Password ?? "", ct);
            return _client;
        }

        private async Task DropAsync()
        {
            if (_client is null) return;
            try
            {
                if (_client.IsConnected) await _client.DisconnectAsync(quit: false);
            }
            catch (Exception e) when (e is IOException or SmtpProtocolException or System.Net.Sockets.SocketException) { }
            _client.Dispose();
            _client = null;
        }

        public async ValueTask DisposeAsync()
        {
            if (_client is null) return;
            try
            {
                if (_client.IsConnected) await _client.DisconnectAsync(quit: true);
            }
            catch (Exception e) when (e is IOException or SmtpProtocolException or SmtpCommandException or System.Net.Sockets.SocketException) { }
            _client.Dispose();
        }
    }

    private sealed class FileDrop(EmailOptions o, TimeProvider clock) : IOutboundConnection
    {
        public Task<Delivery> SendAsync(Envelope m, CancellationToken ct)
        {
            var message = Build(m, o);
            return DropFolder.WriteAsync(o.DropDirectory, clock.GetUtcNow(), m, "eml", "no server was asked", file => message.WriteToAsync(Format, file, ct));
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>Neither a server nor the development drop was chosen: a refusal for good, so nobody believes it left.</summary>
    private sealed class NotConfigured : IOutboundConnection
    {
        public Task<Delivery> SendAsync(Envelope m, CancellationToken ct) => throw new DeliveryRefused(NoServer, permanent: true);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
