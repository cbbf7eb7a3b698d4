using Csm.Modules.Customers.Contracts;
using Csm.Modules.Rules.Contracts;
using Csm.Modules.Surveys.Contracts;
using Csm.Modules.Tickets.Contracts;
using static Csm.Tests.Tickets.TicketKit;

namespace Csm.Tests.Tickets;

public sealed class FollowUpTaskTests
{
    private static SurveyResponded Response(long responseId, long customerId, FeedbackClass feedback, string? accountManager = null, long? ticketId = null) =>
        new(responseId, 1, 1, customerId, "standard", Touchpoint.Service, Nps: 3, Csat: null, Ces: null, Comment: "师傅迟到了两个小时", Themes: [],
            ticketId, "repair", null, null, new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8)), feedback, accountManager);

    private static async Task<List<System.Text.Json.Nodes.JsonNode>> TasksAsync(CsmFixture csm)
    {
        var page = await (await csm.Admin.GetAsync("/api/tickets?type=task").ExpectAsync(200)).NodeAsync();
        return page["items"]!.AsArray().Select(t => t!).ToList();
    }

    [Test]
    public async Task An_unhappy_answer_opens_one_follow_up_task_for_the_account_manager_due_in_48_business_hours()
    {
        await using var csm = await CsmFixture.StartAsync();
        await csm.UserAsync("accountManager", "wang.fang");
        await KnownCustomerAsync(csm, 4);
        await csm.PublishAsync(Response(77, 4, FeedbackClass.Unhappy, accountManager: "wang.fang"));
        await csm.PublishAsync(Response(77, 4, FeedbackClass.Unhappy, accountManager: "wang.fang")); // the same answer delivered again
        await csm.PublishAsync(Response(78, 4, FeedbackClass.Happy, accountManager: "wang.fang"));

        var task = (await TasksAsync(csm)).Single();
        Assert.That(task["assignee"]!.GetValue<string>(), Is.EqualTo("wang.fang"));
        var full = await (await csm.Admin.GetAsync($"/api/tickets/{Id(task)}").ExpectAsync(200)).NodeAsync();
        Assert.That(full["source"]!.GetValue<string>(), Is.EqualTo("survey-response:77"));
        Assert.That(full["description"]!.GetValue<string>(), Does.Contain("师傅迟到了两个小时"));
        // 48 business hours of 9-hour weekdays from Monday 09:00: five days and three hours, the next Monday at noon.
        Assert.That(full["resolutionDueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(new DateTimeOffset(2026, 3, 9, 12, 0, 0, TimeSpan.FromHours(8))));
    }

    [Test]
    public async Task Without_an_account_manager_in_the_answer_the_task_goes_to_the_team_lead_of_the_tickets_agent()
    {
        await using var csm = await CsmFixture.StartAsync();
        await csm.UserAsync("agent", "zhao.lei", team: "field");
        await csm.UserAsync("manager", "chen.jing", team: "field");
        await KnownCustomerAsync(csm, 4);
        var repair = await OpenAsync(csm.Admin, 4, assignment: new { mode = "person", assignee = "zhao.lei" });
        await csm.PublishAsync(Response(80, 4, FeedbackClass.Unhappy, ticketId: Id(repair)));
        Assert.That((await TasksAsync(csm)).Single()["assignee"]!.GetValue<string>(), Is.EqualTo("chen.jing"));
    }

    [Test]
    public async Task A_rule_task_is_opened_for_the_account_manager_and_its_outcome_goes_out_with_its_source()
    {
        await using var csm = await CsmFixture.StartAsync();
        await csm.UserAsync("accountManager", "wang.fang");
        await KnownCustomerAsync(csm, 6, CustomerTier.Vip, accountManager: "wang.fang");
        await csm.PublishAsync(new TaskRequested(6, "Contract ends in 30 days: call about renewal", "合同 30 天后到期", null, 16, "rule:3:41"));
        var task = (await TasksAsync(csm)).Single();
        Assert.That(task["assignee"]!.GetValue<string>(), Is.EqualTo("wang.fang"));
        Assert.That(task["nextDueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(new DateTimeOffset(2026, 3, 3, 16, 0, 0, TimeSpan.FromHours(8))));

        var bad = await (await csm.Admin.PostJsonAsync($"/api/tickets/{Id(task)}/transitions", new { to = "done", outcome = "maybe", version = Version(task) }).ExpectAsync(400)).NodeAsync();
        Assert.That(bad["errors"]!["outcome"], Is.Not.Null);
        await MoveAsync(csm.Admin, task, "done", outcome: "reached");
        var resolved = (await EventsAsync<TicketResolved>(csm)).Single();
        Assert.That(resolved, Has.Property("Outcome").EqualTo("reached").And.Property("Source").EqualTo("rule:3:41").And.Property("Kind").EqualTo(TicketKind.Task));
    }

    [Test]
    public async Task An_outcome_on_a_ticket_that_is_not_a_task_is_refused()
    {
        await using var csm = await CsmFixture.StartAsync();
        await KnownCustomerAsync(csm, 1);
        var ticket = await OpenAsync(csm.Admin, 1, type: "inquiry");
        var problem = await (await csm.Admin.PostJsonAsync($"/api/tickets/{Id(ticket)}/transitions", new { to = "answer", outcome = "reached", version = 1 }).ExpectAsync(400)).NodeAsync();
        Assert.That(problem["errors"]!["outcome"]![0]!.GetValue<string>(), Does.Contain("task"));
    }

    [Test]
    public async Task A_task_for_an_erased_customer_is_not_opened()
    {
        await using var csm = await CsmFixture.StartAsync();
        await KnownCustomerAsync(csm, 6);
        await csm.PublishAsync(new CustomerErased(6));
        await csm.PublishAsync(new TaskRequested(6, "Call", null, null, 8, "rule:1:1"));
        Assert.That(await TasksAsync(csm), Is.Empty);
    }

    [Test]
    public async Task A_VIPs_unhappy_answer_is_due_by_the_VIP_follow_up_policy_the_same_working_day()
    {
        await using var csm = await CsmFixture.StartAsync();
        await csm.UserAsync("accountManager", "wang.fang");
        await KnownCustomerAsync(csm, 5, CustomerTier.Vip, accountManager: "wang.fang");
        await csm.PublishAsync(Response(90, 5, FeedbackClass.Unhappy));
        var task = (await TasksAsync(csm)).Single();
        Assert.That(task["assignee"]!.GetValue<string>(), Is.EqualTo("wang.fang"), "the customer's account manager, though the answer named none");
        var full = await (await csm.Admin.GetAsync($"/api/tickets/{Id(task)}").ExpectAsync(200)).NodeAsync();
        // Eight business hours from Monday 09:00 on the 9-hour weekday calendar: Monday 17:00.
        Assert.That(full["resolutionDueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(new DateTimeOffset(2026, 3, 2, 17, 0, 0, TimeSpan.FromHours(8))));
    }

    [Test]
    public async Task With_nobody_named_the_task_goes_to_the_follow_up_team_or_waits_in_its_queue()
    {
        await using var csm = await CsmFixture.StartAsync();
        await KnownCustomerAsync(csm, 7);
        await csm.PublishAsync(Response(91, 7, FeedbackClass.Unhappy));
        var queued = (await TasksAsync(csm)).Single();
        Assert.That((queued["assignee"]?.GetValue<string>(), queued["team"]!.GetValue<string>()), Is.EqualTo(((string?)null, "service")),
            "no account manager and nobody in the team yet: the service team's queue");

        await csm.UserAsync("agent", "tang.yu", team: "service");
        await KnownCustomerAsync(csm, 8);
        await csm.PublishAsync(new TaskRequested(8, "Call about the invoice", null, null, 8, "rule:4:2"));
        var assigned = (await TasksAsync(csm)).Single(t => t!["customerId"]!.GetValue<long>() == 8);
        Assert.That((assigned["assignee"]!.GetValue<string>(), assigned["team"]!.GetValue<string>()), Is.EqualTo(("tang.yu", "service")));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task The_built_in_follow_up_and_a_detractor_rule_converge_on_one_task(bool builtInFirst)
    {
        await using var csm = await CsmFixture.StartAsync();
        await csm.UserAsync("accountManager", "wang.fang");
        await KnownCustomerAsync(csm, 9, accountManager: "wang.fang");
        var rule = new TaskRequested(9, "Detractor: call within a day", "NPS 3", null, 8, "rule:7:70", AboutFeedback: true, SurveyResponseId: 92);
        if (builtInFirst) await csm.PublishAsync(Response(92, 9, FeedbackClass.Unhappy), rule);
        else await csm.PublishAsync(rule, Response(92, 9, FeedbackClass.Unhappy));

        var task = (await TasksAsync(csm)).Single();
        var history = await (await csm.Admin.GetAsync($"/api/tickets/{Id(task)}/history").ExpectAsync(200)).NodeAsync();
        var also = history.AsArray().Where(h => h!["action"]!.GetValue<string>() == "alsoRequested").ToList();
        Assert.That(also.Select(h => h!["detail"]!["source"]!.GetValue<string>()), Is.EqualTo(new[] { builtInFirst ? "rule:7:70" : "survey-response:92" }));

        await csm.PublishAsync(new TaskRequested(9, "Contract ends in 30 days", null, null, 16, "rule:3:41"));
        Assert.That(await TasksAsync(csm), Has.Count.EqualTo(2), "a task about something else is its own");
    }

    [Test]
    public async Task Two_unhappy_answers_of_one_customer_are_two_follow_ups_and_a_rule_on_either_joins_its_own()
    {
        await using var csm = await CsmFixture.StartAsync();
        await csm.UserAsync("accountManager", "wang.fang");
        await KnownCustomerAsync(csm, 9, accountManager: "wang.fang");
        await csm.PublishAsync(Response(93, 9, FeedbackClass.Unhappy), Response(94, 9, FeedbackClass.Unhappy));
        await csm.PublishAsync(new TaskRequested(9, "Detractor: call within a day", "NPS 3", null, 8, "rule:7:71", AboutFeedback: true, SurveyResponseId: 94));

        var tasks = await TasksAsync(csm);
        Assert.That(tasks, Has.Count.EqualTo(2), "one call to make per unhappy answer");
        var sources = new List<string>();
        foreach (var task in tasks.OrderBy(Id))
        {
            var full = await (await csm.Admin.GetAsync($"/api/tickets/{Id(task)}").ExpectAsync(200)).NodeAsync();
            var history = (await (await csm.Admin.GetAsync($"/api/tickets/{Id(task)}/history").ExpectAsync(200)).NodeAsync()).AsArray();
            var also = history.Where(h => h!["action"]!.GetValue<string>() == "alsoRequested").Select(h => h!["detail"]!["source"]!.GetValue<string>());
            sources.Add($"{full["source"]} + [{string.Join(", ", also)}]");
        }
        Assert.That(sources, Is.EqualTo(new[] { "survey-response:93 + []", "survey-response:94 + [rule:7:71]" }));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task A_feedback_rule_run_by_hand_joins_the_customers_follow_up_of_the_day(bool builtInFirst)
    {
        await using var csm = await CsmFixture.StartAsync();
        await csm.UserAsync("accountManager", "wang.fang");
        await KnownCustomerAsync(csm, 9, accountManager: "wang.fang");
        var byHand = new TaskRequested(9, "Detractor: call within a day", "NPS 3", null, 8, "rule:7:72", AboutFeedback: true);
        if (builtInFirst) await csm.PublishAsync(Response(97, 9, FeedbackClass.Unhappy), byHand);
        else await csm.PublishAsync(byHand, Response(97, 9, FeedbackClass.Unhappy));

        var task = (await TasksAsync(csm)).Single();
        await csm.PublishAsync(Response(98, 9, FeedbackClass.Unhappy));
        Assert.That(await TasksAsync(csm), Has.Count.EqualTo(2), "another answer is another call, whichever way the first task was opened");
        var history = (await (await csm.Admin.GetAsync($"/api/tickets/{Id(task)}/history").ExpectAsync(200)).NodeAsync()).AsArray();
        Assert.That(history.Where(h => h!["action"]!.GetValue<string>() == "alsoRequested").Select(h => h!["detail"]!["source"]!.GetValue<string>()),
            Is.EqualTo(new[] { builtInFirst ? "rule:7:72" : "survey-response:97" }));
    }

    [Test]
    public async Task A_detractor_rule_and_the_built_in_follow_up_of_one_answer_make_one_task_end_to_end()
    {
        await using var csm = await CsmFixture.StartAsync();
        await csm.UserAsync("accountManager", "wang.fang");
        await KnownCustomerAsync(csm, 9, accountManager: "wang.fang");
        await csm.Admin.PostJsonAsync("/api/rule-templates/detractor-follow-up/rules", new { }).ExpectAsync(201);
        await csm.PublishAsync(Response(95, 9, FeedbackClass.Unhappy));
        await csm.DrainOutboxAsync();

        var task = (await TasksAsync(csm)).Single();
        var history = (await (await csm.Admin.GetAsync($"/api/tickets/{Id(task)}/history").ExpectAsync(200)).NodeAsync()).AsArray();
        Assert.That(history.Where(h => h!["action"]!.GetValue<string>() == "alsoRequested").Select(h => h!["detail"]!["source"]!.GetValue<string>()),
            Has.One.StartsWith("rule:"), "the rule's request joined the answer's task");
    }

    [Test]
    public async Task A_follow_up_nobody_is_named_for_goes_to_the_configured_follow_up_team()
    {
        await using var csm = await CsmFixture.StartAsync(new Dictionary<string, string?> { ["Tickets:FollowUpTeam"] = "care" });
        await csm.UserAsync("agent", "tang.yu", team: "service");
        await csm.UserAsync("agent", "bai.xue", team: "care");
        await KnownCustomerAsync(csm, 7);
        await csm.PublishAsync(Response(96, 7, FeedbackClass.Unhappy));
        var task = (await TasksAsync(csm)).Single();
        Assert.That((task["assignee"]!.GetValue<string>(), task["team"]!.GetValue<string>()), Is.EqualTo(("bai.xue", "care")));
    }
}
