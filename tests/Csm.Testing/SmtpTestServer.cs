using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;

namespace Csm.Testing;

/// <summary>One e-mail as the server received it: the envelope, the raw DATA and the MIME message parsed by MimeKit.</summary>
public sealed record ReceivedMail(string From, IReadOnlyList<string> To, string Data)
{
    /// <summary>The message came over TLS (STARTTLS or implicit).</summary>
    public bool Secure { get; init; }

    /// <summary>The user name the client authenticated as, if it did.</summary>
    public string? User { get; init; }

    private MimeMessage? _message;

    public MimeMessage Message => _message ??= MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(Data)));

    /// <summary>The raw header block, as it crossed the wire (encoded words and all).</summary>
    public string RawHeaders => Data[..Data.IndexOf("\r\n\r\n", StringComparison.Ordinal)];

    /// <summary>The plain-text part, decoded.</summary>
    public string Body => Message.TextBody ?? "";

    public string? Link => Regex.Match(Body, @"https?://\S+/s/([A-Za-z0-9_-]+)") is { Success: true } m ? m.Value : null;

    public string? Token => Regex.Match(Body, @"/s/([A-Za-z0-9_-]+)") is { Success: true } m ? m.Groups[1].Value : null;
}

/// <summary>
/// A tiny SMTP server on 127.0.0.1 that speaks enough of RFC 5321 for a real client (EHLO/HELO, MAIL, RCPT,
/// DATA with dot-unstuffing, RSET, NOOP, QUIT). While Down, it answers every connection with 421, as a server
/// that is shutting down does, so the client fails for real. <see cref="DataReplies"/> scripts the answers to the next
/// messages (e.g. "451 4.3.0 try again later" once, then the default 250); <see cref="RefusedRecipients"/> get a 550 at RCPT.
/// Opt-in, as a mail relay does: <see cref="Tls"/> (STARTTLS or TLS from the first byte, with <see cref="Certificate"/>) and
/// <see cref="Credentials"/> (AUTH PLAIN and LOGIN; a wrong password gets 535, a message without AUTH 530).
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ConcurrentQueue<ReceivedMail> Received { get; } = new();
    public ConcurrentQueue<string> DataReplies { get; } = new();
    public ConcurrentDictionary<string, bool> RefusedRecipients { get; } = new(StringComparer.OrdinalIgnoreCase);
    public volatile bool Down;

    public SmtpTls Tls { get; init; }

    /// <summary>The server's certificate when <see cref="Tls"/> is on: by default a self-signed one for 127.0.0.1 that no one trusts.</summary>
    public X509Certificate2 Certificate => _certificate ??= SelfSigned("CN=mail.csm.test");
    private X509Certificate2? _certificate;

    /// <summary>When set, a client must authenticate with exactly these before MAIL.</summary>
    public (string User, string Password)? Credentials { get; init; }

    /// <summary>How long the server thinks before accepting a message, as a real one does (0 by default).</summary>
    public TimeSpan AcceptDelay { get; set; }
    private int _queued;
    public int Port { get; }

    public SmtpTestServer()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = AcceptAsync();
    }

    /// <summary>Csm's settings for this server: with TLS its certificate pinned, with credentials the right ones.</summary>
    public Dictionary<string, string?> Settings
    {
        get
        {
            var settings = new Dictionary<string, string?>
            {
                ["Email:Mode"] = "Smtp",
                ["Email:Host"] = "127.0.0.1",
                ["Email:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Email:Security"] = Tls.ToString(),
                ["Email:From"] = "客户服务 <service@csm.test>",
                ["Email:TimeoutSeconds"] = "10",
            };
            if (Tls != SmtpTls.None) settings["Email:ServerCertificateThumbprint"] = Certificate.GetCertHashString(HashAlgorithmName.SHA256);
            if (Credentials is { } c) (settings["Email:UserName"], settings["Email:Password"]) = (c.User, c.Password);
            return settings;
        }
    }

    /// <summary>A self-signed server certificate for 127.0.0.1 and localhost, with its private key.</summary>
    public static X509Certificate2 SelfSigned(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        Stream stream = client.GetStream();
        try
        {
            await ConverseAsync(stream);
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
        {
            // A client that gave up (e.g. on an untrusted certificate) ends its conversation.
        }
    }

    private async Task ConverseAsync(Stream stream)
    {
        var secure = false;
        if (Tls == SmtpTls.SslOnConnect)
        {
            stream = await SecureAsync(stream);
            secure = true;
        }
        var (reader, writer) = Talk(stream);
        if (Down)
        {
            await writer.WriteLineAsync("421 test.local Service not available, closing transmission channel");
            return;
        }
        await writer.WriteLineAsync("220 test.local ESMTP ready");
        string from = "";
        string? user = null;
        var to = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            var verb = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
            var mustStartTls = Tls == SmtpTls.StartTls && !secure;
            switch (verb)
            {
                case "EHLO":
                    await writer.WriteLineAsync("250-test.local\r\n250-8BITMIME\r\n"
                        + (mustStartTls ? "250-STARTTLS\r\n" : Credentials is null ? "" : "250-AUTH PLAIN LOGIN\r\n") + "250 SMTPUTF8");
                    break;
                case "HELO":
                    await writer.WriteLineAsync("250 test.local");
                    break;
                case "STAR" when mustStartTls:
                    await writer.WriteLineAsync("220 2.0.0 Ready to start TLS");
                    stream = await SecureAsync(stream);
                    secure = true;
                    (reader, writer) = Talk(stream);
                    break;
                case "AUTH" when Credentials is not null && !mustStartTls:
                    user = await AuthenticateAsync(line, reader, writer);
                    break;
                case "MAIL" when mustStartTls:
                    await writer.WriteLineAsync("530 5.7.0 Must issue a STARTTLS command first");
                    break;
                case "MAIL" when Credentials is not null && user is null:
                    await writer.WriteLineAsync("530 5.7.0 Authentication required");
                    break;
                case "MAIL":
                    from = line[(line.IndexOf(':') + 1)..].Trim().Trim('<', '>');
                    to.Clear();
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "RCPT":
                    var recipient = line[(line.IndexOf(':') + 1)..].Trim().Trim('<', '>');
                    if (RefusedRecipients.ContainsKey(recipient))
                    {
                        await writer.WriteLineAsync("550 5.1.1 <" + recipient + ">: Recipient address rejected: User unknown");
                        break;
                    }
                    to.Add(recipient);
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync() is { } d && d != ".")
                    {
                        data.Append(d.StartsWith("..", StringComparison.Ordinal) ? d[1..] : d).Append("\r\n");
                    }
                    if (DataReplies.TryDequeue(out var scripted) && !scripted.StartsWith('2'))
                    {
                        await writer.WriteLineAsync(scripted);
                        break;
                    }
                    if (AcceptDelay > TimeSpan.Zero) await Task.Delay(AcceptDelay);
                    Received.Enqueue(new ReceivedMail(from, to.ToList(), data.ToString()) { Secure = secure, User = user });
                    await writer.WriteLineAsync($"250 2.0.0 OK queued as T{Interlocked.Increment(ref _queued)}");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 Bye");
                    return;
                case "RSET":
                case "NOOP":
                    await writer.WriteLineAsync("250 OK");
                    break;
                default:
                    await writer.WriteLineAsync("502 Command not implemented");
                    break;
            }
        }
    }

    private static (StreamReader, StreamWriter) Talk(Stream stream) =>
        (new StreamReader(stream, new UTF8Encoding(false), false, 1024, leaveOpen: true),
         new StreamWriter(stream, new UTF8Encoding(false), 1024, leaveOpen: true) { NewLine = "\r\n", AutoFlush = true });

    private async Task<Stream> SecureAsync(Stream stream)
    {
        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
        await ssl.AuthenticateAsServerAsync(Certificate);
        return ssl;
    }

    /// <summary>AUTH PLAIN (initial response or after 334) and AUTH LOGIN; the user name when the credentials match, else null after a 535.</summary>
    private async Task<string?> AuthenticateAsync(string line, StreamReader reader, StreamWriter writer)
    {
        static string Decode(string? b64) => Encoding.UTF8.GetString(Convert.FromBase64String(b64?.Trim() ?? ""));
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var mechanism = parts.Length > 1 ? parts[1].ToUpperInvariant() : "";
        async Task<string?> Ask(string prompt)
        {
            await writer.WriteLineAsync("334 " + prompt);
            return await reader.ReadLineAsync();
        }
        string user, password;
        switch (mechanism)
        {
            case "PLAIN":
                var fields = Decode(parts.Length > 2 ? parts[2] : await Ask("")).Split('\0');
                (user, password) = (fields[^2], fields[^1]);
                break;
            case "LOGIN":
                user = Decode(parts.Length > 2 ? parts[2] : await Ask(Convert.ToBase64String("Username:"u8.ToArray())));
                password = Decode(await Ask(Convert.ToBase64String("Password:"u8.ToArray())));
                break;
            default:
                await writer.WriteLineAsync("504 5.5.4 Unrecognized authentication type");
                return null;
        }
        if (Credentials is { } c && user == c.User && password == c.Password)
        {
            await writer.WriteLineAsync("235 2.7.0 Authentication successful");
            return user;
        }
        await writer.WriteLineAsync("535 5.7.8 Error: authentication failed: bad user name or password");
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _loop; } catch (OperationCanceledException) { }
        _stop.Dispose();
        _certificate?.Dispose();
    }
}

/// <summary>How <see cref="SmtpTestServer"/> speaks TLS, named as Csm's Email:Security is.</summary>
public enum SmtpTls { None, StartTls, SslOnConnect }
