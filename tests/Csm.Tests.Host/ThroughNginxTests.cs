using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;

namespace Csm.Tests.Host;

/// <summary>
/// Csm behind a real nginx configured with the deployment guide's own proxy settings (docs/deploy/csm-proxy.conf):
/// people connecting from different addresses (127.0.0.2 and 127.0.0.3, both loopback on Linux) each get their own
/// sign-in limit, and a forged X-Forwarded-For does not buy a fresh one.
/// </summary>
public sealed class ThroughNginxTests
{
    private string _root = null!;

    [SetUp]
    public void Folder() => _root = Directory.CreateTempSubdirectory("csm-nginx-").FullName;

    [TearDown]
    public void Remove() => Directory.Delete(_root, recursive: true);

    private static string? Nginx() =>
        new[] { "/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx" }.FirstOrDefault(File.Exists);

    /// <summary>A client whose connections leave from <paramref name="address"/>.</summary>
    private static HttpClient From(string address, Uri url) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
            await socket.ConnectAsync(context.DnsEndPoint, ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
    }) { BaseAddress = url };

    private static async Task<HttpStatusCode> SignInAsync(HttpClient client, string? forgedForwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { userName = "nobody-" + Guid.NewGuid().ToString("N")[..8], password = "wrong" }) };
        if (forgedForwardedFor is not null) request.Headers.Add("X-Forwarded-For", forgedForwardedFor);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Test]
    public async Task Behind_nginx_each_person_has_their_own_sign_in_limit_and_a_forged_address_changes_nothing()
    {
        var nginx = Nginx();
        if (nginx is null)
        {
            // CI installs nginx (.ci/run); a developer's machine may not have it.
            if (Environment.GetEnvironmentVariable("CI") is not null) Assert.Fail("nginx is not installed; .ci/run installs nginx-light");
            Assert.Ignore("nginx is not installed");
        }
        var installed = Path.Combine(_root, "csm");
        HostProcess.Install(installed, "<!doctype html><title>Csm behind nginx</title>");
        await using var host = await HostProcess.StartAsync(installed, _root,
            ("DataFolder", Path.Combine(_root, "data")), ("Proxy:KnownProxies", "127.0.0.1"), ("RateLimits:LoginPerMinute", "2"));

        var port = HostProcess.FreePort();
        var config = Path.Combine(_root, "nginx.conf");
        var guide = Path.Combine(OpenApiTests.RepoRoot(), "docs", "deploy", "csm-proxy.conf");
        await File.WriteAllTextAsync(config, $$"""
            daemon off;
            worker_processes 1;
            pid {{_root}}/nginx.pid;
            error_log {{_root}}/error.log;
            events { worker_connections 64; }
            http {
                access_log off;
                client_body_temp_path {{_root}}/body;
                proxy_temp_path {{_root}}/proxy;
                fastcgi_temp_path {{_root}}/fastcgi;
                uwsgi_temp_path {{_root}}/uwsgi;
                scgi_temp_path {{_root}}/scgi;
                upstream csm { server {{host.Url.Host}}:{{host.Url.Port}}; keepalive 4; }
                server {
                    listen 127.0.0.1:{{port}};
                    include {{guide}};
                }
            }
            """);
        using var proxy = Process.Start(new ProcessStartInfo(nginx, ["-c", config, "-p", _root]) { RedirectStandardError = true, UseShellExecute = false })!;
        try
        {
            var url = new Uri($"http://127.0.0.1:{port}");
            using (var probe = new HttpClient { BaseAddress = url })
            {
                for (var i = 0; ; i++)
                {
                    try
                    {
                        using var live = await probe.GetAsync("/health/live");
                        if (live.IsSuccessStatusCode) break;
                    }
                    catch (HttpRequestException) when (!proxy.HasExited) { /* not listening yet */ }
                    if (i == 100 || proxy.HasExited) Assert.Fail($"nginx did not start: {File.ReadAllText(Path.Combine(_root, "error.log"))}");
                    await Task.Delay(100);
                }
                Assert.That(await probe.GetStringAsync("/"), Does.Contain("Csm behind nginx"), "nginx passes the SPA through");
            }

            using var first = From("127.0.0.2", url);
            using var second = From("127.0.0.3", url);
            Assert.That(await SignInAsync(first), Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await SignInAsync(first), Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await SignInAsync(first), Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(await SignInAsync(first, forgedForwardedFor: "198.51.100.99"), Is.EqualTo(HttpStatusCode.TooManyRequests),
                "the address a client claims comes before the one nginx saw, and Csm reads only the last");
            Assert.That(await SignInAsync(second), Is.EqualTo(HttpStatusCode.Unauthorized), "a colleague at another address is not locked out");
        }
        finally
        {
            proxy.Kill(entireProcessTree: true);
            await proxy.WaitForExitAsync();
        }
    }
}
