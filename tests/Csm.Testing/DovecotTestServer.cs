using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MimeKit;
using NUnit.Framework;

namespace Csm.Testing;

/// <summary>
/// A real IMAP server for a test: Debian's dovecot started in the foreground on 127.0.0.1 with a throwaway configuration
/// (a passwd-file with one plaintext user, maildir in a temporary folder, no TLS), stopped and removed at the end.
/// Messages reach it as mail reaches a mailbox: APPENDed over IMAP, or written into the maildir as raw bytes (for a
/// message no client would send). Without dovecot the test is skipped on a developer's machine and fails under CI
/// (.ci/run installs dovecot-imapd).
/// </summary>
public sealed class DovecotTestServer : IAsyncDisposable
{
    public const string UserName = "csm-support";
    public string Password { get; }
    public int Port { get; }
    private readonly string _root;
    private readonly Process _process;

    private DovecotTestServer(string root, int port, string password, Process process)
    {
        _root = root;
        Password = password;
        Port = port;
        _process = process;
    }

    public static async Task<DovecotTestServer> StartAsync()
    {
        var binary = new[] { "/usr/sbin/dovecot", "/usr/local/sbin/dovecot" }.FirstOrDefault(File.Exists);
        if (binary is null)
        {
            if (Environment.GetEnvironmentVariable("CI") is not null) Assert.Fail("dovecot is not installed; .ci/run installs dovecot-imapd");
            Assert.Ignore("dovecot is not installed (apt-get install dovecot-imapd): the IMAP tests need a real server");
        }
        var root = Path.Combine(Path.GetTempPath(), "csm-dovecot-" + Guid.NewGuid().ToString("N")[..10]);
        var home = Path.Combine(root, "mail");
        Directory.CreateDirectory(Path.Combine(root, "run"));
        Directory.CreateDirectory(home);
        var port = FreePort();
        var password = "imap-" + Guid.NewGuid().ToString("N")[..12];
        // Dovecot never runs its processes as root: as root, the mail processes run as its own "dovecot" user (the home
        // is open to it) and the login processes as "dovenull"; as anyone else, everything runs as that user.
        var root0 = geteuid() == 0;
        var user = root0 ? "dovecot" : Environment.UserName;
        var (uid, gid) = Passwd(user);
        var group = File.ReadLines("/etc/group").Select(l => l.Split(':')).FirstOrDefault(f => f.Length > 2 && f[2] == gid)?[0] ?? user;
        var login = root0 ? "dovenull" : user;
        if (root0 && !OperatingSystem.IsWindows()) File.SetUnixFileMode(home, (UnixFileMode)0x1FF);
        await File.WriteAllTextAsync(Path.Combine(root, "users"), $"{UserName}:{{PLAIN}}{password}:{uid}:{gid}::{home}\n");
        var config = Path.Combine(root, "dovecot.conf");
        await File.WriteAllTextAsync(config, $$"""
            protocols = imap
            listen = 127.0.0.1
            base_dir = {{root}}/run
            state_dir = {{root}}/run/state
            instance_name = csm-test-{{port}}
            default_login_user = {{login}}
            default_internal_user = {{user}}
            default_internal_group = {{group}}
            first_valid_uid = 0
            first_valid_gid = 0
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            mail_location = maildir:~/Maildir
            log_path = {{root}}/dovecot.log
            passdb {
              driver = passwd-file
              args = scheme=PLAIN username_format=%u {{root}}/users
            }
            userdb {
              driver = passwd-file
              args = username_format=%u {{root}}/users
            }
            service imap-login {
              chroot =
              inet_listener imap {
                address = 127.0.0.1
                port = {{port}}
              }
              inet_listener imaps {
                port = 0
              }
            }
            service anvil {
              chroot =
            }
            """);
        var process = Process.Start(new ProcessStartInfo(binary, ["-F", "-c", config])
            { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true })!;
        var started = new DovecotTestServer(root, port, password, process);
        for (var i = 0; ; i++)
        {
            try
            {
                using var client = await started.ClientAsync();
                await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
                break;
            }
            catch (Exception e) when (e is SocketException or IOException or ImapProtocolException or MailKit.Security.AuthenticationException && i < 100 && !process.HasExited)
            {
                await Task.Delay(100);
            }
            catch (Exception e)
            {
                var log = File.Exists(Path.Combine(root, "dovecot.log")) ? await File.ReadAllTextAsync(Path.Combine(root, "dovecot.log")) : "";
                await started.DisposeAsync();
                Assert.Fail($"dovecot did not start: {e.Message}\n{string.Join("\n", log.Split('\n').TakeLast(10))}");
            }
        }
        return started;
    }

    /// <summary>A signed-in client, for a test that looks at the mailbox itself.</summary>
    public async Task<ImapClient> ClientAsync()
    {
        var client = new ImapClient { Timeout = 10_000 };
        try
        {
            await client.ConnectAsync("127.0.0.1", Port, MailKit.Security.SecureSocketOptions.None);
            await client.AuthenticateAsync(UserName, Password);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Delivers a message into INBOX over IMAP (APPEND), as a mail server's delivery agent would.</summary>
    public async Task AppendAsync(MimeMessage message)
    {
        using var client = await ClientAsync();
        await client.Inbox.AppendAsync(new AppendRequest(message));
        await client.DisconnectAsync(true);
    }

    /// <summary>Writes raw bytes into INBOX's maildir as a new message: what no IMAP client would send, a malformed one.</summary>
    public async Task DeliverRawAsync(byte[] raw)
    {
        var fresh = Path.Combine(_root, "mail", "Maildir", "new");
        var name = $"{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.{Guid.NewGuid():N}.csm-test";
        var temporary = Path.Combine(_root, "mail", "Maildir", "tmp", name);
        await File.WriteAllBytesAsync(temporary, raw);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, (UnixFileMode)0x1B6);
        File.Move(temporary, Path.Combine(fresh, name));
    }

    /// <summary>The settings of a Csm mailbox on this server (the body of POST /api/mailboxes).</summary>
    public object Mailbox(string name = "support", string ticketType = "inquiry") =>
        new { name, host = "127.0.0.1", port = Port, tls = "none", userName = UserName, secret = Password, folder = "INBOX", ticketType, isEnabled = true };

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static (string Uid, string Gid) Passwd(string user)
    {
        var line = File.ReadLines("/etc/passwd").FirstOrDefault(l => l.StartsWith(user + ":", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"There is no user '{user}' in /etc/passwd.");
        var fields = line.Split(':');
        return (fields[2], fields[3]);
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern uint geteuid();

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
