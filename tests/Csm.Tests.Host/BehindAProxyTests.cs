using System.Net;
using System.Net.Http.Json;
using Csm.Testing;

namespace Csm.Tests.Host;

/// <summary>
/// A host behind a proxy: forwarded headers believed only from the proxies the operator names, so the sign-in limit
/// counts per real client; HTTPS redirection and HSTS only when set.
/// </summary>
public sealed class BehindAProxyTests
{
    private static readonly IPAddress Proxy = IPAddress.Parse("10.0.0.5");
    private const HttpStatusCode Unauthorized = HttpStatusCode.Unauthorized, TooMany = HttpStatusCode.TooManyRequests;

    private static async Task<HttpStatusCode> SignInAsync(HttpClient client, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/token")
        {
            // A name of its own for each try: this test is about the per-address limit, not the per-account one.
            Content = JsonContent.Create(new { userName = "nobody-" + Guid.NewGuid().ToString("N")[..8], password = "wrong" }),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>Sign-in attempts through <paramref name="client"/>, each claiming an address, and the answer each must get.</summary>
    private static async Task ExpectAsync(HttpClient client, params (string ForwardedFor, HttpStatusCode Answer)[] attempts)
    {
        foreach (var (forwardedFor, answer) in attempts)
            Assert.That(await SignInAsync(client, forwardedFor), Is.EqualTo(answer), forwardedFor);
    }

    private static Dictionary<string, string?> Limit(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?> { ["RateLimits:LoginPerMinute"] = "2" };
        foreach (var (k, v) in more) settings[k] = v;
        return settings;
    }

    [Test]
    public async Task With_no_proxy_named_a_forwarded_address_is_ignored_and_cannot_dodge_the_sign_in_limit()
    {
        await using var csm = await CsmFixture.StartAsync(Limit());
        // Loopback too: ASP.NET Core would believe it by default, a proxy on the same machine or not.
        var client = csm.From(IPAddress.Loopback);
        // A third "client" is the same connection claiming another address: still limited.
        await ExpectAsync(client, ("203.0.113.1", Unauthorized), ("203.0.113.2", Unauthorized), ("203.0.113.3", TooMany));
    }

    [Test]
    public async Task Behind_a_named_proxy_each_real_client_has_its_own_sign_in_limit()
    {
        await using var csm = await CsmFixture.StartAsync(Limit(("Proxy:KnownProxies", "10.0.0.5")));
        // Another office behind the same proxy is not punished for the first one.
        await ExpectAsync(csm.From(Proxy), ("203.0.113.1", Unauthorized), ("203.0.113.1", Unauthorized), ("203.0.113.1", TooMany), ("198.51.100.7", Unauthorized));

        // A connection that is not the proxy cannot borrow a fresh address by sending the header itself.
        await ExpectAsync(csm.From(IPAddress.Parse("192.0.2.50")), ("192.0.2.1", Unauthorized), ("192.0.2.2", Unauthorized), ("192.0.2.3", TooMany));
    }

    [Test]
    public async Task A_proxy_network_in_cidr_form_is_believed_for_every_address_in_it()
    {
        await using var csm = await CsmFixture.StartAsync(Limit(("Proxy:KnownNetworks:0", "10.0.0.0/8")));
        await ExpectAsync(csm.From(IPAddress.Parse("10.20.30.40")), ("203.0.113.1", Unauthorized), ("203.0.113.2", Unauthorized), ("203.0.113.3", Unauthorized));
    }

    [Test]
    public async Task Https_redirect_and_hsts_follow_the_protocol_the_proxy_forwards_and_are_off_unless_set()
    {
        await using (var plain = await CsmFixture.StartAsync())
        {
            using var response = await plain.Anonymous().GetAsync("/health/live");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Headers.Contains("Strict-Transport-Security"), Is.False);
        }

        await using var csm = await CsmFixture.StartAsync(new Dictionary<string, string?>
        {
            ["Proxy:KnownProxies"] = "10.0.0.5", ["Https:Redirect"] = "true", ["Https:Hsts"] = "true", ["Https:Port"] = "443",
        });
        var proxy = csm.From(Proxy);
        using var overHttp = new HttpRequestMessage(HttpMethod.Get, "http://csm.example.com/health/live");
        overHttp.Headers.Add("X-Forwarded-Proto", "http");
        overHttp.Headers.Add("X-Forwarded-For", "203.0.113.1");
        using var redirected = await proxy.SendAsync(overHttp);
        Assert.That((int)redirected.StatusCode, Is.EqualTo(307));
        Assert.That(redirected.Headers.Location, Is.EqualTo(new Uri("https://csm.example.com/health/live")));

        using var overHttps = new HttpRequestMessage(HttpMethod.Get, "http://csm.example.com/health/live");
        overHttps.Headers.Add("X-Forwarded-Proto", "https");
        overHttps.Headers.Add("X-Forwarded-For", "203.0.113.1");
        using var served = await proxy.SendAsync(overHttps);
        Assert.That(served.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(served.Headers.GetValues("Strict-Transport-Security").Single(), Does.Contain("max-age=31536000"));
    }
}
