using System.Text.Json.Nodes;
using static Csm.Tests.Reports.ReportsApi;

namespace Csm.Tests.Reports;

public sealed class DashboardTests
{
    private static object Tile(string kind, int x, int y, int w = 4, int h = 3, string? metric = null) => new { kind, x, y, w, h, metric };

    private static object Personal(string name, params object[] tiles) => new { name, sharedWith = new { kind = "person" }, tiles };

    private static string[] Kinds(JsonNode dashboard) => dashboard["tiles"]!.AsArray().Select(t => t!["kind"]!.GetValue<string>()).ToArray();

    [Test]
    public async Task Each_role_lands_on_its_default_until_a_person_saves_their_own_which_only_they_see()
    {
        await using var csm = await CsmFixture.StartAsync();
        var agent = await csm.UserAsync("agent");
        var manager = await csm.UserAsync("manager", "mei");
        var otherManager = await csm.UserAsync("manager", "bo");

        var agentHome = await agent.ReportAsync("/api/dashboards/home");
        var managerHome = await manager.ReportAsync("/api/dashboards/home");
        Assert.Multiple(() =>
        {
            Assert.That(agentHome["defaultFor"]!.GetValue<string>(), Is.EqualTo("agent"));
            Assert.That(Kinds(agentHome), Is.EqualTo(new[] { "myTickets", "ticketViews" }));
            Assert.That(agentHome["canEdit"]!.GetValue<bool>(), Is.False, "an agent does not change the agents' default");
            Assert.That(managerHome["defaultFor"]!.GetValue<string>(), Is.EqualTo("manager"));
            Assert.That(Kinds(managerHome), Does.Contain("headline").And.Contain("voiceThemes").And.Contain("kpis"));
        });

        var mine = await (await manager.PostJsonAsync("/api/dashboards",
            Personal("周会", Tile("headline", 0, 0, metric: "nps"), Tile("closedLoop", 4, 0, w: 8, h: 5))).ExpectAsync(201)).NodeAsync();
        var id = mine["id"]!.GetValue<long>();
        var home = await manager.ReportAsync("/api/dashboards/home");
        Assert.Multiple(async () =>
        {
            Assert.That(home["id"]!.GetValue<long>(), Is.EqualTo(id));
            Assert.That(home["tiles"]!.ToJsonString(), Is.EqualTo(mine["tiles"]!.ToJsonString()));
            Assert.That(home["tiles"]![1]!["w"]!.GetValue<int>(), Is.EqualTo(8));
            Assert.That(home["canEdit"]!.GetValue<bool>(), Is.True);
            Assert.That((await otherManager.ReportAsync("/api/dashboards/home"))["defaultFor"]!.GetValue<string>(), Is.EqualTo("manager"));
            await otherManager.GetAsync($"/api/dashboards/{id}").ExpectAsync(404);
            await agent.GetAsync($"/api/dashboards/{id}").ExpectAsync(404);
        });
    }

    [Test]
    public async Task A_dashboard_shared_with_a_team_is_seen_by_that_team_only_and_sharing_needs_settings_configure()
    {
        await using var csm = await CsmFixture.StartAsync();
        var north = await csm.UserAsync("agent", "li", team: "north");
        var south = await csm.UserAsync("agent", "wang", team: "south");
        var manager = await csm.UserAsync("manager");
        var shared = new { name = "北区", sharedWith = new { kind = "team", name = "north" }, tiles = new[] { Tile("myTickets", 0, 0) } };

        await north.PostJsonAsync("/api/dashboards", shared).ExpectAsync(403);
        var id = (await (await manager.PostJsonAsync("/api/dashboards", shared).ExpectAsync(201)).NodeAsync())["id"]!.GetValue<long>();

        var seenByNorth = (await north.ReportAsync("/api/dashboards")).AsArray().Select(d => d!["id"]!.GetValue<long>()).ToList();
        var seenBySouth = (await south.ReportAsync("/api/dashboards")).AsArray().Select(d => d!["id"]!.GetValue<long>()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(seenByNorth, Does.Contain(id));
            Assert.That(seenBySouth, Does.Not.Contain(id));
        });
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM rpt_dashboards"), Is.EqualTo(5), "four role defaults and the shared one");
    }

    [Test]
    public async Task The_catalogue_lists_each_tile_with_its_parameters_and_the_permission_its_data_needs()
    {
        await using var csm = await CsmFixture.StartAsync();
        var catalogue = (await (await csm.UserAsync("agent")).ReportAsync("/api/dashboards/catalogue")).AsArray().ToDictionary(k => k!["kind"]!.GetValue<string>(), k => k!);
        Assert.Multiple(() =>
        {
            Assert.That(catalogue.Keys, Is.SupersetOf(new[] { "headline", "satisfaction", "serviceLevel", "closedLoop", "voiceThemes", "retention", "ruleFirings", "ticketViews", "improvementPlans", "kpis" }));
            var metric = catalogue["satisfaction"]["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>());
            Assert.That(metric, Is.EqualTo(new[] { "metric", "groupBy", "interval" }));
            Assert.That(catalogue["headline"]["parameters"]![0]!["values"]!.AsArray().Select(v => v!.GetValue<string>()), Is.EqualTo(new[] { "nps", "csat", "ces" }));
            Assert.That(catalogue["headline"]["permission"]!.GetValue<string>(), Is.EqualTo("reports.view"));
            Assert.That(catalogue["ticketViews"]["permission"]!.GetValue<string>(), Is.EqualTo("tickets.work"));
        });
    }

    private static readonly object?[][] BadTiles =
    [
        ["tiles[0].kind", new { kind = "weather", x = 0, y = 0, w = 4, h = 3 }],
        ["tiles[0].metric", new { kind = "headline", x = 0, y = 0, w = 4, h = 3, metric = "happiness" }],
        ["tiles[0].metric", new { kind = "headline", x = 0, y = 0, w = 4, h = 3 }],
        ["tiles[0].metric", new { kind = "backlog", x = 0, y = 0, w = 4, h = 3, metric = "nps" }],
        ["tiles[0].groupBy", new { kind = "satisfaction", x = 0, y = 0, w = 4, h = 3, metric = "nps", groupBy = "weather" }],
        ["tiles[0].ruleId", new { kind = "ruleFirings", x = 0, y = 0, w = 4, h = 3 }],
        ["tiles[0].w", new { kind = "backlog", x = 10, y = 0, w = 4, h = 3 }],
        ["tiles[0].h", new { kind = "backlog", x = 0, y = 0, w = 4, h = 0 }],
        ["tiles[0]", null],
    ];

    [TestCaseSource(nameof(BadTiles))]
    public async Task A_bad_tile_is_a_400_naming_the_tiles_field_and_saves_nothing(string field, object? tile)
    {
        await using var csm = await CsmFixture.StartAsync();
        var manager = await csm.UserAsync("manager");
        var problem = await (await manager.PostJsonAsync("/api/dashboards",
            new { name = "x", sharedWith = new { kind = "person" }, tiles = new[] { tile } }).ExpectAsync(400)).NodeAsync();
        Assert.That(problem.ErrorsFor(field), Is.Not.Empty, problem.ToJsonString());
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM rpt_dashboards"), Is.EqualTo(4), "the role defaults alone");
    }

    [Test]
    public async Task A_role_default_must_be_shared_with_that_role()
    {
        await using var csm = await CsmFixture.StartAsync();
        var problem = await (await (await csm.UserAsync("manager")).PostJsonAsync("/api/dashboards",
            new { name = "x", sharedWith = new { kind = "person" }, defaultFor = "agent", tiles = Array.Empty<object>() }).ExpectAsync(400)).NodeAsync();
        Assert.That(problem.ErrorsFor("defaultFor"), Is.Not.Empty);
    }

    [Test]
    public async Task A_layout_of_a_megabyte_is_refused_before_it_is_read_and_nothing_is_saved()
    {
        await using var csm = await CsmFixture.StartAsync();
        var manager = await csm.UserAsync("manager");
        var tiles = Enumerable.Range(0, 20_000).Select(i => Tile("headline", 0, i % 200, metric: "nps"));
        var body = System.Text.Json.JsonSerializer.Serialize(new { name = new string('x', 200), sharedWith = new { kind = "person" }, tiles });
        Assert.That(body.Length, Is.GreaterThan(1024 * 1024));
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var response = await manager.PostAsync("/api/dashboards", content);
        Assert.That((int)response.StatusCode, Is.EqualTo(413));
        Assert.That((await response.NodeAsync())["status"]!.GetValue<int>(), Is.EqualTo(413));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM rpt_dashboards"), Is.EqualTo(4));
    }

    [Test]
    public async Task Two_edits_of_the_same_version_keep_the_first_and_refuse_the_second_with_409()
    {
        await using var csm = await CsmFixture.StartAsync();
        var manager = await csm.UserAsync("manager");
        var created = await (await manager.PostJsonAsync("/api/dashboards", Personal("a", Tile("backlog", 0, 0))).ExpectAsync(201)).NodeAsync();
        var id = created["id"]!.GetValue<long>();
        var first = new { name = "first", sharedWith = new { kind = "person" }, tiles = new[] { Tile("backlog", 4, 2) }, version = 1 };
        var second = new { name = "second", sharedWith = new { kind = "person" }, tiles = new[] { Tile("backlog", 8, 0) }, version = 1 };
        var saved = await (await manager.PutJsonAsync($"/api/dashboards/{id}", first).ExpectAsync(200)).NodeAsync();
        await manager.PutJsonAsync($"/api/dashboards/{id}", second).ExpectAsync(409);
        var now = await manager.ReportAsync($"/api/dashboards/{id}");
        Assert.Multiple(() =>
        {
            Assert.That(saved["version"]!.GetValue<long>(), Is.EqualTo(2));
            Assert.That(now["name"]!.GetValue<string>(), Is.EqualTo("first"));
            Assert.That(now["tiles"]![0]!["x"]!.GetValue<int>(), Is.EqualTo(4));
        });
    }

    [Test]
    public async Task A_young_period_says_so_and_shows_the_last_30_days_beside_it()
    {
        var today = new DateTimeOffset(2026, 3, 2, 10, 0, 0, Beijing);
        await using var csm = await CsmFixture.StartAsync(new Dictionary<string, string?> { ["Reports:Dashboards:YoungPeriodAnswers"] = "5" }, clock: Clocks.At(today));
        // March so far: a promoter and a detractor. The 30 days to 2 March (1 Feb on): those two and 10 in February.
        var answers = new List<Csm.BuildingBlocks.Messaging.IntegrationEvent>
        {
            Answer(1, today.AddHours(-1), nps: 10), Answer(2, today.AddDays(-1), nps: 0),
        };
        answers.AddRange(Enumerable.Range(0, 10).Select(i => (Csm.BuildingBlocks.Messaging.IntegrationEvent)Answer(10 + i, today.AddDays(-5 - i), nps: i < 6 ? 9 : 7)));
        answers.Add(Answer(30, today.AddDays(-40), nps: 0));   // before the 30 days
        await csm.PublishAsync(answers.ToArray());

        var young = await csm.Admin.ReportAsync("/api/reports/headline?metric=nps&interval=month");
        Assert.Multiple(() =>
        {
            Assert.That(young["young"]!.GetValue<bool>(), Is.True);
            Assert.That(young["youngBelow"]!.GetValue<int>(), Is.EqualTo(5));
            Assert.That(young["current"]!["from"]!.GetValue<string>(), Is.EqualTo("2026-03-01"));
            Assert.That(young["current"]!["figure"]!["n"]!.GetValue<long>(), Is.EqualTo(2));
            Assert.That(young["current"]!["figure"]!["value"].Number(), Is.EqualTo(0).Within(1e-9), "one promoter, one detractor");
            Assert.That(young["last30Days"]!["from"]!.GetValue<string>(), Is.EqualTo("2026-02-01"));
            Assert.That(young["last30Days"]!["figure"]!["n"]!.GetValue<long>(), Is.EqualTo(12));
            Assert.That(young["last30Days"]!["figure"]!["value"].Number(), Is.EqualTo(100.0 * (7 - 1) / 12).Within(1e-9), "7 promoters, 1 detractor of 12");
        });

        var week = await csm.Admin.ReportAsync("/api/reports/headline?metric=nps&interval=quarter");
        Assert.That(week["young"]!.GetValue<bool>(), Is.False, "this quarter already has 12 answers");
        Assert.That(week["last30Days"], Is.Null);
        var problem = await csm.Admin.ReportAsync("/api/reports/headline?metric=joy", 400);
        Assert.That(problem.ErrorsFor("metric"), Is.Not.Empty);
    }

    /// <summary>Signs in as one of the demo's people, after the admin gives them a password.</summary>
    private static async Task<HttpClient> DemoPersonAsync(CsmFixture csm, string userName)
    {
        const string password = "Demo-Pa55word!";
        var users = await csm.Admin.ReportAsync("/api/users?pageSize=100");
        var user = (users["items"] ?? users).AsArray().Single(u => u!["userName"]!.GetValue<string>() == userName)!;
        await csm.Admin.PutJsonAsync($"/api/users/{user["id"]}", new
        {
            displayName = user["displayName"]!.GetValue<string>(), roles = user["roles"]!.AsArray().Select(r => r!.GetValue<string>()).ToArray(),
            email = (string?)user["email"]?.GetValue<string>(), team = (string?)user["team"]?.GetValue<string>(), isActive = true,
            version = user["version"]!.GetValue<long>(), newPassword = password,
        }).ExpectAsync(200);
        return await csm.SignInAsync(userName, password);
    }

    [Test]
    public async Task The_demo_has_a_composed_dashboard_per_role_and_team_dashboards_beside_them()
    {
        await using var csm = await CsmFixture.StartAsync(new Dictionary<string, string?> { ["Demo:Enabled"] = "true" });
        var lead = await DemoPersonAsync(csm, "chen.jing");
        var repair = await DemoPersonAsync(csm, "sun.hao");
        var home = await lead.ReportAsync("/api/dashboards/home");
        var seenByRepair = (await repair.ReportAsync("/api/dashboards")).AsArray().Select(d => d!["name"]!.GetValue<string>()).ToList();
        Assert.Multiple(async () =>
        {
            Assert.That(home["name"]!.GetValue<string>(), Does.StartWith("服务台周会"));
            Assert.That(Kinds(home), Does.Contain("satisfaction").And.Contain("voiceThemes"));
            Assert.That(home["tiles"]![3]!["groupBy"]!.GetValue<string>(), Is.EqualTo("agent"));
            Assert.That(seenByRepair, Is.EquivalentTo(new[] { "坐席看板 · Agent", "现场维修 · Field repair" }));
            Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM rpt_role_dashboards"), Is.EqualTo(4), "every role has its default");
        });
    }
}
