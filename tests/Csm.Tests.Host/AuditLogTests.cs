using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Csm.BuildingBlocks.Audit;
using Csm.BuildingBlocks.Data;
using Csm.Host.Operations;
using Microsoft.Extensions.DependencyInjection;
using Csm.Testing;

namespace Csm.Tests.Host;

/// <summary>
/// The audit log: who changed what, when and from where, with the entity before and after; written with the change
/// (a refused change leaves nothing), secrets never, read by admins only, as a page or CSV, pruned after its retention.
/// </summary>
public sealed class AuditLogTests
{
    private const string Password = "Agent-Pa55word!";

    internal static async Task<JsonArray> EntriesAsync(CsmFixture csm, string query, HttpClient? admin = null) =>
        (await (await (admin ?? csm.Admin).GetAsync("/api/audit?" + query).ExpectAsync(200)).NodeAsync())["items"]!.AsArray();

    private static string[] Actions(JsonArray entries) => entries.Select(e => e!["action"]!.GetValue<string>()).ToArray();

    private static async Task<string> RawAsync(CsmFixture csm) => await (await csm.Admin.GetAsync("/api/audit?pageSize=200").ExpectAsync(200)).Content.ReadAsStringAsync();

    /// <summary>A client signed in as admin from <paramref name="address"/>, as if through a proxy that says so.</summary>
    internal static async Task<HttpClient> AdminFromAsync(CsmFixture csm, IPAddress address)
    {
        var client = csm.From(address);
        var token = await (await client.PostJsonAsync("/api/auth/token", new { userName = "admin", password = CsmFixture.AdminPassword }).ExpectAsync(200)).NodeAsync();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token["accessToken"]!.GetValue<string>());
        return client;
    }

    [Test]
    public async Task An_admin_changing_an_agents_role_is_logged_with_who_when_where_before_and_after_and_no_password()
    {
        await using var csm = await CsmFixture.StartAsync();
        var admin = await AdminFromAsync(csm, IPAddress.Parse("203.0.113.7"));
        var user = await (await admin.PostJsonAsync("/api/users",
            new { userName = "zhao.lei", displayName = "赵磊", password = Password, roles = new[] { "agent" } }).ExpectAsync(201)).NodeAsync();
        var id = user["id"]!.GetValue<long>();
        csm.Clock.Advance(TimeSpan.FromMinutes(5));
        await admin.PutJsonAsync($"/api/users/{id}", new
        {
            displayName = "赵磊", roles = new[] { "manager" }, isActive = true, version = user["version"]!.GetValue<long>(), newPassword = "Chang3d-Secret-Pa55!",
        }).ExpectAsync(200);

        var entries = await EntriesAsync(csm, $"entity=user&entityId={id}");
        Assert.That(Actions(entries), Is.EqualTo(new[] { "user.passwordSet", "user.updated", "user.created" }), "newest first");
        var updated = entries[1]!;
        Assert.Multiple(() =>
        {
            Assert.That(updated["actor"]!.GetValue<string>(), Is.EqualTo("admin"));
            Assert.That(updated["actorKind"]!.GetValue<string>(), Is.EqualTo("user"));
            Assert.That(updated["address"]!.GetValue<string>(), Is.EqualTo("203.0.113.7"));
            Assert.That(updated["at"]!.GetValue<DateTimeOffset>(), Is.EqualTo(csm.Clock.GetUtcNow()));
            Assert.That(updated["before"]!["roles"]!.AsArray().Select(r => r!.GetValue<string>()), Is.EqualTo(new[] { "agent" }));
            Assert.That(updated["after"]!["roles"]!.AsArray().Select(r => r!.GetValue<string>()), Is.EqualTo(new[] { "manager" }));
            Assert.That(updated["changed"]!.AsArray().Select(c => c!.GetValue<string>()), Is.EquivalentTo(new[] { "roles", "version" }));
            Assert.That(entries[0]!["after"], Is.Null, "that the password was set, never what it is");
        });
        var raw = await RawAsync(csm);
        Assert.That(raw, Does.Not.Contain("Chang3d-Secret-Pa55!").And.Not.Contain(Password).And.Not.Contain("AQAAAA"), "no password and no hash anywhere");
    }

    [Test]
    public async Task A_refused_change_leaves_no_entry_behind()
    {
        await using var csm = await CsmFixture.StartAsync();
        var user = await (await csm.Admin.PostJsonAsync("/api/users",
            new { userName = "qian.li", displayName = "钱丽", password = Password, roles = new[] { "agent" } }).ExpectAsync(201)).NodeAsync();
        var id = user["id"]!.GetValue<long>();
        var stale = new { displayName = "钱丽", roles = new[] { "admin" }, isActive = true, version = 99L };
        await csm.Admin.PutJsonAsync($"/api/users/{id}", stale).ExpectAsync(409);
        await csm.Admin.PutJsonAsync("/api/users/999999", stale with { version = 1L }).ExpectAsync(404);
        Assert.That(Actions(await EntriesAsync(csm, "action=user.updated")), Is.Empty);
        Assert.That(Actions(await EntriesAsync(csm, $"entity=user&entityId={id}")), Is.EqualTo(new[] { "user.created" }));
    }

    /// <summary>
    /// No endpoint can fail after writing its entry (each writes it last, just before committing), so this plays one that
    /// did: an entry written in a change's transaction that rolls back, or whose session ends uncommitted, is gone with it.
    /// </summary>
    [Test]
    public async Task An_entry_written_in_a_transaction_that_does_not_commit_is_gone_with_it()
    {
        await using var csm = await CsmFixture.StartAsync();
        async Task WriteAsync(string action, Func<DbSession, Task> end)
        {
            await using var scope = csm.Services.CreateAsyncScope();
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            await session.BeginAsync();
            await scope.ServiceProvider.GetRequiredService<AuditTrail>().RecordAsync("host", action, "probe", 1);
            await end(session);
        }
        await WriteAsync("probe.rolledBack", s => s.RollbackAsync());
        await WriteAsync("probe.abandoned", _ => Task.CompletedTask);
        await WriteAsync("probe.committed", s => s.CommitAsync());
        Assert.That(Actions(await EntriesAsync(csm, "action=probe.")), Is.EqualTo(new[] { "probe.committed" }));
    }

    [Test]
    public async Task Sign_ins_and_failed_sign_ins_are_logged_with_the_name_tried_and_the_address()
    {
        await using var csm = await CsmFixture.StartAsync();
        var browser = csm.From(IPAddress.Parse("198.51.100.9"));
        await browser.PostJsonAsync("/api/auth/login", new { userName = "nobody.here", password = "guess-1234" }).ExpectAsync(401);
        await browser.PostJsonAsync("/api/auth/login", new { userName = "admin", password = "wrong-password" }).ExpectAsync(401);
        await browser.PostJsonAsync("/api/auth/login", new { userName = "admin", password = CsmFixture.AdminPassword }).ExpectAsync(200);

        var entries = await EntriesAsync(csm, "action=signIn.&pageSize=10");
        var fromThere = entries.Where(e => e!["address"]?.GetValue<string>() == "198.51.100.9")
            .Select(e => $"{e!["action"]} {e["actor"]} {e["after"]!["method"]}").ToArray();
        Assert.That(fromThere, Is.EqualTo(new[] { "signIn.succeeded admin cookie", "signIn.failed admin cookie", "signIn.failed nobody.here cookie" }));
        Assert.That(Actions(await EntriesAsync(csm, "action=signIn.failed")), Has.Length.EqualTo(2), "exact action filter");
    }

    [Test]
    public async Task An_api_key_is_logged_by_its_prefix_never_its_secret_its_last_use_is_listed_and_its_changes_name_it()
    {
        await using var csm = await CsmFixture.StartAsync();
        var created = await (await csm.Admin.PostJsonAsync("/api/api-keys", new { name = "erp sync", role = "manager" }).ExpectAsync(201)).NodeAsync();
        var key = created["key"]!.GetValue<string>();
        var keyId = created["id"]!.GetValue<long>();
        var integration = csm.From(IPAddress.Parse("192.0.2.44"));
        integration.DefaultRequestHeaders.Add("X-Api-Key", key);
        await integration.PostJsonAsync("/api/customer-fields", new { key = "region", label = "Region", type = "text", required = false }).ExpectAsync(201);
        var listed = (await (await csm.Admin.GetAsync("/api/api-keys").ExpectAsync(200)).NodeAsync())["items"]!.AsArray().Single(k => k!["id"]!.GetValue<long>() == keyId)!;
        Assert.That((listed["lastUsedAt"]!.GetValue<DateTimeOffset>(), listed["lastUsedFrom"]!.GetValue<string>()),
            Is.EqualTo((csm.Clock.GetUtcNow(), "192.0.2.44")), "the list shows when and from where the key was last used");
        await csm.Admin.DeleteAsync($"/api/api-keys/{keyId}").ExpectAsync(204);
        await csm.Admin.DeleteAsync($"/api/api-keys/{keyId}").ExpectAsync(204);

        var keyEntries = await EntriesAsync(csm, $"entity=apiKey&entityId={keyId}");
        Assert.That(Actions(keyEntries), Is.EqualTo(new[] { "apiKey.revoked", "apiKey.created" }), "revoking twice is one change");
        Assert.That(key, Does.Contain("_" + keyEntries[1]!["after"]!["prefix"]!.GetValue<string>() + "_"));
        Assert.That(keyEntries[0]!["after"]!["revokedAt"], Is.Not.Null);
        var field = (await EntriesAsync(csm, "entity=customerField&entityId=region")).Single()!;
        Assert.That((field["actor"]!.GetValue<string>(), field["actorKind"]!.GetValue<string>()), Is.EqualTo(("apikey:erp sync", "apiKey")));
        Assert.That(await RawAsync(csm), Does.Not.Contain(key));
    }

    [Test]
    public async Task Erasing_a_customer_keeps_who_did_what_and_when_and_forgets_what_the_log_said_about_them()
    {
        await using var csm = await CsmFixture.StartAsync();
        var customer = await (await csm.Admin.PostJsonAsync("/api/customers",
            new { name = "王芳", tier = "vip", contacts = new[] { new { name = "王芳", email = "wang.fang@example.com", isPrimary = true } } }).ExpectAsync(201)).NodeAsync();
        var id = customer["id"]!.GetValue<long>();
        await csm.Admin.PutJsonAsync($"/api/customers/{id}", new { name = "王芳", tier = "standard", contacts = new[] { new { name = "王芳", email = "wang.fang@example.com", isPrimary = true } }, version = 1L }).ExpectAsync(200);
        var before = await EntriesAsync(csm, $"entity=customer&entityId={id}");
        Assert.That(before[0]!["changed"]!.AsArray().Select(c => c!.GetValue<string>()), Does.Contain("tier"));
        await csm.Admin.GetAsync($"/api/customers/{id}/export").ExpectAsync(200);
        await csm.Admin.DeleteAsync($"/api/customers/{id}?erase=true").ExpectAsync(204);

        var entries = await EntriesAsync(csm, $"entity=customer&entityId={id}");
        Assert.That(Actions(entries), Is.EqualTo(new[] { "customer.erased", "customer.exported", "customer.updated", "customer.created" }));
        Assert.That(entries.All(e => e!["actor"]!.GetValue<string>() == "admin" && e["before"] is null && e["after"] is null), Is.True);
        Assert.That(await RawAsync(csm), Does.Not.Contain("王芳").And.Not.Contain("wang.fang"));
    }

    [Test]
    public async Task Configuration_changes_in_every_module_are_logged()
    {
        await using var csm = await CsmFixture.StartAsync();
        await OutboundTests.WelcomeVipsAsync(csm);
        await csm.Admin.PutJsonAsync("/api/survey-fatigue-policies/vip", new { quietDays = 45, capCount = 2, capDays = 90 }).ExpectAsync(200);
        var calendar = await (await csm.Admin.PostJsonAsync("/api/calendars", new
        {
            name = "Shanghai desk", timeZone = "Asia/Shanghai",
            weeklyHours = new[] { new { day = "monday", start = "09:00", end = "18:00" } },
        }).ExpectAsync(201)).NodeAsync();

        var entries = await EntriesAsync(csm, "pageSize=50");
        Assert.That(entries.Select(e => $"{e!["module"]} {e["action"]}"),
            Is.SupersetOf(new[] { "rules rule.created", "surveys fatiguePolicy.set", "tickets calendar.created" }));
        var policy = entries.Single(e => e!["action"]!.GetValue<string>() == "fatiguePolicy.set")!;
        Assert.That(policy["after"]!["quietDays"]!.GetValue<long>(), Is.EqualTo(45));
        var created = entries.Single(e => e!["action"]!.GetValue<string>() == "calendar.created")!;
        Assert.That(created["entityId"]!.GetValue<string>(), Is.EqualTo(calendar["id"]!.ToString()));
        Assert.That(Actions(await EntriesAsync(csm, "action=rule.")), Is.EqualTo(new[] { "rule.created" }), "a prefix filter");
        Assert.That(Actions(await EntriesAsync(csm, "module=tickets")), Is.EqualTo(new[] { "calendar.created" }));
    }

    [Test]
    public async Task Only_admins_read_the_log_and_the_csv_holds_every_matching_entry()
    {
        await using var csm = await CsmFixture.StartAsync();
        var manager = await csm.UserAsync("manager");
        var agent = await csm.UserAsync("agent");
        await manager.GetAsync("/api/audit").ExpectAsync(403);
        await agent.GetAsync("/api/audit").ExpectAsync(403);
        await csm.Anonymous().GetAsync("/api/audit").ExpectAsync(401);

        var page = await (await csm.Admin.GetAsync("/api/audit?action=user.created&pageSize=1").ExpectAsync(200)).NodeAsync();
        Assert.That((page["total"]!.GetValue<long>(), page["items"]!.AsArray().Count), Is.EqualTo((2L, 1)));
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/audit?action=user.created");
        request.Headers.Accept.ParseAdd("text/csv");
        var csv = await (await csm.Admin.SendAsync(request)).Content.ReadAsStringAsync();
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Does.StartWith("at,actor,actorKind,address,module,action,entity,entityId,changed,before,after"));
        Assert.That(lines.Skip(1).Count(l => l.Contains(",user.created,user,")), Is.EqualTo(2));

        var problem = await (await csm.Admin.GetAsync("/api/audit?from=2026-05-02T00:00:00Z&to=2026-05-01T00:00:00Z").ExpectAsync(400)).NodeAsync();
        Assert.That(problem["errors"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "to" }));
        await csm.Admin.GetAsync("/api/audit?from=yesterday").ExpectAsync(400);
    }

    [Test]
    public async Task Entries_past_the_retention_are_deleted_and_a_retention_of_zero_keeps_everything()
    {
        await using var csm = await CsmFixture.StartAsync(new Dictionary<string, string?> { ["Audit:RetentionDays"] = "30" });
        await csm.Admin.PostJsonAsync("/api/customer-fields", new { key = "old", label = "Old", type = "text", required = false }).ExpectAsync(201);
        csm.Clock.Advance(TimeSpan.FromDays(31));
        var admin = await csm.SignInAsync("admin", CsmFixture.AdminPassword);
        await admin.PostJsonAsync("/api/customer-fields", new { key = "recent", label = "Recent", type = "text", required = false }).ExpectAsync(201);

        var pruned = await csm.Service<AuditRetention>().PruneAsync(CancellationToken.None);
        var left = await EntriesAsync(csm, "pageSize=200", admin);
        Assert.That(pruned, Is.GreaterThanOrEqualTo(1));
        Assert.That(left.Select(e => e!["entityId"]?.GetValue<string>()), Does.Contain("recent").And.Not.Contain("old"));
        Assert.That(left.All(e => e!["at"]!.GetValue<DateTimeOffset>() >= csm.Clock.GetUtcNow().AddDays(-30)), Is.True);

        await using var forever = await CsmFixture.StartAsync(new Dictionary<string, string?> { ["Audit:RetentionDays"] = "0" });
        await forever.Admin.PostJsonAsync("/api/customer-fields", new { key = "kept", label = "Kept", type = "text", required = false }).ExpectAsync(201);
        forever.Clock.Advance(TimeSpan.FromDays(3650));
        Assert.That(await forever.Service<AuditRetention>().PruneAsync(CancellationToken.None), Is.Zero);
    }
}
