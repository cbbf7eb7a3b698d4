using System.Net;
using System.Text.Json.Nodes;
using Csm.Testing;

namespace Csm.Tests.Host;

/// <summary>
/// Single sign-on against a real OpenID Connect provider on loopback: the code flow with PKCE, a signed ID token whose
/// issuer, audience, nonce, lifetime and signature are checked; people matched by e-mail or created; roles from a claim;
/// passwords for the break-glass admin only.
/// </summary>
public sealed class SingleSignOnTests
{
    private static Task<CsmFixture> StartAsync(OidcTestProvider provider, params (string, string?)[] more) =>
        // The host's clock is the real one: the provider signs tokens and the browser keeps cookies by it.
        CsmFixture.StartAsync(provider.Settings(more), clock: Clocks.At(DateTimeOffset.UtcNow));

    /// <summary>Plays the browser: Csm → the provider → back to Csm's callback; returns where Csm sends it last.</summary>
    private static async Task<string> SignInAsync(HttpClient browser, OidcTestProvider provider, string returnUrl = "/tickets")
    {
        var start = await browser.GetAsync("/api/auth/sso?returnUrl=" + Uri.EscapeDataString(returnUrl));
        Assert.That(start.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await start.Content.ReadAsStringAsync());
        Assert.That(start.Headers.Location!.ToString(), Does.StartWith(provider.Authority + "/authorize?"));
        var approved = await provider.Browser.GetAsync(start.Headers.Location);
        Assert.That(approved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var callback = approved.Headers.Location!;
        Assert.That(callback.AbsolutePath, Is.EqualTo("/api/auth/sso/callback"));
        var back = await browser.GetAsync(callback.PathAndQuery);
        Assert.That(back.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await back.Content.ReadAsStringAsync());
        return back.Headers.Location!.ToString();
    }

    private static async Task<JsonNode?> MeAsync(HttpClient browser)
    {
        var me = await browser.GetAsync("/api/auth/me");
        return me.IsSuccessStatusCode ? await me.NodeAsync() : null;
    }

    private static string[] Roles(JsonNode me) => me["roles"]!.AsArray().Select(r => r!.GetValue<string>()).ToArray();

    private static async Task<JsonNode[]> UsersWithEmailAsync(CsmFixture csm, string email) =>
        (await (await csm.Admin.GetAsync("/api/users?pageSize=200").ExpectAsync(200)).NodeAsync())["items"]!.AsArray()
            .Where(u => string.Equals(u!["email"]?.GetValue<string>(), email, StringComparison.OrdinalIgnoreCase)).Select(u => u!).ToArray();

    [Test]
    public async Task A_first_sign_in_creates_the_person_with_the_default_role_and_a_second_finds_them_again()
    {
        await using var provider = await OidcTestProvider.StartAsync();
        await using var csm = await StartAsync(provider);
        provider.Person = new() { ["sub"] = "k-42", ["email"] = "zhou.jie@example.com", ["name"] = "周杰", ["preferred_username"] = "zhou.jie", ["email_verified"] = true };

        var browser = csm.Browser(followRedirects: false);
        Assert.That(await SignInAsync(browser, provider, "/tickets?mine=1"), Is.EqualTo("/tickets?mine=1"));
        var me = (await MeAsync(browser))!;
        Assert.That((me["userName"]!.GetValue<string>(), me["displayName"]!.GetValue<string>(), Roles(me)), Is.EqualTo(("zhou.jie", "周杰", new[] { "agent" })));

        var again = csm.Browser(followRedirects: false);
        await SignInAsync(again, provider);
        Assert.That((await MeAsync(again))!["userName"]!.GetValue<string>(), Is.EqualTo("zhou.jie"));
        Assert.That(await UsersWithEmailAsync(csm, "zhou.jie@example.com"), Has.Length.EqualTo(1), "found again, not created twice");

        var audit = (await (await csm.Admin.GetAsync("/api/audit?pageSize=50").ExpectAsync(200)).NodeAsync())["items"]!.AsArray();
        var lines = audit.Select(e => $"{e!["action"]} {e["actor"]} {e["after"]?["method"]}").ToArray();
        Assert.That(lines, Does.Contain("user.created sso ").And.Contain("signIn.succeeded zhou.jie sso"));
        Assert.That(lines.Count(l => l == "signIn.succeeded zhou.jie sso"), Is.EqualTo(2));
    }

    [Test]
    public async Task A_person_with_a_password_account_is_matched_by_e_mail_whatever_its_case()
    {
        await using var provider = await OidcTestProvider.StartAsync();
        await using var csm = await StartAsync(provider);
        await csm.Admin.PostJsonAsync("/api/users", new { userName = "li.na", displayName = "李娜", password = "Manager-Pa55word!", roles = new[] { "manager" }, email = "Li.Na@Example.com" }).ExpectAsync(201);
        provider.Person = new() { ["sub"] = "k-7", ["email"] = "li.na@example.com", ["name"] = "Li Na (SSO)" };

        var browser = csm.Browser(followRedirects: false);
        await SignInAsync(browser, provider);
        var me = (await MeAsync(browser))!;
        Assert.That((me["userName"]!.GetValue<string>(), Roles(me)), Is.EqualTo(("li.na", new[] { "manager" })));
        Assert.That(await UsersWithEmailAsync(csm, "li.na@example.com"), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task Roles_come_from_the_providers_claim_through_the_map_and_a_change_there_ends_the_old_session()
    {
        await using var provider = await OidcTestProvider.StartAsync();
        await using var csm = await StartAsync(provider,
            ("Oidc:RolesClaim", "groups"), ("Oidc:RoleMap:csm-managers", "manager"), ("Oidc:RoleMap:csm-agents", "agent"));
        provider.Person = new() { ["sub"] = "k-9", ["email"] = "gao.yan@example.com", ["groups"] = new[] { "csm-managers", "finance" } };
        var first = csm.Browser(followRedirects: false);
        await SignInAsync(first, provider);
        Assert.That(Roles((await MeAsync(first))!), Is.EqualTo(new[] { "manager" }));

        provider.Person["groups"] = new[] { "csm-agents" };
        var second = csm.Browser(followRedirects: false);
        await SignInAsync(second, provider);
        Assert.That(Roles((await MeAsync(second))!), Is.EqualTo(new[] { "agent" }));
        Assert.That(await MeAsync(first), Is.Null, "the session that still said manager ends at once");
        var change = (await (await csm.Admin.GetAsync("/api/audit?action=user.updated").ExpectAsync(200)).NodeAsync())["items"]!.AsArray().Single()!;
        Assert.That((change["actor"]!.GetValue<string>(), change["after"]!["roles"]![0]!.GetValue<string>()), Is.EqualTo(("sso", "agent")));
    }

    [TestCase(OidcTestProvider.Tampering.WrongIssuer)]
    [TestCase(OidcTestProvider.Tampering.WrongAudience)]
    [TestCase(OidcTestProvider.Tampering.WrongNonce)]
    [TestCase(OidcTestProvider.Tampering.Expired)]
    [TestCase(OidcTestProvider.Tampering.WrongKey)]
    public async Task A_token_that_fails_a_check_signs_nobody_in_and_creates_nobody(OidcTestProvider.Tampering tampering)
    {
        await using var provider = await OidcTestProvider.StartAsync();
        await using var csm = await StartAsync(provider);
        provider.Person = new() { ["sub"] = "x-1", ["email"] = "mallory@example.com" };
        provider.Tamper = tampering;

        var browser = csm.Browser(followRedirects: false);
        Assert.That(await SignInAsync(browser, provider), Is.EqualTo("/login?sso=failed"));
        Assert.That(await MeAsync(browser), Is.Null);
        Assert.That(await UsersWithEmailAsync(csm, "mallory@example.com"), Is.Empty);
        var failed = (await (await csm.Admin.GetAsync("/api/audit?action=signIn.failed").ExpectAsync(200)).NodeAsync())["items"]!.AsArray().Single()!;
        Assert.That(failed["after"]!["method"]!.GetValue<string>(), Is.EqualTo("sso"));
        Assert.That(failed["after"]!["reason"]!.GetValue<string>(), Is.Not.Empty);
    }

    [Test]
    public async Task A_disabled_account_an_unverified_address_or_an_unknown_person_when_creating_is_off_is_refused()
    {
        await using var provider = await OidcTestProvider.StartAsync();
        await using var csm = await StartAsync(provider, ("Oidc:CreateUsers", "false"));
        var user = await (await csm.Admin.PostJsonAsync("/api/users", new { userName = "xu.bo", displayName = "徐波", password = "Agent-Pa55word!", roles = new[] { "agent" }, email = "xu.bo@example.com" }).ExpectAsync(201)).NodeAsync();
        await csm.Admin.PutJsonAsync($"/api/users/{user["id"]}", new { displayName = "徐波", roles = new[] { "agent" }, email = "xu.bo@example.com", isActive = false, version = 1L }).ExpectAsync(200);

        foreach (var person in new Dictionary<string, object>[]
        {
            new() { ["sub"] = "a", ["email"] = "xu.bo@example.com" },
            new() { ["sub"] = "b", ["email"] = "new.person@example.com" },
            new() { ["sub"] = "c", ["email"] = "xu.bo@example.com", ["email_verified"] = false },
            new() { ["sub"] = "d" },
        })
        {
            provider.Person = person;
            var browser = csm.Browser(followRedirects: false);
            Assert.That(await SignInAsync(browser, provider), Is.EqualTo("/login?sso=failed"), person["sub"].ToString());
            Assert.That(await MeAsync(browser), Is.Null);
        }
        var reasons = (await (await csm.Admin.GetAsync("/api/audit?action=signIn.failed").ExpectAsync(200)).NodeAsync())["items"]!.AsArray()
            .Select(e => e!["after"]!["reason"]!.GetValue<string>()).ToArray();
        Assert.That(reasons, Is.EquivalentTo(new[]
        {
            "the provider sent no e-mail address", "the provider has not verified the e-mail address",
            "no Csm account has this e-mail address and accounts are not created on sign-in", "the account is disabled",
        }));
    }

    [Test]
    public async Task With_passwords_for_the_break_glass_admin_only_everyone_else_is_sent_to_the_provider()
    {
        await using var provider = await OidcTestProvider.StartAsync();
        await using var csm = await StartAsync(provider, ("Auth:LocalPasswords", "BreakGlassOnly"));
        await csm.Admin.PostJsonAsync("/api/users", new { userName = "han.mei", displayName = "韩梅", password = "Agent-Pa55word!", roles = new[] { "agent" } }).ExpectAsync(201);

        var methods = await (await csm.Anonymous().GetAsync("/api/auth/methods").ExpectAsync(200)).NodeAsync();
        Assert.That(methods.ToJsonString(), Is.EqualTo("""{"passwords":"breakGlassOnly","singleSignOn":{"name":"Test SSO","signInUrl":"/api/auth/sso"}}"""));
        var refused = await (await csm.Anonymous().PostJsonAsync("/api/auth/login", new { userName = "han.mei", password = "Agent-Pa55word!" }).ExpectAsync(403)).NodeAsync();
        Assert.That(refused["detail"]!.GetValue<string>(), Is.EqualTo("Password sign-in is turned off; sign in with Test SSO."));
        await csm.Anonymous().PostJsonAsync("/api/auth/token", new { userName = "han.mei", password = "Agent-Pa55word!" }).ExpectAsync(403);
        await csm.Anonymous().PostJsonAsync("/api/auth/login", new { userName = "admin", password = CsmFixture.AdminPassword }).ExpectAsync(200);
    }

    [Test]
    public async Task A_return_address_outside_Csm_is_refused_and_without_a_provider_there_is_no_single_sign_on()
    {
        await using var provider = await OidcTestProvider.StartAsync();
        await using (var csm = await StartAsync(provider))
        {
            foreach (var evil in new[] { "https://evil.example/x", "//evil.example", "/\\evil.example" })
            {
                var problem = await (await csm.Anonymous().GetAsync("/api/auth/sso?returnUrl=" + Uri.EscapeDataString(evil)).ExpectAsync(400)).NodeAsync();
                Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "returnUrl" }), evil);
            }
        }
        await using var plain = await CsmFixture.StartAsync();
        var methods = await (await plain.Anonymous().GetAsync("/api/auth/methods").ExpectAsync(200)).NodeAsync();
        Assert.That(methods.ToJsonString(), Is.EqualTo("""{"passwords":"enabled","singleSignOn":null}"""));
        await plain.Anonymous().GetAsync("/api/auth/sso").ExpectAsync(404);
    }
}
