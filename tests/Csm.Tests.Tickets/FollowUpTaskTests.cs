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
}
