using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;

namespace Csm.Testing;

/// <summary>One e-mail as the server received it: the envelope, the raw DATA and the MIME message parsed by MimeKit.</summary>
public sealed record ReceivedMail(string From, IReadOnlyList<string> To, string Data)
{
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

    public Dictionary<string, string?> Settings => new()
    {
        ["Email:Mode"] = "Smtp",
        ["Email:Host"] = "127.0.0.1",
        ["Email:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Security"] = "None",
        ["Email:From"] = "客户服务 <service@csm.test>",
        ["Email:TimeoutSeconds"] = "10",
    };

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
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, new UTF8Encoding(false));
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
        if (Down)
        {
            await writer.WriteLineAsync("421 test.local Service not available, closing transmission channel");
            return;
        }
        await writer.WriteLineAsync("220 test.local ESMTP ready");
        string from = "";
        var to = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            var verb = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    await writer.WriteLineAsync("250-test.local\r\n250-8BITMIME\r\n250 SMTPUTF8");
                    break;
                case "HELO":
                    await writer.WriteLineAsync("250 test.local");
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
                    Received.Enqueue(new ReceivedMail(from, to.ToList(), data.ToString()));
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

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _loop; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
