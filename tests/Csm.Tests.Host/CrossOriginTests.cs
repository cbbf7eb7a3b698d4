using Csm.Testing;

namespace Csm.Tests.Host;

/// <summary>Only the public API answers another web site, only the origins an admin names, never with cookies.</summary>
public sealed class CrossOriginTests
{
    private const string Widget = "https://www.shentong-machinery.cn";

    private static HttpRequestMessage Preflight(string path, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return request;
    }

    private static string? AllowedOrigin(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null;

    [Test]
    public async Task A_named_origin_may_call_the_public_api_and_nothing_else()
    {
        await using var csm = await CsmFixture.StartAsync(new Dictionary<string, string?> { ["Cors:Origins:0"] = Widget });
        var client = csm.Anonymous();

        var preflight = await client.SendAsync(Preflight("/api/public/surveys/abc/responses", Widget));
        Assert.That(AllowedOrigin(preflight), Is.EqualTo(Widget));
        Assert.That(preflight.Headers.Contains("Access-Control-Allow-Credentials"), Is.False, "no cookies cross origins");

        var get = new HttpRequestMessage(HttpMethod.Get, "/api/public/surveys/no-such-token");
        get.Headers.Add("Origin", Widget);
        var answer = await client.SendAsync(get);
        Assert.That((AllowedOrigin(answer), (int)answer.StatusCode), Is.EqualTo((Widget, 404)), "the answer itself is readable by the widget");

        Assert.That(AllowedOrigin(await client.SendAsync(Preflight("/api/public/surveys/abc/responses", "https://evil.example"))), Is.Null);
        Assert.That(AllowedOrigin(await client.SendAsync(Preflight("/api/customers", Widget))), Is.Null, "staff endpoints never");
        var staff = new HttpRequestMessage(HttpMethod.Get, "/api/customers");
        staff.Headers.Add("Origin", Widget);
        Assert.That(AllowedOrigin(await csm.Admin.SendAsync(staff)), Is.Null);
    }

    [Test]
    public async Task With_no_origin_named_there_is_no_cross_origin_access_at_all()
    {
        await using var csm = await CsmFixture.StartAsync();
        Assert.That(AllowedOrigin(await csm.Anonymous().SendAsync(Preflight("/api/public/surveys/abc/responses", Widget))), Is.Null);
    }
}
