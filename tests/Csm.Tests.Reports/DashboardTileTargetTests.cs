using System.Text.Json.Nodes;

namespace Csm.Tests.Reports;

/// <summary>Tiles that refer to a rule, a saved ticket view or an improvement plan are saved only when it exists for the audience.</summary>
public sealed class DashboardTileTargetTests
{
    private static object Dashboard(string audience, params object[] tiles) => new
    {
        name = "周会", sharedWith = audience == "person" ? new { kind = "person", name = (string?)null } : new { kind = "role", name = (string?)"manager" }, tiles,
    };

    private static async Task<long> IdAsync(Task<HttpResponseMessage> post) => (await (await post.ExpectAsync(201)).NodeAsync())["id"]!.GetValue<long>();

    private static async Task<(long Rule, long Own, long OthersOwn, long Shared, long Plan)> TargetsAsync(CsmFixture csm, HttpClient manager, HttpClient other)
    {
        var rule = await IdAsync(csm.Admin.PostJsonAsync("/api/rules", new
        {
            name = "VIPs", enabled = false, trigger = new { schedule = "0 0 8 * * ?" }, cooldownDays = 30,
            condition = new { fact = "tier", op = "eq", value = "vip" },
            actions = new object[] { new { type = "setLifecycleStatus", lifecycleStatus = "atRisk" } },
        }));
        var own = await IdAsync(manager.PostJsonAsync("/api/ticket-views", new { name = "我的", shared = false, filters = new { priority = "high" } }));
        var othersOwn = await IdAsync(other.PostJsonAsync("/api/ticket-views", new { name = "他的", shared = false, filters = new { priority = "high" } }));
        var shared = await IdAsync(manager.PostJsonAsync("/api/ticket-views", new { name = "共享", shared = true, filters = new { priority = "urgent" } }));
        var plan = await IdAsync(csm.Admin.PostJsonAsync("/api/improvement-plans", new
        {
            title = "VIP 备件等待", version = 0,
            problem = new { description = "VIP customers wait for spare parts", themes = new[] { "delivery" }, metric = "nps", segment = new { dimension = "tier", value = "vip" } },
            goal = new { metric = "nps", target = 30.0, date = "2026-06-30" }, owner = "admin", startsOn = "2026-03-11",
            actions = Array.Empty<object>(),
        }));
        return (rule, own, othersOwn, shared, plan);
    }

    [Test]
    public async Task Tiles_of_a_rule_a_view_and_a_plan_that_do_not_exist_are_a_400_naming_each_and_save_nothing()
    {
        await using var csm = await CsmFixture.StartAsync();
        var manager = await csm.UserAsync("manager", "mei");
        var other = await csm.UserAsync("manager", "bo");
        var (rule, own, othersOwn, _, plan) = await TargetsAsync(csm, manager, other);
        var before = await csm.CountAsync("SELECT COUNT(*) FROM rpt_dashboards");

        var problem = await (await manager.PostJsonAsync("/api/dashboards", Dashboard("person",
            new { kind = "ruleFirings", x = 0, y = 0, w = 4, h = 4, ruleId = rule + 1000 },
            new { kind = "ticketViews", x = 4, y = 0, w = 4, h = 4, viewId = othersOwn },
            new { kind = "improvementPlans", x = 0, y = 4, w = 6, h = 5, planId = plan + 1000 },
            new { kind = "ticketViews", x = 6, y = 4, w = 4, h = 4, viewId = own })).ExpectAsync(400)).NodeAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(problem.ErrorsFor("tiles[0].ruleId").Single(), Does.Contain($"no rule {rule + 1000}"), problem.ToJsonString());
            Assert.That(problem.ErrorsFor("tiles[1].viewId").Single(), Does.Contain($"view {othersOwn}"), "another person's own view is not this audience's");
            Assert.That(problem.ErrorsFor("tiles[2].planId").Single(), Does.Contain($"plan {plan + 1000}"));
            Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "tiles[0].ruleId", "tiles[1].viewId", "tiles[2].planId" }),
                "the person's own view is fine on their own dashboard");
            Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM rpt_dashboards"), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task A_dashboard_shared_with_a_role_may_show_only_shared_views_and_an_edit_is_checked_like_a_new_one()
    {
        await using var csm = await CsmFixture.StartAsync();
        var manager = await csm.UserAsync("manager", "mei");
        var other = await csm.UserAsync("manager", "bo");
        var (rule, own, _, shared, plan) = await TargetsAsync(csm, manager, other);

        var refused = await (await manager.PostJsonAsync("/api/dashboards", Dashboard("role",
            new { kind = "ticketViews", x = 0, y = 0, w = 4, h = 4, viewId = own })).ExpectAsync(400)).NodeAsync();
        Assert.That(refused.ErrorsFor("tiles[0].viewId").Single(), Does.Contain("only shared views"), refused.ToJsonString());

        var saved = await (await manager.PostJsonAsync("/api/dashboards", Dashboard("role",
            new { kind = "ticketViews", x = 0, y = 0, w = 4, h = 4, viewId = shared },
            new { kind = "ruleFirings", x = 4, y = 0, w = 4, h = 4, ruleId = rule },
            new { kind = "improvementPlans", x = 0, y = 4, w = 6, h = 5, planId = plan })).ExpectAsync(201)).NodeAsync();
        var tiles = saved["tiles"]!.AsArray();
        Assert.That((tiles[0]!["viewId"]!.GetValue<long>(), tiles[1]!["ruleId"]!.GetValue<long>(), tiles[2]!["planId"]!.GetValue<long>()), Is.EqualTo((shared, rule, plan)));

        var id = saved["id"]!.GetValue<long>();
        var edit = await (await manager.PutJsonAsync($"/api/dashboards/{id}", new
        {
            name = "周会", sharedWith = new { kind = "role", name = "manager" }, version = saved["version"]!.GetValue<long>(),
            tiles = new[] { new { kind = "ruleFirings", x = 0, y = 0, w = 4, h = 4, ruleId = rule + 7 } },
        }).ExpectAsync(400)).NodeAsync();
        Assert.That(edit.ErrorsFor("tiles[0].ruleId"), Is.Not.Empty, edit.ToJsonString());
        var kept = await (await manager.GetAsync($"/api/dashboards/{id}").ExpectAsync(200)).NodeAsync();
        Assert.That(kept["tiles"]!.ToJsonString(), Is.EqualTo(saved["tiles"]!.ToJsonString()), "the refused edit changed nothing");
    }

    [Test]
    public async Task A_tile_whose_plan_is_deleted_later_stays_on_the_dashboard_which_still_loads()
    {
        await using var csm = await CsmFixture.StartAsync();
        var manager = await csm.UserAsync("manager", "mei");
        var other = await csm.UserAsync("manager", "bo");
        var (_, _, _, _, plan) = await TargetsAsync(csm, manager, other);
        var id = await IdAsync(manager.PostJsonAsync("/api/dashboards", Dashboard("person",
            new { kind = "improvementPlans", x = 0, y = 0, w = 6, h = 5, planId = plan })));
        await csm.Admin.DeleteAsync($"/api/improvement-plans/{plan}").ExpectAsync(204);
        var dashboard = await (await manager.GetAsync($"/api/dashboards/{id}").ExpectAsync(200)).NodeAsync();
        Assert.That(dashboard["tiles"]![0]!["planId"]!.GetValue<long>(), Is.EqualTo(plan));
        await csm.Admin.GetAsync($"/api/improvement-plans/{plan}").ExpectAsync(404);
    }
}
