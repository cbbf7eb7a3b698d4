using System.Text.Json.Nodes;
using Csm.BuildingBlocks.Messaging;
using static Csm.Tests.Reports.ReportsApi;

namespace Csm.Tests.Reports;

public sealed class ImprovementPlanTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 20, 10, 0, 0, Beijing);

    private static object Plan(string startsOn = "2026-03-11", string goalDate = "2026-06-30", string metric = "nps", string[]? themes = null,
        string dimension = "tier", string? value = "vip", string goalMetric = "nps", long version = 0, object[]? actions = null) => new
    {
        title = "VIP 备件等待", version,
        problem = new { description = "VIP customers wait for spare parts", themes = themes ?? ["delivery"], metric, segment = new { dimension, value } },
        goal = new { metric = goalMetric, target = 30.0, date = goalDate },
        owner = "admin", startsOn,
        actions = actions ?? [new { title = "Stock X200 parts in Shanghai", owner = "admin", dueOn = "2026-04-15" }],
    };

    /// <summary>(day, tier, score): answers around a start on 2026-03-11, with today 2026-03-20.</summary>
    private static readonly (DateOnly Day, string Tier, int Nps)[] Answers =
    [
        (new(2026, 2, 28), "vip", 0),                                                  // before the "before" window
        (new(2026, 3, 1), "vip", 2), (new(2026, 3, 2), "vip", 3), (new(2026, 3, 4), "vip", 9), (new(2026, 3, 5), "vip", 6),
        (new(2026, 3, 8), "vip", 7), (new(2026, 3, 10), "vip", 1), (new(2026, 3, 10), "standard", 10),
        (new(2026, 3, 11), "vip", 9), (new(2026, 3, 12), "vip", 10), (new(2026, 3, 14), "vip", 10), (new(2026, 3, 15), "vip", 8),
        (new(2026, 3, 17), "vip", 4), (new(2026, 3, 19), "vip", 9), (new(2026, 3, 20), "vip", 10), (new(2026, 3, 20), "standard", 0),
    ];

    private static (double Nps, double Low, double High, double Center, double Variance) ByHand(IReadOnlyList<int> scores)
    {
        double n = scores.Count, p = scores.Count(s => s >= 9), d = scores.Count(s => s <= 6);
        // Adjusted Wald: ¾ promoter and ¾ detractor added, n + 3.
        var pa = (p + 0.75) / (n + 3);
        var da = (d + 0.75) / (n + 3);
        var variance = (pa + da - (pa - da) * (pa - da)) / (n + 3);
        var half = 1.959963984540054 * Math.Sqrt(variance);
        return (100 * (p - d) / n, Math.Max(-100, 100 * (pa - da - half)), Math.Min(100, 100 * (pa - da + half)), pa - da, variance);
    }

    [Test]
    public async Task A_plans_effect_equals_the_before_and_after_computed_from_raw_answers_for_its_segment()
    {
        await using var csm = await CsmFixture.StartAsync(clock: Clocks.At(Now));
        await csm.PublishAsync(Answers.Select((a, i) =>
            (IntegrationEvent)Answer(i + 1, new DateTimeOffset(a.Day.ToDateTime(new TimeOnly(9, 0)), Beijing), nps: a.Nps, tier: a.Tier)).ToArray());

        var created = await (await csm.Admin.PostJsonAsync("/api/improvement-plans", Plan()).ExpectAsync(201)).NodeAsync();
        var plan = await (await csm.Admin.GetAsync($"/api/improvement-plans/{created["id"]}").ExpectAsync(200)).NodeAsync();

        int[] Scores(DateOnly from, DateOnly to) => Answers.Where(a => a.Tier == "vip" && a.Day >= from && a.Day <= to).Select(a => a.Nps).ToArray();
        var before = ByHand(Scores(new(2026, 3, 1), new(2026, 3, 10)));
        var after = ByHand(Scores(new(2026, 3, 11), new(2026, 3, 20)));
        var beyondNoise = Math.Abs(after.Center - before.Center) > 1.959963984540054 * Math.Sqrt(after.Variance + before.Variance);
        var effect = plan["effect"]!;
        Assert.Multiple(() =>
        {
            Assert.That(effect["before"]!["from"]!.GetValue<string>(), Is.EqualTo("2026-03-01"), "as many days before the start as since");
            Assert.That(effect["before"]!["to"]!.GetValue<string>(), Is.EqualTo("2026-03-10"));
            Assert.That(effect["after"]!["to"]!.GetValue<string>(), Is.EqualTo("2026-03-20"));
            Assert.That(effect["before"]!["figure"]!["n"]!.GetValue<long>(), Is.EqualTo(6));
            Assert.That(effect["after"]!["figure"]!["n"]!.GetValue<long>(), Is.EqualTo(7));
            Assert.That(effect["before"]!["figure"]!["value"].Number(), Is.EqualTo(before.Nps).Within(1e-9));
            Assert.That(effect["after"]!["figure"]!["value"].Number(), Is.EqualTo(after.Nps).Within(1e-9));
            Assert.That(effect["before"]!["figure"]!["ciLow"].Number(), Is.EqualTo(before.Low).Within(1e-9));
            Assert.That(effect["before"]!["figure"]!["ciHigh"].Number(), Is.EqualTo(before.High).Within(1e-9));
            Assert.That(effect["after"]!["figure"]!["ciLow"].Number(), Is.EqualTo(after.Low).Within(1e-9));
            Assert.That(effect["after"]!["figure"]!["ciHigh"].Number(), Is.EqualTo(after.High).Within(1e-9));
            Assert.That(effect["after"]!["figure"]!["change"].Number(), Is.EqualTo(after.Nps - before.Nps).Within(1e-9));
            Assert.That(effect["after"]!["figure"]!["beyondNoise"]!.GetValue<bool>(), Is.EqualTo(beyondNoise));
            Assert.That(effect["goal"]!["value"].Number(), Is.EqualTo(after.Nps).Within(1e-9));
            Assert.That(effect["goal"]!["reached"]!.GetValue<bool>(), Is.EqualTo(after.Nps >= 30));
            Assert.That(plan["problem"]!["themes"]!.AsArray().Select(t => t!.GetValue<string>()), Is.EqualTo(new[] { "delivery" }));
            Assert.That(plan["actions"]![0]!["title"]!.GetValue<string>(), Is.EqualTo("Stock X200 parts in Shanghai"));
        });
    }

    [Test]
    public async Task Plans_are_listed_changed_with_their_version_and_deleted_keeping_an_unchanged_action()
    {
        await using var csm = await CsmFixture.StartAsync(clock: Clocks.At(Now));
        var created = await (await csm.Admin.PostJsonAsync("/api/improvement-plans", Plan()).ExpectAsync(201)).NodeAsync();
        var id = created["id"]!.GetValue<long>();
        Assert.That(created["effect"], Is.Null, "the effect is read only when one plan is asked for");
        var actionId = created["actions"]![0]!["id"]!.GetValue<long>();

        var second = new { title = "Call every VIP detractor", owner = "admin", dueOn = "2026-03-31" };
        var changed = await (await csm.Admin.PutJsonAsync($"/api/improvement-plans/{id}", Plan(version: 1, themes: ["delivery", "price"],
            actions: [new { title = "Stock X200 parts in Shanghai", owner = "admin", dueOn = "2026-04-30" }, second])).ExpectAsync(200)).NodeAsync();
        Assert.Multiple(() =>
        {
            Assert.That(changed["version"]!.GetValue<long>(), Is.EqualTo(2));
            Assert.That(changed["actions"]![0]!["id"]!.GetValue<long>(), Is.EqualTo(actionId), "the same action, its due date moved");
            Assert.That(changed["actions"]![0]!["dueOn"]!.GetValue<string>(), Is.EqualTo("2026-04-30"));
            Assert.That(changed["actions"]![1]!["title"]!.GetValue<string>(), Is.EqualTo("Call every VIP detractor"));
            Assert.That(changed["problem"]!["themes"]!.AsArray().Select(t => t!.GetValue<string>()), Is.EqualTo(new[] { "delivery", "price" }));
        });
        await csm.Admin.PutJsonAsync($"/api/improvement-plans/{id}", Plan(version: 1)).ExpectAsync(409);

        var list = await (await csm.Admin.GetAsync("/api/improvement-plans").ExpectAsync(200)).NodeAsync();
        Assert.That(list["items"]!.AsArray().Select(p => p!["title"]!.GetValue<string>()), Is.EqualTo(new[] { "VIP 备件等待" }));
        await csm.Admin.DeleteAsync($"/api/improvement-plans/{id}").ExpectAsync(204);
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM rpt_plan_actions"), Is.Zero);
        await csm.Admin.GetAsync($"/api/improvement-plans/{id}").ExpectAsync(404);
    }

    [Test]
    public async Task An_action_about_a_customer_becomes_a_task_for_its_owner_and_is_done_when_the_task_is_resolved()
    {
        await using var csm = await CsmFixture.StartAsync(clock: Clocks.At(Now));
        var customer = await (await csm.Admin.PostJsonAsync("/api/customers", new { name = "上海精工", tier = "vip" }).ExpectAsync(201)).NodeAsync();
        var customerId = customer["id"]!.GetValue<long>();
        await csm.DrainOutboxAsync();
        var plan = await (await csm.Admin.PostJsonAsync("/api/improvement-plans", Plan(actions:
        [
            new { title = "Visit 上海精工 with the new parts schedule", owner = "admin", dueOn = "2026-03-27", customerId },
            new { title = "Stock X200 parts in Shanghai", owner = "admin", dueOn = "2026-04-15" },
        ])).ExpectAsync(201)).NodeAsync();
        var actionId = plan["actions"]![0]!["id"]!.GetValue<long>();
        await csm.DrainOutboxAsync();
        await csm.DrainOutboxAsync();

        var tasks = await csm.Admin.GetAsync("/api/tickets?Kind=task").ExpectAsync(200);
        Assert.That(await csm.CountAsync($"SELECT COUNT(*) FROM tkt_tickets WHERE kind = 'task' AND source = 'improvement-action:{actionId}' AND assignee = 'admin' AND customer_id = {customerId}"),
            Is.EqualTo(1), await tasks.Content.ReadAsStringAsync());
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM tkt_tickets WHERE kind = 'task'"), Is.EqualTo(2), "the action about no customer is a task too");

        var ticketId = await csm.CountAsync($"SELECT id FROM tkt_tickets WHERE source = 'improvement-action:{actionId}'");
        var created = Tickets.Created(ticketId, Now, kind: Csm.Modules.Tickets.Contracts.TicketKind.Task, customerId: customerId);
        await csm.PublishAsync(Tickets.Resolved(created, Now.AddHours(3), 180, source: $"improvement-action:{actionId}"));
        var read = await (await csm.Admin.GetAsync($"/api/improvement-plans/{plan["id"]}").ExpectAsync(200)).NodeAsync();
        Assert.Multiple(() =>
        {
            Assert.That(read["actions"]![0]!["ticketId"]!.GetValue<long>(), Is.EqualTo(ticketId));
            Assert.That(read["actions"]![0]!["doneAt"], Is.Not.Null);
            Assert.That(read["actions"]![1]!["doneAt"], Is.Null);
        });
    }

    [Test]
    public async Task An_action_about_no_customer_is_a_task_in_its_owners_queue_and_the_plan_shows_its_state_until_it_is_done()
    {
        await using var csm = await CsmFixture.StartAsync(clock: Clocks.At(Now));
        var lin = await csm.UserAsync("agent", "lin");
        var plan = await (await csm.Admin.PostJsonAsync("/api/improvement-plans", Plan(actions:
            [new { title = "Retrain the night shift", owner = "lin", dueOn = "2026-03-27" }])).ExpectAsync(201)).NodeAsync();
        var planId = plan["id"]!.GetValue<long>();
        Assert.That(plan["actions"]![0]!["state"]!.GetValue<string>(), Is.EqualTo("planned"));
        await csm.DrainOutboxAsync();
        await csm.DrainOutboxAsync();

        var queue = await (await lin.GetAsync("/api/tickets?Assignee=lin&Status=active").ExpectAsync(200)).NodeAsync();
        var item = queue["items"]!.AsArray().Single()!;
        var task = await (await lin.GetAsync($"/api/tickets/{item["id"]}").ExpectAsync(200)).NodeAsync();
        var dueBy = new DateTimeOffset(2026, 3, 28, 0, 0, 0, Beijing);
        Assert.Multiple(() =>
        {
            Assert.That(task["kind"]!.GetValue<string>(), Is.EqualTo("task"));
            Assert.That(task["subject"]!.GetValue<string>(), Is.EqualTo("Retrain the night shift (VIP 备件等待)"));
            Assert.That(task["assignee"]!.GetValue<string>(), Is.EqualTo("lin"));
            Assert.That(task["source"]!.GetValue<string>(), Is.EqualTo($"improvement-action:{plan["actions"]![0]!["id"]}"));
            Assert.That(task["resolutionDueAt"]!.GetValue<DateTimeOffset>(), Is.GreaterThan(Now.AddDays(5)).And.LessThanOrEqualTo(dueBy), "due by the end of 2026-03-27");
        });
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM outbox_messages WHERE processed_at IS NULL"), Is.Zero, "every handler took the task's events");
        var open = await (await csm.Admin.GetAsync($"/api/improvement-plans/{planId}").ExpectAsync(200)).NodeAsync();
        Assert.That((open["actions"]![0]!["state"]!.GetValue<string>(), open["actions"]![0]!["ticketId"]!.GetValue<long>()),
            Is.EqualTo(("open", task["id"]!.GetValue<long>())));

        await lin.PostJsonAsync($"/api/tickets/{task["id"]}/transitions", new { to = "done", outcome = "reached", version = task["version"]!.GetValue<long>() }).ExpectAsync(200);
        await csm.DrainOutboxAsync();
        var done = await (await csm.Admin.GetAsync($"/api/improvement-plans/{planId}").ExpectAsync(200)).NodeAsync();
        Assert.That(done["actions"]![0]!["state"]!.GetValue<string>(), Is.EqualTo("done"));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM cus_ticket_view") + await csm.CountAsync("SELECT COUNT(*) FROM rul_tickets"), Is.Zero,
            "a task about no customer is no customer's");
    }

    private static IEnumerable<TestCaseData> BadPlans()
    {
        yield return new TestCaseData(Plan(startsOn: "2026-03-11", goalDate: "2026-03-01"), "goal.date").SetName("A_goal_date_before_the_start_is_refused_naming_goal_date");
        yield return new TestCaseData(Plan(metric: "happiness"), "problem.metric").SetName("An_unknown_metric_is_refused_naming_problem_metric");
        yield return new TestCaseData(Plan(goalMetric: "nss"), "goal.metric").SetName("An_unknown_goal_metric_is_refused_naming_goal_metric");
        yield return new TestCaseData(Plan(themes: ["delivery", "noSuchTheme"]), "problem.themes[1]").SetName("An_unknown_theme_is_refused_naming_it");
        yield return new TestCaseData(Plan(dimension: "planet"), "problem.segment.dimension").SetName("An_unknown_segment_is_refused_naming_it");
        yield return new TestCaseData(Plan(actions: [new { title = "Call", owner = "nobody", dueOn = "2026-04-01" }]), "actions[0].owner")
            .SetName("An_action_owner_who_is_not_a_user_is_refused_naming_it");
        yield return new TestCaseData(Plan(actions: [new { title = "Call", owner = "admin", dueOn = "2026-04-01", customerId = 999 }]), "actions[0].customerId")
            .SetName("An_action_about_an_unknown_customer_is_refused_naming_it");
    }

    [TestCaseSource(nameof(BadPlans))]
    public async Task Bad_plans_are_a_400_naming_the_field_and_leave_nothing(object body, string field)
    {
        await using var csm = await CsmFixture.StartAsync(clock: Clocks.At(Now));
        var problem = await (await csm.Admin.PostJsonAsync("/api/improvement-plans", body).ExpectAsync(400)).NodeAsync();
        Assert.That(problem.ErrorsFor(field), Is.Not.Empty, problem.ToJsonString());
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM rpt_plans"), Is.Zero);
    }

    [Test]
    public async Task An_agent_reads_no_plans_and_an_account_manager_cannot_write_one()
    {
        await using var csm = await CsmFixture.StartAsync(clock: Clocks.At(Now));
        var agent = await csm.UserAsync("agent");
        var accountManager = await csm.UserAsync("accountManager");
        await agent.GetAsync("/api/improvement-plans").ExpectAsync(403);
        await accountManager.PostJsonAsync("/api/improvement-plans", Plan()).ExpectAsync(403);
        var list = await (await accountManager.GetAsync("/api/improvement-plans").ExpectAsync(200)).NodeAsync();
        Assert.That(list["total"]!.GetValue<long>(), Is.Zero);
    }
}
