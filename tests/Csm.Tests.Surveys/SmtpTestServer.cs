using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Csm.Tests.Surveys;

/// <summary>One e-mail as the server received it, with the base64 body decoded.</summary>
internal sealed record ReceivedMail(string From, IReadOnlyList<string> To, string Data)
{
    public string Body
    {
        get
        {
            var split = Data.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            var headers = Data[..split];
            var body = Data[(split + 4)..];
            return headers.Contains("Content-Transfer-Encoding: base64", StringComparison.OrdinalIgnoreCase)
                ? Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(body.Split("\r\n").Select(l => l.Trim()))))
                : body;
        }
    }

    public string? Link => Regex.Match(Body, @"https?://\S+/s/([A-Za-z0-9_-]+)") is { Success: true } m ? m.Value : null;

    public string? Token => Regex.Match(Body, @"/s/([A-Za-z0-9_-]+)") is { Success: true } m ? m.Groups[1].Value : null;
}

/// <summary>
/// A tiny SMTP server on 127.0.0.1 that speaks enough of RFC 5321 for a real client (EHLO/HELO, MAIL, RCPT,
/// DATA with dot-unstuffing, RSET, NOOP, QUIT). While Down, it answers every connection with 421, as a server
/// that is shutting down does, so the client fails for real.
/// </summary>
internal sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ConcurrentQueue<ReceivedMail> Received { get; } = new();
    public volatile bool Down;
    public int Port { get; }

    public SmtpTestServer()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = AcceptAsync();
    }

    public Dictionary<string, string?> Settings => new()
    {
        ["Surveys:Email:Mode"] = "Smtp",
        ["Surveys:Email:Host"] = "127.0.0.1",
        ["Surveys:Email:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Surveys:Email:TimeoutSeconds"] = "10",
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
                    to.Add(line[(line.IndexOf(':') + 1)..].Trim().Trim('<', '>'));
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync() is { } d && d != ".")
                    {
                        data.Append(d.StartsWith("..", StringComparison.Ordinal) ? d[1..] : d).Append("\r\n");
                    }
                    Received.Enqueue(new ReceivedMail(from, to.ToList(), data.ToString()));
                    await writer.WriteLineAsync("250 OK queued");
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
