using Csm.Modules.Customers.Contracts;
using Csm.Modules.Rules.Contracts;
using Csm.Modules.Surveys.Contracts;
using Csm.Modules.Tickets.Contracts;

namespace Csm.Tests.Rules;

/// <summary>Each shipped template end to end: facts fed by events, the schedule or event fires it, once per cool-down.</summary>
public sealed class TemplateTests
{
    private static long _ticket = 1000;

    private static TicketCreated Ticket(long customerId, DateTimeOffset createdAt, TicketKind kind = TicketKind.Repair)
    {
        var id = Interlocked.Increment(ref _ticket);
        return new TicketCreated(id, $"T-{id}", customerId, kind == TicketKind.Task ? "task" : "repair", kind, TicketChannel.Phone,
            TicketPriority.Normal, "It broke", null, null, "accept", createdAt, null);
    }

    /// <summary>Advances to the next morning and runs the scheduled rules that are due.</summary>
    private static async Task<List<Csm.Modules.Rules.Evaluation.RunSummary>> NextMorningAsync(RulesWorld world)
    {
        world.Clock.Advance(TimeSpan.FromDays(1));
        return await world.RunScheduledAsync();
    }

    [Test]
    public async Task Tickets_piling_up_against_the_customers_own_baseline_creates_one_call_task()
    {
        await using var world = await RulesWorld.StartAsync();
        var now = world.Clock.GetUtcNow();
        await world.PublishAsync(RulesWorld.Customer(1), RulesWorld.Customer(2), RulesWorld.Customer(3), RulesWorld.Customer(4));
        // 1: quiet before (1 ticket in the half year before), 3 tickets this month: a spike.
        // 2: always busy (4 a month), 4 this month: no spike. 3: only 2 this month. 4: three proactive tasks, which are not requests.
        await world.PublishAsync(Ticket(1, now.AddDays(-100)), Ticket(1, now.AddDays(-3)), Ticket(1, now.AddDays(-5)), Ticket(1, now.AddDays(-20)));
        await world.PublishAsync(Enumerable.Range(0, 24).Select(i => (Csm.BuildingBlocks.Messaging.IntegrationEvent)Ticket(2, now.AddDays(-35 - i * 7)))
            .Concat(Enumerable.Range(0, 4).Select(i => Ticket(2, now.AddDays(-2 - i)))).ToArray());
        await world.PublishAsync(Ticket(3, now.AddDays(-1)), Ticket(3, now.AddDays(-2)));
        await world.PublishAsync(Ticket(4, now.AddDays(-1), TicketKind.Task), Ticket(4, now.AddDays(-2), TicketKind.Task), Ticket(4, now.AddDays(-3), TicketKind.Task));

        var ruleId = await world.EnableTemplateAsync("ticket-spike");
        var dryRun = await world.DryRunAsync(ruleId);
        Assert.That(RulesWorld.CustomerIds(dryRun), Is.EqualTo(new long[] { 1 }));
        var why = dryRun["customers"]![0]!["why"]!.AsArray();
        Assert.That(why.Select(w => w!["value"]!.GetValue<double>()), Is.All.EqualTo(3), "three tickets in 30 days");

        var runs = await NextMorningAsync(world);
        Assert.That(runs.Single().Fired, Is.EqualTo(1));
        var task = (await world.EventsAsync<TaskRequested>()).Single();
        Assert.That(task.CustomerId, Is.EqualTo(1));
        Assert.That(task.Title, Is.EqualTo("Call Customer 1: 3 tickets in 30 days"));
        Assert.That(task.Source, Does.StartWith($"rule:{ruleId}:"));
        Assert.That(task.Assignee, Is.Null, "the account manager");

        var again = await NextMorningAsync(world);
        Assert.That(again.Single().SkippedByCooldown, Is.EqualTo(1));
        Assert.That(await world.EventsAsync<TaskRequested>(), Has.Count.EqualTo(1), "once per cool-down");
    }

    [Test]
    public async Task A_notify_for_a_team_with_nobody_in_it_is_recorded_as_failed_with_the_reason_never_as_sent()
    {
        await using var world = await RulesWorld.StartAsync();
        await world.Csm.UserAsync("agent", "agent.xu", team: "south", email: "xu@example.com");
        await world.PublishAsync(RulesWorld.Customer(1, CustomerTier.Vip));
        var id = await world.CreateRuleAsync(new
        {
            name = "Tell the north team", enabled = true, trigger = new { schedule = "0 0 8 * * ?" },
            condition = new { fact = "tier", op = "eq", value = "vip" },
            actions = new object[]
            {
                new { type = "notify", team = "north", message = "Call {{customerName}}" },
                new { type = "notify", team = "south", message = "Call {{customerName}}" },
            },
            cooldownDays = 30,
        });
        await world.Admin.PostAsync($"/api/rules/{id}/runs", null).ExpectAsync(200);
        Assert.That(await world.DeliverOutboundAsync(), Is.EqualTo(1));
        Assert.That(world.Mails().Single().To, Is.EqualTo(new[] { "xu@example.com" }));
        var firing = (await (await world.Admin.GetAsync($"/api/rules/{id}/firings").ExpectAsync(200)).NodeAsync())["items"]![0]!;
        Assert.That(firing["deliveries"]!.AsArray().Select(d => (d!["status"]!.GetValue<string>(), d["lastError"]?.GetValue<string>())),
            Is.EqualTo(new[] { ("failed", (string?)"no active staff for team north"), ("sent", null) }));
    }

    [Test]
    public async Task A_chinese_VIP_whose_contract_ends_in_20_days_gets_one_care_email_in_chinese_at_the_smtp_server_and_one_renewal_task()
    {
        await using var world = await RulesWorld.StartAsync();
        var today = world.Today;
        await world.PublishAsync(RulesWorld.Customer(1, CustomerTier.Vip, name: "华东精密机械", language: "zh-CN"));
        await world.PublishAsync(new ContractUpserted(11, 1, "HT-2026-011", today.AddYears(-1), today.AddDays(20), 80_000m, "active"));
        var manager = await world.Csm.UserAsync("manager");
        var ruleId = await world.EnableTemplateAsync("vip-contract-renewal", manager);

        Assert.That((await NextMorningAsync(world)).Single().Fired, Is.EqualTo(1));
        Assert.That(await world.DeliverOutboundAsync(), Is.EqualTo(1));

        var mail = world.Mails().Single();
        Assert.That(mail.To, Is.EqualTo(new[] { "c1@example.com" }));
        Assert.That(mail.Message.Subject, Is.EqualTo("华东精密机械，感谢一路同行：您的合同将于 19 天后到期"));
        Assert.That(mail.RawHeaders, Does.Match(@"(?m)^Subject: =\?utf-8\?").IgnoreCase);
        Assert.That(mail.Body, Does.StartWith("尊敬的 华东精密机械：").And.Contain("客户经理"));
        Assert.That((await world.EventsAsync<TaskRequested>()).Single().CustomerId, Is.EqualTo(1));
        var admin = await world.Csm.SignInAsync("admin", CsmFixture.AdminPassword);
        var firing = (await (await admin.GetAsync($"/api/rules/{ruleId}/firings").ExpectAsync(200)).NodeAsync())["items"]![0]!;
        var delivery = firing["deliveries"]!.AsArray().Single()!;
        Assert.That((delivery["kind"]!.GetValue<string>(), delivery["status"]!.GetValue<string>(), delivery["serverReply"]!.GetValue<string>()),
            Is.EqualTo(("contractCare", "sent", "250 2.0.0 OK queued as T1")), "sent means the server said 250, and its words are kept");
    }

    [Test]
    public async Task VIP_contract_ending_in_30_days_sends_one_care_email_and_one_renewal_task()
    {
        await using var world = await RulesWorld.StartAsync();
        var today = world.Today;
        await world.PublishAsync(RulesWorld.Customer(1, CustomerTier.Vip, name: "Acme"), RulesWorld.Customer(2, CustomerTier.Vip),
            RulesWorld.Customer(3), RulesWorld.Customer(4, CustomerTier.Vip));
        await world.PublishAsync(
            new ContractUpserted(11, 1, "C-11", today.AddYears(-1), today.AddDays(20), 50_000m, "active"),
            new ContractUpserted(12, 2, "C-12", today.AddYears(-1), today.AddDays(45), 10_000m, "active"),
            new ContractUpserted(13, 3, "C-13", today.AddYears(-1), today.AddDays(10), 10_000m, "active"),
            new ContractUpserted(14, 4, "C-14", today.AddYears(-1), today.AddDays(10), 10_000m, "cancelled"));

        var manager = await world.Csm.UserAsync("manager");
        var ruleId = await world.EnableTemplateAsync("vip-contract-renewal", manager);
        var dryRun = await world.DryRunAsync(ruleId, manager);
        Assert.That(RulesWorld.CustomerIds(dryRun), Is.EqualTo(new long[] { 1 }));
        Assert.That(dryRun["customers"]![0]!["reason"]!.GetValue<string>(), Does.Contain("daysToContractEnd between [0, 30]: 20"));

        var runs = await NextMorningAsync(world);
        Assert.That(runs.Single().Fired, Is.EqualTo(1));
        var task = (await world.EventsAsync<TaskRequested>()).Single();
        Assert.That((task.CustomerId, task.Title), Is.EqualTo((1L, "Renewal: Acme's contract ends in 19 days")));
        Assert.That(await world.DeliverOutboundAsync(), Is.EqualTo(1));
        var mail = world.Mails().Single();
        Assert.That((mail.To.Single(), mail.Message.Subject), Is.EqualTo(("c1@example.com", "Acme, thank you for working with us")));
        Assert.That(mail.Body, Does.Contain("ends in 19 days"));

        await NextMorningAsync(world);
        Assert.That(await world.DeliverOutboundAsync(), Is.Zero);
        Assert.That(await world.EventsAsync<TaskRequested>(), Has.Count.EqualTo(1), "running it again creates nothing new");
        Assert.That(world.Mails(), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task Maintenance_due_within_14_days_reminds_the_customer_and_books_a_visit()
    {
        await using var world = await RulesWorld.StartAsync();
        var today = world.Today;
        await world.PublishAsync(RulesWorld.Customer(1), RulesWorld.Customer(2), RulesWorld.Customer(3));
        await world.PublishAsync(
            new AssetUpserted(21, 1, "Chiller X", "SN1", null, today.AddDays(10)),
            new AssetUpserted(22, 2, "Chiller X", "SN2", null, today.AddDays(40)),
            new AssetUpserted(23, 1, "Pump", "SN3", null, null));

        var ruleId = await world.EnableTemplateAsync("maintenance-due");
        Assert.That(RulesWorld.CustomerIds(await world.DryRunAsync(ruleId)), Is.EqualTo(new long[] { 1 }));
        await NextMorningAsync(world);
        Assert.That((await world.EventsAsync<TaskRequested>()).Select(t => t.CustomerId), Is.EqualTo(new long[] { 1 }));
        await world.DeliverOutboundAsync();
        Assert.That(world.Mails().Single().Message.Subject, Is.EqualTo("Maintenance due in 9 days"));

        // Still due the next morning: the cool-down holds a second firing back.
        await NextMorningAsync(world);
        Assert.That(await world.EventsAsync<TaskRequested>(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_detractor_score_gives_the_account_manager_one_call_back_task()
    {
        await using var world = await RulesWorld.StartAsync();
        await world.PublishAsync(RulesWorld.Customer(1), RulesWorld.Customer(2));
        await world.EnableTemplateAsync("detractor-follow-up");

        SurveyResponded Answer(long responseId, long customerId, int nps) => new(responseId, 1, 1, customerId, "standard", Touchpoint.Service,
            nps, null, null, "meh", [], null, null, null, null, world.Clock.GetUtcNow(), nps <= 6 ? FeedbackClass.Unhappy : FeedbackClass.Happy, "am.li");
        await world.PublishAsync(Answer(1, 1, 3), Answer(2, 2, 9));
        var tasks = await world.EventsAsync<TaskRequested>();
        Assert.That(tasks.Select(t => (t.CustomerId, t.Title)), Is.EqualTo(new[] { (1L, "Call back Customer 1: NPS 3") }));
        Assert.That(tasks[0].DueInBusinessHours, Is.EqualTo(4));

        world.Clock.Advance(TimeSpan.FromDays(1));
        await world.PublishAsync(Answer(3, 1, 2));
        Assert.That(await world.EventsAsync<TaskRequested>(), Has.Count.EqualTo(1), "within the 7-day cool-down");
        world.Clock.Advance(TimeSpan.FromDays(7));
        await world.PublishAsync(Answer(4, 1, 1));
        Assert.That(await world.EventsAsync<TaskRequested>(), Has.Count.EqualTo(2), "after the cool-down");
    }

    [Test]
    public async Task A_VIP_without_interaction_for_90_days_gets_a_re_engagement_task()
    {
        await using var world = await RulesWorld.StartAsync();
        var now = world.Clock.GetUtcNow();
        await world.PublishAsync(RulesWorld.Customer(1, CustomerTier.Vip), RulesWorld.Customer(2, CustomerTier.Vip), RulesWorld.Customer(3),
            RulesWorld.Customer(4, CustomerTier.Vip));
        await world.PublishAsync(
            new InteractionRecorded(1, 1, "phone", "outbound", "check-in", "am.li", now.AddDays(-100)),
            new InteractionRecorded(2, 2, "visit", "outbound", "visit", "am.li", now.AddDays(-10)),
            new InteractionRecorded(3, 3, "phone", "outbound", "check-in", "am.li", now.AddDays(-100)));

        var ruleId = await world.EnableTemplateAsync("vip-no-interaction");
        Assert.That(RulesWorld.CustomerIds(await world.DryRunAsync(ruleId)), Is.EqualTo(new long[] { 1 }), "4 became known today");
        await NextMorningAsync(world);
        Assert.That((await world.EventsAsync<TaskRequested>()).Select(t => t.CustomerId), Is.EqualTo(new long[] { 1 }));

        // 90 days on: 4 (never contacted since it became known) and 2 (last seen 100 days ago) are due; 1 again, its cool-down over.
        world.Clock.Advance(TimeSpan.FromDays(89));
        await NextMorningAsync(world);
        Assert.That((await world.EventsAsync<TaskRequested>()).Select(t => t.CustomerId), Is.EquivalentTo(new long[] { 1, 1, 2, 4 }));
    }

    [Test]
    public async Task An_SLA_breach_on_a_VIP_escalates_the_ticket_and_notifies_the_service_managers()
    {
        await using var world = await RulesWorld.StartAsync();
        await world.Csm.UserAsync("manager", "wang.fang", email: "wang.fang@example.com");
        await world.Csm.UserAsync("manager", "zhao.lei", email: "zhao.lei@example.com");
        await world.Csm.UserAsync("agent", "agent.wu", email: "agent.wu@example.com");
        await world.PublishAsync(RulesWorld.Customer(1, CustomerTier.Vip), RulesWorld.Customer(2));
        await world.EnableTemplateAsync("vip-sla-breach");
        var due = world.Clock.GetUtcNow();
        await world.PublishAsync(new SlaBreached(501, 1, SlaTarget.Resolution, due, "agent.wu"), new SlaBreached(502, 2, SlaTarget.Resolution, due, "agent.wu"));

        var escalation = (await world.EventsAsync<TicketEscalationRequested>()).Single();
        Assert.That((escalation.TicketId, escalation.Priority, escalation.NotifyRole), Is.EqualTo((501L, "urgent", "manager")));
        await world.DeliverOutboundAsync();
        var mails = world.Mails();
        Assert.That(mails.Select(m => m.To.Single()), Is.EquivalentTo(new[] { "wang.fang@example.com", "zhao.lei@example.com" }),
            "role:manager reaches every active manager with an address, and only them");
        Assert.That(mails.Select(m => m.Body), Has.All.Contain("A ticket of VIP Customer 1 breached its SLA."));
    }

    [Test]
    public async Task An_unhappy_answer_after_a_recent_ticket_tells_the_managers_and_tags_the_customer_at_risk_once_per_cool_down()
    {
        await using var world = await RulesWorld.StartAsync();
        await world.Csm.UserAsync("manager", "wu.qiang", email: "wu.qiang@example.com");
        await world.PublishAsync(RulesWorld.Customer(1), RulesWorld.Customer(2), RulesWorld.Customer(3), RulesWorld.Customer(4), RulesWorld.Customer(5));
        var now = world.Clock.GetUtcNow();
        // 1, 3 and 5 had a ticket this month; 4 only 40 days ago; 2 none.
        await world.PublishAsync(Ticket(1, now.AddDays(-4)), Ticket(3, now.AddDays(-2)), Ticket(4, now.AddDays(-40)), Ticket(5, now.AddDays(-3)));
        await world.EnableTemplateAsync("unhappy-after-ticket");

        SurveyResponded Answer(long responseId, long customerId, FeedbackClass feedback, DateTimeOffset at) => new(responseId, 1, 1, customerId, "standard",
            Touchpoint.Service, feedback == FeedbackClass.Unhappy ? 3 : 9, null, null, "parts late", [], null, null, null, null, at, feedback, "am.li");
        // 1 unhappy after a ticket: told. 2 unhappy without a ticket, 4 after an old one: not. 3 happy: not. 5 unhappy, but an
        // answer of 30 days ago delivered only now (a backlog): not news any more.
        await world.PublishAsync(Answer(1, 1, FeedbackClass.Unhappy, now), Answer(2, 2, FeedbackClass.Unhappy, now), Answer(3, 3, FeedbackClass.Happy, now),
            Answer(4, 4, FeedbackClass.Unhappy, now), Answer(5, 5, FeedbackClass.Unhappy, now.AddDays(-30)));

        var notified = (await world.EventsAsync<StaffNotified>()).Single();
        Assert.That((notified.CustomerId, notified.People.Single()), Is.EqualTo((1L, "wu.qiang")));
        Assert.That(notified.Message, Does.Contain("Customer 1 is unhappy after 1 ticket(s) in 30 days."));
        Assert.That((await world.EventsAsync<CustomerTagRequested>()).Select(t => (t.CustomerId, t.Tag)), Is.EqualTo(new[] { (1L, "at-risk") }));

        world.Clock.Advance(TimeSpan.FromDays(1));
        await world.PublishAsync(Answer(6, 1, FeedbackClass.Unhappy, world.Clock.GetUtcNow()));
        Assert.That(await world.EventsAsync<StaffNotified>(), Has.Count.EqualTo(1), "within the 14-day cool-down");
    }
}

/// <summary>The shipped templates are valid rules and the demo start enables all but the one Tickets already covers.</summary>
public sealed class TemplateCatalogTests
{
    [Test]
    public async Task Every_template_is_listed_valid_and_the_demo_start_enables_all_but_the_detractor_task_tickets_already_opens()
    {
        await using var csm = await CsmFixture.StartAsync(new Dictionary<string, string?> { ["Demo:Enabled"] = "true" });
        var templates = (await (await csm.Admin.GetAsync("/api/rule-templates").ExpectAsync(200)).NodeAsync()).AsArray();
        Assert.That(templates.Select(t => t!["key"]!.GetValue<string>()), Is.EqualTo(new[]
            { "ticket-spike", "vip-contract-renewal", "maintenance-due", "detractor-follow-up", "vip-no-interaction", "vip-sla-breach", "unhappy-after-ticket" }));
        foreach (var template in templates)
        {
            // Posted back as they are listed, each passes the same validation a manager's rule does.
            await csm.Admin.PostJsonAsync("/api/rules/dry-run", template!["rule"]).ExpectAsync(200);
        }
        var rules = await (await csm.Admin.GetAsync("/api/rules?enabled=true").ExpectAsync(200)).NodeAsync();
        Assert.That(rules["items"]!.AsArray().Select(r => r!["templateKey"]!.GetValue<string>()),
            Is.EquivalentTo(templates.Select(t => t!["key"]!.GetValue<string>()).Where(k => k != "detractor-follow-up")));
        await csm.Admin.PostJsonAsync("/api/rule-templates/no-such-template/rules", new { }).ExpectAsync(404);
    }
}
