using System.Text.Json.Nodes;
using Csm.BuildingBlocks.Auth;

namespace Csm.Tests.Host;

/// <summary>
/// The permission matrix, cell by cell: each role tries each action that matters on a customer that is not theirs.
/// An allowed cell does the thing; a refused one answers 403 naming the permission, and nothing changed.
/// </summary>
public sealed class PermissionMatrixTests
{
    private CsmFixture _csm = null!;
    private readonly Dictionary<string, HttpClient> _as = [];
    private int _n;

    [OneTimeSetUp]
    public async Task Start()
    {
        _csm = await CsmFixture.StartAsync();
        foreach (var role in Roles.All) _as[role] = await _csm.UserAsync(role, $"matrix.{role.ToLowerInvariant()}");
    }

    [OneTimeTearDown]
    public async Task Stop() => await _csm.DisposeAsync();

    /// <summary>One action: what it takes, and how to tell whether it happened.</summary>
    private sealed record Action(string Permission, int Success, Func<PermissionMatrixTests, HttpClient, long, Task<HttpResponseMessage>> Try,
        Func<PermissionMatrixTests, long, Task<bool>> Happened);

    private static readonly Action[] Actions =
    [
        new(Can.WorkTickets, 201,
            (t, c, id) => c.PostJsonAsync("/api/tickets", new { customerId = id, typeCode = "repair", channel = "phone", subject = "Pump leaks" }),
            async (t, id) => await t.TicketCountAsync(id) == 1),
        new(Can.CustomerServiceData, 201,
            (t, c, id) => c.PostJsonAsync($"/api/customers/{id}/interactions", new { channel = "call", direction = "inbound", summary = "Called about the pump" }),
            async (t, id) => (await t._csm.Admin.NodeAtAsync($"/api/customers/{id}/interactions"))["total"]!.GetValue<int>() == 1),
        new(Can.CustomerProfiles, 200,
            (t, c, id) => c.PutJsonAsync($"/api/customers/{id}", new { name = "Renamed Ltd", tier = "standard", accountManager = "someone.else", version = 1 }),
            async (t, id) => (await t._csm.Admin.NodeAtAsync($"/api/customers/{id}"))["name"]!.GetValue<string>() == "Renamed Ltd"),
        new(Can.CustomerProfiles, 201,
            (t, c, id) => c.PostJsonAsync($"/api/customers/{id}/orders", new { orderedOn = "2026-10-01", amount = 800.5m, product = "Spare parts kit" }),
            async (t, id) => (await t._csm.Admin.NodeAtAsync($"/api/customers/{id}/orders"))["total"]!.GetValue<int>() == 1),
        new(Can.CustomerTasks, 201,
            (t, c, id) => c.PostJsonAsync("/api/tickets", new { customerId = id, typeCode = "task", channel = "phone", subject = "Call about renewal" }),
            async (t, id) => await t.TicketCountAsync(id) == 1),
        new(Can.Reports, 200,
            (t, c, id) => c.GetAsync("/api/reports/satisfaction?from=2026-01-01&to=2026-12-31"),
            (t, id) => Task.FromResult(true)),
        new(Can.ExportCustomers, 200,
            (t, c, id) => c.GetAsync($"/api/customers/{id}/export"),
            (t, id) => Task.FromResult(true)),
        new(Can.ArchiveCustomers, 204,
            (t, c, id) => c.DeleteAsync($"/api/customers/{id}"),
            async (t, id) => (await t._csm.Admin.GetAsync($"/api/customers/{id}")).StatusCode == System.Net.HttpStatusCode.NotFound),
        new(Can.EraseCustomers, 204,
            (t, c, id) => c.DeleteAsync($"/api/customers/{id}?erase=true"),
            async (t, id) => (await t._csm.Admin.NodeAtAsync($"/api/customers/{id}"))["name"]!.GetValue<string>().StartsWith("Erased customer")),
        new(Can.Configure, 201,
            (t, c, id) => c.PostJsonAsync("/api/feedback-themes", new { code = $"theme{id}", name = new { zh = "噪音", en = "Noise" }, keywords = new { zh = new[] { "噪音" }, en = new[] { "noise" } } }),
            async (t, id) => (await t._csm.Admin.NodeAtAsync("/api/feedback-themes"))["items"]!.AsArray().Any(x => x!["code"]!.GetValue<string>() == $"theme{id}")),
        new(Can.Administer, 201,
            (t, c, id) => c.PostJsonAsync("/api/users", new { userName = $"new.person{id}", displayName = "New Person", password = "N3w-Pa55word!", roles = new[] { "agent" } }),
            async (t, id) => (await t._csm.Admin.NodeAtAsync("/api/users"))["items"]!.AsArray().Any(x => x!["userName"]!.GetValue<string>() == $"new.person{id}")),
    ];

    private static IEnumerable<TestCaseData> Cells() =>
        from a in Actions.Select((a, i) => (a, i))
        from role in Roles.All
        select new TestCaseData(a.i, role).SetName($"{role} {(Can.Of(a.a.Permission).Roles.Contains(role) && !Can.Of(a.a.Permission).OwnCustomersOnly.Contains(role) ? "may" : "may not")} {a.a.Permission} ({a.i})");

    [TestCaseSource(nameof(Cells))]
    public async Task Cell(int action, string role)
    {
        var a = Actions[action];
        var id = await NewCustomerAsync(accountManager: "someone.else");
        var permission = Can.Of(a.Permission);
        var allowed = permission.Roles.Contains(role) && !permission.OwnCustomersOnly.Contains(role);
        var response = await a.Try(this, _as[role], id);
        if (allowed)
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(a.Success), await response.Content.ReadAsStringAsync());
            Assert.That(await a.Happened(this, id), Is.True, "the action took effect");
            return;
        }
        var problem = await response.ExpectAsync403();
        Assert.That(problem["permission"]!.GetValue<string>(), Is.EqualTo(a.Permission));
        Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain(a.Permission).And.Contain(string.Join(", ", permission.Roles)));
        if (a.Happened is var happened && a.Success != 200) Assert.That(await happened(this, id), Is.False, "nothing changed");
    }

    [Test]
    public async Task An_account_manager_keeps_their_own_customers_profiles_and_tasks_and_not_others()
    {
        var mine = await NewCustomerAsync(accountManager: "matrix.accountmanager");
        var am = _as[Roles.AccountManager];
        var updated = await (await am.PutJsonAsync($"/api/customers/{mine}",
            new { name = "Mine Renamed", tier = "vip", accountManager = "matrix.accountmanager", version = 1 }).ExpectAsync(200)).NodeAsync();
        Assert.That(updated["tier"]!.GetValue<string>(), Is.EqualTo("vip"));
        await am.PostJsonAsync($"/api/customers/{mine}/contracts", new { number = $"HT-{mine}", startsOn = "2026-01-01", endsOn = "2026-12-31", value = 1000 }).ExpectAsync(201);
        var task = await (await am.PostJsonAsync("/api/tickets", new { customerId = mine, typeCode = "task", channel = "phone", subject = "Renewal call" }).ExpectAsync(201)).NodeAsync();
        Assert.That(task["assignee"]!.GetValue<string>(), Is.EqualTo("matrix.accountmanager"), "a task defaults to the account manager");

        var theirs = await NewCustomerAsync(accountManager: "someone.else");
        var refused = await (await am.PostJsonAsync($"/api/customers/{theirs}/contracts", new { number = $"HT-{theirs}", startsOn = "2026-01-01", endsOn = "2026-12-31", value = 1000 }).ExpectAsync(403)).NodeAsync();
        Assert.That(refused["detail"]!.GetValue<string>(), Does.Contain($"customer {theirs} is not yours"));
        Assert.That((await _csm.Admin.NodeAtAsync($"/api/customers/{theirs}/contracts")).AsArray().Count, Is.Zero);
        // Repairs and complaints are everyone's work, whoever the account manager is.
        await am.PostJsonAsync("/api/tickets", new { customerId = theirs, typeCode = "complaint", channel = "phone", subject = "Late again" }).ExpectAsync(201);
    }

    [Test]
    public async Task An_api_key_is_held_to_its_role_like_a_person()
    {
        var id = await NewCustomerAsync(accountManager: null);
        var agentKey = await _csm.ApiKeyClientAsync("agent", "customers");
        var problem = await (await agentKey.DeleteAsync($"/api/customers/{id}")).ExpectAsync403();
        Assert.That(problem["permission"]!.GetValue<string>(), Is.EqualTo(Can.ArchiveCustomers));
        var scoped = await _csm.ApiKeyClientAsync("admin", "customers");
        var outOfScope = await (await scoped.GetAsync("/api/tickets")).ExpectAsync403();
        Assert.That(outOfScope["scope"]!.GetValue<string>(), Is.EqualTo("tickets"));
    }

    [Test]
    public async Task The_matrix_is_served_as_enforced_and_each_caller_learns_their_permissions()
    {
        var roles = await _as[Roles.Agent].NodeAtAsync("/api/roles");
        Assert.That(roles["roles"]!.AsArray().Select(r => r!.GetValue<string>()), Is.EqualTo(Roles.All));
        var erase = roles["permissions"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == Can.EraseCustomers)!;
        Assert.That(erase["roles"]!.AsArray().Select(r => r!.GetValue<string>()), Is.EqualTo(new[] { Roles.Admin }));
        Assert.That(roles["permissions"]!.AsArray().Count, Is.EqualTo(Can.Matrix.Count));

        var agent = await _as[Roles.Agent].NodeAtAsync("/api/auth/me");
        Assert.That(agent["permissions"]!.AsArray().Select(p => p!.GetValue<string>()), Is.EqualTo(new[] { Can.WorkTickets, Can.CustomerServiceData }));
        var admin = await _csm.Admin.NodeAtAsync("/api/auth/me");
        Assert.That(admin["permissions"]!.AsArray().Count, Is.EqualTo(Can.Matrix.Count));
    }

    [Test]
    public void The_documented_matrix_is_the_enforced_one()
    {
        var doc = File.ReadAllText(Path.Combine(OpenApiTests.RepoRoot(), "docs", "permissions.md"));
        foreach (var p in Can.Matrix)
        {
            var row = doc.Split('\n').SingleOrDefault(l => l.StartsWith($"| `{p.Name}` "));
            Assert.That(row, Is.Not.Null, $"docs/permissions.md has a row for {p.Name}");
            var cells = row!.Split('|').Select(c => c.Trim()).ToArray()[3..7];
            var expected = Roles.All.Select(r => p.OwnCustomersOnly.Contains(r) ? "own customers" : p.Roles.Contains(r) ? "yes" : "—");
            Assert.That(cells, Is.EqualTo(expected), $"the row of {p.Name}: {row}");
        }
    }

    private async Task<long> NewCustomerAsync(string? accountManager)
    {
        var n = Interlocked.Increment(ref _n);
        var created = await (await _csm.Admin.PostJsonAsync("/api/customers", new { name = $"Matrix customer {n}", tier = "standard", accountManager }).ExpectAsync(201)).NodeAsync();
        var id = created["id"]!.GetValue<long>();
        await _csm.DrainOutboxAsync();
        return id;
    }

    private async Task<int> TicketCountAsync(long customerId) =>
        (await _csm.Admin.NodeAtAsync($"/api/tickets?customerId={customerId}"))["total"]!.GetValue<int>();
}

internal static class Refusals
{
    public static async Task<JsonNode> NodeAtAsync(this HttpClient client, string url) => await (await client.GetAsync(url).ExpectAsync(200)).NodeAsync();

    /// <summary>The 403's problem details, failing with the body when the answer was something else.</summary>
    public static async Task<JsonNode> ExpectAsync403(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(403), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), body);
        return JsonNode.Parse(body)!;
    }
}
