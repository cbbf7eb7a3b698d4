using System.Net.Http.Headers;

namespace Csm.Tests.Host;

public sealed class AuthTests
{
    private CsmFixture _csm = null!;

    [OneTimeSetUp]
    public async Task Start() => _csm = await CsmFixture.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _csm.DisposeAsync();

    [Test]
    public async Task A_request_with_no_credentials_gets_401_problem_details()
    {
        var response = await _csm.Anonymous().GetAsync("/api/users").ExpectAsync(401);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((await response.NodeAsync())["status"]!.GetValue<int>(), Is.EqualTo(401));
    }

    [Test]
    public async Task An_agent_cannot_manage_users_403()
    {
        var agent = await _csm.UserAsync("agent");
        var response = await agent.PostJsonAsync("/api/users", new { userName = "x1", displayName = "x", password = "long-enough-1", roles = new[] { "agent" } })
            .ExpectAsync(403);
        Assert.That((await response.NodeAsync())["title"]!.GetValue<string>(), Is.EqualTo("Forbidden"));
    }

    [Test]
    public async Task Token_carries_the_users_roles_to_me()
    {
        var manager = await _csm.UserAsync("manager", "maria");
        var me = await (await manager.GetAsync("/api/auth/me").ExpectAsync(200)).NodeAsync();
        Assert.That(me["userName"]!.GetValue<string>(), Is.EqualTo("maria"));
        Assert.That(me["roles"]!.AsArray().Select(r => r!.GetValue<string>()), Is.EqualTo(new[] { "manager" }));
        Assert.That(me["authMethod"]!.GetValue<string>(), Is.EqualTo("bearer"));
    }

    [Test]
    public async Task Wrong_password_gets_401_and_no_token()
    {
        var response = await _csm.Anonymous().PostJsonAsync("/api/auth/token", new { userName = "admin", password = "nope" }).ExpectAsync(401);
        var body = await response.NodeAsync();
        Assert.That(body["accessToken"], Is.Null);
        Assert.That(body["title"]!.GetValue<string>(), Is.EqualTo("Sign-in failed"));
    }

    [Test]
    public async Task Cookie_login_then_me_works_like_the_spa()
    {
        var browser = _csm.Browser();
        await browser.PostJsonAsync("/api/auth/login", new { userName = "admin", password = CsmFixture.AdminPassword }).ExpectAsync(200);
        var me = await (await browser.GetAsync("/api/auth/me").ExpectAsync(200)).NodeAsync();
        Assert.That(me["authMethod"]!.GetValue<string>(), Is.EqualTo("cookie"));
        await browser.PostAsync("/api/auth/logout", null).ExpectAsync(204);
        await browser.GetAsync("/api/auth/me").ExpectAsync(401);
    }

    [Test]
    public async Task An_api_key_works_until_revoked_and_its_secret_is_not_stored()
    {
        var created = await (await _csm.Admin.PostJsonAsync("/api/api-keys", new { name = "crm", role = "agent", scopes = new[] { "customers" } }).ExpectAsync(201)).NodeAsync();
        var key = created["key"]!.GetValue<string>();
        var client = _csm.Anonymous();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        var me = await (await client.GetAsync("/api/auth/me").ExpectAsync(200)).NodeAsync();
        Assert.That(me["scopes"]!.AsArray().Select(s => s!.GetValue<string>()), Is.EqualTo(new[] { "customers" }));

        var listed = await (await _csm.Admin.GetAsync("/api/api-keys").ExpectAsync(200)).Content.ReadAsStringAsync();
        // The secret is everything after "csm_{prefix}_"; base64url may itself contain '_'.
        var secret = key[(key.IndexOf('_', 4) + 1)..];
        Assert.That(secret, Has.Length.GreaterThanOrEqualTo(40));
        Assert.That(listed, Does.Not.Contain(secret), "the secret never leaves the create response");

        await _csm.Admin.DeleteAsync($"/api/api-keys/{created["id"]}").ExpectAsync(204);
        var refused = await (await client.GetAsync("/api/auth/me").ExpectAsync(401)).NodeAsync();
        Assert.That(refused["detail"]!.GetValue<string>(), Is.EqualTo("This API key was revoked."));
    }

    [Test]
    public async Task An_api_key_past_its_expiry_is_refused_with_401_saying_so()
    {
        await using var csm = await CsmFixture.StartAsync();
        var expiresAt = csm.Clock.GetUtcNow().AddHours(1);
        var created = await (await csm.Admin.PostJsonAsync("/api/api-keys", new { name = "pilot", role = "agent", expiresAt }).ExpectAsync(201)).NodeAsync();
        var client = csm.Anonymous();
        client.DefaultRequestHeaders.Add("X-Api-Key", created["key"]!.GetValue<string>());
        await client.GetAsync("/api/customers").ExpectAsync(200);

        csm.Clock.Advance(TimeSpan.FromMinutes(61));
        var response = await client.GetAsync("/api/customers").ExpectAsync(401);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await response.NodeAsync();
        Assert.That((problem["status"]!.GetValue<int>(), problem["detail"]!.GetValue<string>()),
            Is.EqualTo((401, $"This API key expired at {expiresAt.UtcDateTime:u}; ask an admin for a new one.")));

        var unknown = csm.Anonymous();
        unknown.DefaultRequestHeaders.Add("X-Api-Key", "csm_000000000000_" + new string('x', 43));
        Assert.That((await (await unknown.GetAsync("/api/customers").ExpectAsync(401)).NodeAsync())["detail"]!.GetValue<string>(), Is.EqualTo("Unknown API key."));
    }

    [Test]
    public async Task A_tampered_bearer_token_is_refused()
    {
        var client = _csm.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _csm.Admin.DefaultRequestHeaders.Authorization!.Parameter + "x");
        await client.GetAsync("/api/auth/me").ExpectAsync(401);
    }

    [Test]
    public async Task Several_bad_fields_are_named_in_one_400()
    {
        var response = await _csm.Admin.PostJsonAsync("/api/users", new { userName = "", displayName = "", password = "short", roles = new[] { "boss" } })
            .ExpectAsync(400);
        var errors = (await response.NodeAsync())["errors"]!.AsObject().Select(p => p.Key).ToList();
        Assert.That(errors, Is.SupersetOf(new[] { "userName", "displayName", "password", "roles[0]" }));
    }
}
