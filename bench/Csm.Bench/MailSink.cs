using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Csm.Bench;

/// <summary>
/// The mail server of the bench's host, on 127.0.0.1: it accepts every message (250 to each command, DATA read to its
/// lone dot) and counts them, so what the host e-mails under load (the web form's acknowledgements) is really sent, as
/// in a deployment, rather than refused for want of a server and logged as a warning per message.
/// </summary>
public sealed class MailSink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private long _accepted;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _messageIds = new(StringComparer.Ordinal);

    public MailSink()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>Messages accepted (answered 250 after their DATA).</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Accepted messages whose Message-ID came before (one message sent twice), which must stay 0.</summary>
    public long Repeated => Accepted - _messageIds.Count;

    /// <summary>The host's settings for this server.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Email__Mode"] = "Smtp", ["Email__Host"] = "127.0.0.1", ["Email__Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email__Security"] = "None",
    };

    private async Task AcceptAsync()
    {
        try
        {
            while (true) _ = ServeAsync(await _listener.AcceptTcpClientAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 bench ESMTP");
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-bench\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 end with <CRLF>.<CRLF>");
                        string? messageId = null;
                        while (await reader.ReadLineAsync(_stop.Token) is { } data && data != ".")
                            if (messageId is null && data.StartsWith("Message-ID:", StringComparison.OrdinalIgnoreCase)) messageId = data[11..].Trim();
                        _messageIds.TryAdd(messageId ?? Guid.NewGuid().ToString(), 0);
                        Interlocked.Increment(ref _accepted);
                        await writer.WriteLineAsync("250 accepted");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 bye");
                        return;
                    default:
                        await writer.WriteLineAsync("250 OK");
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
    }
}
