using System.Net;
using System.Net.Http.Json;
using Csm.Testing;

namespace Csm.Tests.Host;

/// <summary>The headers a company's IT department checks first, on pages, API answers and errors alike.</summary>
public sealed class SecurityHeadersTests
{
    [TestCase("/health/live", 200)]
    [TestCase("/api/auth/me", 401)]
    [TestCase("/api/customers/abc", 401)]
    [TestCase("/swagger/index.html", 200)]
    public async Task Every_answer_carries_the_security_headers(string path, int status)
    {
        await using var csm = await CsmFixture.StartAsync();
        using var response = await csm.Anonymous().GetAsync(path);
        Assert.That((int)response.StatusCode, Is.EqualTo(status));
        Assert.That(response.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
        Assert.That(response.Headers.GetValues("X-Frame-Options").Single(), Is.EqualTo("DENY"));
        Assert.That(response.Headers.GetValues("Referrer-Policy").Single(), Is.EqualTo("same-origin"));
        Assert.That(response.Headers.GetValues("Permissions-Policy").Single(), Does.Contain("camera=()"));
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.That(policy, Does.Contain("frame-ancestors 'none'").And.Contain("object-src 'none'").And.Contain("default-src 'self'"));
        Assert.That(policy, Does.Contain("script-src 'self';"), "no inline script anywhere, Swagger UI included");
    }

    [Test]
    public async Task The_sign_in_cookie_is_secure_when_the_proxy_says_the_request_came_over_https()
    {
        await using var csm = await CsmFixture.StartAsync(new Dictionary<string, string?> { ["Proxy:KnownProxies"] = "10.0.0.5" });
        var proxy = csm.From(IPAddress.Parse("10.0.0.5"));
        foreach (var (scheme, secure) in new[] { ("https", true), ("http", false) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
            {
                Content = JsonContent.Create(new { userName = "admin", password = CsmFixture.AdminPassword }),
            };
            request.Headers.Add("X-Forwarded-Proto", scheme);
            request.Headers.Add("X-Forwarded-For", "203.0.113.9");
            using var response = await proxy.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("csm.auth=", StringComparison.Ordinal));
            Assert.That(cookie, Does.Contain("httponly").IgnoreCase.And.Contain("samesite=lax").IgnoreCase);
            Assert.That(cookie.Contains("secure", StringComparison.OrdinalIgnoreCase), Is.EqualTo(secure), $"{scheme}: {cookie}");
        }
    }

    [Test]
    public async Task Only_the_web_form_may_be_framed_and_only_by_the_sites_an_admin_names()
    {
        await using (var closed = await CsmFixture.StartAsync())
        {
            using var response = await closed.Anonymous().GetAsync("/support");
            Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Does.EndWith("frame-ancestors 'none'"), "no site named, no framing");
            Assert.That(response.Headers.GetValues("X-Frame-Options").Single(), Is.EqualTo("DENY"));
        }
        await using var csm = await CsmFixture.StartAsync(new Dictionary<string, string?>
        {
            ["Cors:Origins:0"] = "https://shop.example.cn", ["Cors:Origins:1"] = "https://www.example.com",
        });
        using (var form = await csm.Anonymous().GetAsync("/support"))
        {
            Assert.That(form.Headers.GetValues("Content-Security-Policy").Single(),
                Does.EndWith("frame-ancestors 'self' https://shop.example.cn https://www.example.com").And.Contain("script-src 'self';"));
            Assert.That(form.Headers.Contains("X-Frame-Options"), Is.False, "X-Frame-Options cannot name sites; frame-ancestors does");
            Assert.That(form.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
        }
        foreach (var other in new[] { "/", "/s/some-token", "/api/auth/me", "/support/../customers" })
        {
            using var response = await csm.Anonymous().GetAsync(other);
            Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Does.EndWith("frame-ancestors 'none'"), other);
            Assert.That(response.Headers.GetValues("X-Frame-Options").Single(), Is.EqualTo("DENY"), other);
        }
    }

    [Test]
    public async Task The_survey_page_of_a_reusable_link_may_be_framed_by_any_site_and_staff_pages_by_none()
    {
        await using var csm = await CsmFixture.StartAsync();
        using (var page = await csm.Anonymous().GetAsync("/f/some-link-id?channel=widget&embed=1"))
        {
            Assert.That(page.Headers.GetValues("Content-Security-Policy").Single(), Does.EndWith("frame-ancestors *").And.Contain("script-src 'self';"));
            Assert.That(page.Headers.Contains("X-Frame-Options"), Is.False);
        }
        foreach (var staff in new[] { "/", "/surveys/1", "/s/some-token", "/f", "/feedback", "/api/surveys/1/link", "/f/../customers" })
        {
            using var response = await csm.Anonymous().GetAsync(staff);
            Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Does.EndWith("frame-ancestors 'none'"), staff);
            Assert.That(response.Headers.GetValues("X-Frame-Options").Single(), Is.EqualTo("DENY"), staff);
        }
    }
}
