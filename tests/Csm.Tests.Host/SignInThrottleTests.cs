using System.Net;
using System.Net.Http.Json;
using Csm.Testing;

namespace Csm.Tests.Host;

/// <summary>
/// Guessing one account's password from many addresses: slowed down after three failures, locked after ten, the same
/// answers for a name no account has, and the right password works again once the lock has run out.
/// </summary>
public sealed class SignInThrottleTests
{
    private static readonly Dictionary<string, string?> BehindProxy = new()
    {
        ["Proxy:KnownProxies"] = "10.0.0.5",
        // The per-address limit as in production: the attackers below each stay under it.
        ["RateLimits:LoginPerMinute"] = "20",
    };

    private static async Task<(HttpStatusCode Status, string? RetryAfter, string Body)> SignInAsync(HttpClient proxy, string address, string userName, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { userName, password }) };
        request.Headers.Add("X-Forwarded-For", address);
        using var response = await proxy.SendAsync(request);
        return (response.StatusCode, response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(), await response.Content.ReadAsStringAsync());
    }

    /// <summary>200 wrong passwords from 200 addresses, five seconds apart; the answers in order.</summary>
    private static async Task<List<HttpStatusCode>> GuessAsync(CsmFixture csm, HttpClient proxy, string userName)
    {
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 200; i++)
        {
            answers.Add((await SignInAsync(proxy, $"198.51.{i / 250}.{i % 250 + 1}", userName, $"guess-{i}")).Status);
            csm.Clock.Advance(TimeSpan.FromSeconds(5));
        }
        return answers;
    }

    [Test]
    public async Task Two_hundred_guesses_from_many_addresses_lock_the_account_and_a_name_nobody_has_answers_the_same()
    {
        await using var csm = await CsmFixture.StartAsync(BehindProxy);
        await csm.UserAsync("agent", userName: "wang.fang");
        var proxy = csm.From(IPAddress.Parse("10.0.0.5"));

        var real = await GuessAsync(csm, proxy, "wang.fang");
        // Three plain refusals, then waits of 1, 2, 4, 8 s … between tries, and after the tenth failure only "wait".
        Assert.That(real.Take(3), Is.All.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(real.Count(s => s == HttpStatusCode.Unauthorized), Is.EqualTo(10), "ten failures counted, then locked");
        Assert.That(real.Skip(real.LastIndexOf(HttpStatusCode.Unauthorized) + 1), Is.All.EqualTo(HttpStatusCode.TooManyRequests));

        // Locked: even the right password waits, and says how long.
        var locked = await SignInAsync(proxy, "203.0.113.1", "wang.fang", "Us3r-Pa55word!");
        Assert.That(locked.Status, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(int.Parse(locked.RetryAfter!), Is.InRange(1, 15 * 60));
        Assert.That(locked.Body, Does.Contain("Too many failed sign-ins with this user name"));

        // The same 200 tries on a name no account has: the very same answers, so nothing tells the two apart.
        var nobody = await GuessAsync(csm, proxy, "wang.fang.2");
        Assert.That(nobody, Is.EqualTo(real));

        // The lock runs out; the right password works and clears the count.
        csm.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.That((await SignInAsync(proxy, "203.0.113.1", "WANG.FANG", "Us3r-Pa55word!")).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await SignInAsync(proxy, "203.0.113.1", "wang.fang", "wrong")).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await SignInAsync(proxy, "203.0.113.1", "wang.fang", "wrong")).Status, Is.EqualTo(HttpStatusCode.Unauthorized), "the count started again");
    }

    [Test]
    public async Task Bearer_tokens_are_throttled_with_the_same_count()
    {
        await using var csm = await CsmFixture.StartAsync();
        for (var i = 0; i < 3; i++)
            await csm.Anonymous().PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = "wrong" });
        using var token = await csm.Anonymous().PostAsJsonAsync("/api/auth/token", new { userName = "admin", password = CsmFixture.AdminPassword });
        Assert.That(token.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "the fourth try, by another door, within the pause");
        csm.Clock.Advance(TimeSpan.FromSeconds(2));
        using var after = await csm.Anonymous().PostAsJsonAsync("/api/auth/token", new { userName = "admin", password = CsmFixture.AdminPassword });
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
