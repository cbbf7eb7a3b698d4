using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Csm.Testing;

namespace Csm.Tests.Host;

/// <summary>
/// What an admin changes about a person takes effect at once: a new role, team, status or password ends the person's
/// open cookie session and bearer token; a new display name or e-mail does not.
/// </summary>
public sealed class AccountChangeTests
{
    private const string Password = "Agent-Pa55word!";

    private static async Task<(HttpClient Cookie, HttpClient Bearer)> SessionsAsync(CsmFixture csm, string userName, string password = Password)
    {
        var cookie = csm.Browser();
        (await cookie.PostAsJsonAsync("/api/auth/login", new { userName, password })).EnsureSuccessStatusCode();
        var token = await (await csm.Anonymous().PostAsJsonAsync("/api/auth/token", new { userName, password })).Content.ReadFromJsonAsync<JsonObject>();
        var bearer = csm.Anonymous();
        bearer.DefaultRequestHeaders.Authorization = new("Bearer", token!["accessToken"]!.GetValue<string>());
        return (cookie, bearer);
    }

    private static async Task<HttpStatusCode[]> MeAsync(params HttpClient[] clients) =>
        await Task.WhenAll(clients.Select(async c => (await c.GetAsync("/api/auth/me")).StatusCode));

    private static async Task<JsonObject> ChangeAsync(CsmFixture csm, JsonObject user, Action<JsonObject> change, HttpClient? admin = null)
    {
        var body = new JsonObject
        {
            ["displayName"] = user["displayName"]!.GetValue<string>(), ["roles"] = user["roles"]!.DeepClone(), ["email"] = user["email"]?.DeepClone(),
            ["team"] = user["team"]?.DeepClone(), ["isActive"] = user["isActive"]!.GetValue<bool>(), ["version"] = user["version"]!.GetValue<long>(),
        };
        change(body);
        return (JsonObject)await (await (admin ?? csm.Admin).PutJsonAsync($"/api/users/{user["id"]}", body).ExpectAsync(200)).NodeAsync();
    }

    [Test]
    public async Task A_new_role_ends_the_open_session_and_token_at_once_a_new_sign_in_carries_it_and_the_log_shows_who_when_before_and_after()
    {
        await using var csm = await CsmFixture.StartAsync();
        var user = (JsonObject)await (await csm.Admin.PostJsonAsync("/api/users",
            new { userName = "liu.yang", displayName = "刘洋", password = Password, roles = new[] { "agent" } }).ExpectAsync(201)).NodeAsync();
        var (cookie, bearer) = await SessionsAsync(csm, "liu.yang");
        Assert.That(await MeAsync(cookie, bearer), Is.All.EqualTo(HttpStatusCode.OK));

        // A display name is not a grant: nothing ends.
        user = await ChangeAsync(csm, user, b => b["displayName"] = "刘洋（华东）");
        Assert.That(await MeAsync(cookie, bearer), Is.All.EqualTo(HttpStatusCode.OK));

        var admin = await AuditLogTests.AdminFromAsync(csm, IPAddress.Parse("203.0.113.20"));
        csm.Clock.Advance(TimeSpan.FromMinutes(7));
        var changedAt = csm.Clock.GetUtcNow();
        user = await ChangeAsync(csm, user, b => b["roles"] = new JsonArray("manager"), admin);
        Assert.That(await MeAsync(cookie, bearer), Is.All.EqualTo(HttpStatusCode.Unauthorized), "both the cookie and the token stop at once");
        Assert.That((await bearer.GetAsync("/api/customers")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        var entry = (await AuditLogTests.EntriesAsync(csm, $"entity=user&entityId={user["id"]}&action=user.updated"))[0]!;
        Assert.Multiple(() =>
        {
            Assert.That((entry["actor"]!.GetValue<string>(), entry["actorKind"]!.GetValue<string>()), Is.EqualTo(("admin", "user")));
            Assert.That(entry["address"]!.GetValue<string>(), Is.EqualTo("203.0.113.20"));
            Assert.That(entry["at"]!.GetValue<DateTimeOffset>(), Is.EqualTo(changedAt));
            Assert.That(entry["before"]!["roles"]!.AsArray().Select(r => r!.GetValue<string>()), Is.EqualTo(new[] { "agent" }));
            Assert.That(entry["after"]!["roles"]!.AsArray().Select(r => r!.GetValue<string>()), Is.EqualTo(new[] { "manager" }));
            Assert.That(entry["before"]!["displayName"]!.GetValue<string>(), Is.EqualTo("刘洋（华东）"), "the entry of the role change, not the rename");
        });

        var (again, _) = await SessionsAsync(csm, "liu.yang");
        var me = await (await again.GetAsync("/api/auth/me").ExpectAsync(200)).NodeAsync();
        Assert.That(me["roles"]!.AsArray().Select(r => r!.GetValue<string>()), Is.EqualTo(new[] { "manager" }));
    }

    [TestCase("isActive")]
    [TestCase("newPassword")]
    [TestCase("team")]
    public async Task Deactivating_a_new_password_or_another_team_ends_the_sessions_too(string what)
    {
        await using var csm = await CsmFixture.StartAsync();
        var user = (JsonObject)await (await csm.Admin.PostJsonAsync("/api/users",
            new { userName = "he.jun", displayName = "何军", password = Password, roles = new[] { "agent" }, team = "north" }).ExpectAsync(201)).NodeAsync();
        var (cookie, bearer) = await SessionsAsync(csm, "he.jun");
        await ChangeAsync(csm, user, b =>
        {
            if (what == "isActive") b["isActive"] = false;
            else if (what == "newPassword") b["newPassword"] = "Another-Pa55word!";
            else b["team"] = "south";
        });
        Assert.That(await MeAsync(cookie, bearer), Is.All.EqualTo(HttpStatusCode.Unauthorized));
    }
}
