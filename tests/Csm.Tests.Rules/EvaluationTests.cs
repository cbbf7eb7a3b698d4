using System.Net;
using System.Security.Cryptography;
using System.Text;
using Csm.BuildingBlocks.Data;
using Csm.Modules.Customers.Contracts;
using Csm.Modules.Rules.Contracts;
using Csm.Modules.Tickets.Contracts;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.Tests.Rules;

/// <summary>Evaluation, cool-down, dry run, history and outbound delivery.</summary>
public sealed class EvaluationTests
{
    private static object TaskRule(string name, object condition, object? trigger = null, object[]? actions = null, int cooldownDays = 30,
        string? owner = null) => new
    {
        name,
        owner,
        enabled = true,
        trigger = trigger ?? new { schedule = "0 0 8 * * ?" },
        condition,
        actions = actions ?? [new { type = "createTask", title = "Call {{customerName}}", dueInHours = 8 }],
        cooldownDays,
    };

    private static object Fact(string fact, string op, object? value = null) => new { fact, op, value };

    [Test]
    public async Task Two_evaluations_at_once_fire_once_per_customer()
    {
        await using var world = await RulesWorld.StartAsync();
        await world.PublishAsync(Enumerable.Range(1, 30).Select(i => (Csm.BuildingBlocks.Messaging.IntegrationEvent)RulesWorld.Customer(i,
            i % 3 == 0 ? CustomerTier.Vip : CustomerTier.Standard)).ToArray());
        var id = await world.CreateRuleAsync(TaskRule("VIPs", Fact("tier", "eq", "vip")));

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => world.Admin.PostAsync($"/api/rules/{id}/runs", null).ExpectAsync(200)));
        var fired = 0;
        foreach (var run in runs) fired += (await run.NodeAsync())["fired"]!.GetValue<int>();
        Assert.That(fired, Is.EqualTo(10));
        Assert.That((await world.EventsAsync<TaskRequested>()).Select(t => t.CustomerId), Is.EquivalentTo(Enumerable.Range(1, 30).Where(i => i % 3 == 0).Select(i => (long)i)));
        Assert.That((await world.EventsAsync<RuleFired>()), Has.Count.EqualTo(10));
    }

    [Test]
    public async Task A_firing_another_host_recorded_for_the_same_cool_down_window_is_not_repeated()
    {
        await using var world = await RulesWorld.StartAsync();
        await world.PublishAsync(RulesWorld.Customer(1, CustomerTier.Vip), RulesWorld.Customer(2, CustomerTier.Vip));
        var id = await world.CreateRuleAsync(TaskRule("VIPs", Fact("tier", "eq", "vip")));
        // As if an overlapping run on another host had just claimed customer 1's window (its cool-down check raced ours).
        var window = world.Clock.GetUtcNow().UtcTicks / TimeSpan.FromDays(30).Ticks;
        await using (var c = await world.Csm.Service<Db>().OpenAsync())
        {
            await c.ExecuteAsync(
                "INSERT INTO rul_firings (rule_id, run_id, customer_id, cooldown_window, fired_at, reason, actions_json) VALUES (@Id, 0, 1, @Window, @Long, 'other host', '[]')",
                new { Id = id, Window = window, Long = world.Clock.GetUtcNow().AddDays(-31) });
        }
        var run = await (await world.Admin.PostAsync($"/api/rules/{id}/runs", null).ExpectAsync(200)).NodeAsync();
        Assert.That((run["fired"]!.GetValue<int>(), run["skippedByCooldown"]!.GetValue<int>()), Is.EqualTo((1, 1)));
        Assert.That((await world.EventsAsync<TaskRequested>()).Select(t => t.CustomerId), Is.EqualTo(new long[] { 2 }));
    }

    [Test]
    public async Task The_dry_run_lists_exactly_who_the_real_run_fires_for_and_changes_nothing()
    {
        await using var world = await RulesWorld.StartAsync();
        var now = world.Clock.GetUtcNow();
        var events = new List<Csm.BuildingBlocks.Messaging.IntegrationEvent>();
        for (var i = 1; i <= 40; i++)
        {
            events.Add(RulesWorld.Customer(i, (CustomerTier)(i % 3), tags: i % 4 == 0 ? ["key"] : []));
            events.Add(new InteractionRecorded(i, i, "phone", "outbound", "call", null, now.AddDays(-3 * i)));
        }
        await world.PublishAsync(events.ToArray());
        var id = await world.CreateRuleAsync(TaskRule("Quiet key or VIP customers", new
        {
            all = new object[]
            {
                new { any = new[] { Fact("tier", "eq", "vip"), Fact("tags", "contains", "key") } },
                Fact("daysSinceLastInteraction", "gte", 45),
            },
        }));
        // One customer already fired recently: the dry run says it is in its cool-down.
        await world.PublishAsync(RulesWorld.Customer(100, CustomerTier.Vip), new InteractionRecorded(100, 100, "phone", "in", "x", null, now.AddDays(-60)));
        var dryRun = await world.DryRunAsync(id);
        Assert.That(await world.EventsAsync<TaskRequested>(), Is.Empty, "a dry run acts on nothing");

        var run = await (await world.Admin.PostAsync($"/api/rules/{id}/runs", null).ExpectAsync(200)).NodeAsync();
        var fired = (await world.EventsAsync<TaskRequested>()).Select(t => t.CustomerId).Order().ToArray();
        Assert.That(fired, Is.EqualTo(RulesWorld.CustomerIds(dryRun)));
        Assert.That(fired, Is.Not.Empty);
        Assert.That(run["matched"]!.GetValue<int>(), Is.EqualTo(dryRun["matched"]!.GetValue<int>()));
        var expected = Enumerable.Range(1, 40).Where(i => (i % 3 == 0 || i % 4 == 0) && 3 * i >= 45).Select(i => (long)i).Append(100).Order();
        Assert.That(fired, Is.EqualTo(expected));

        var after = await world.DryRunAsync(id);
        Assert.That(RulesWorld.CustomerIds(after), Is.Empty, "all of them are in their cool-down now");
        Assert.That(RulesWorld.CustomerIds(after, onlyWouldFire: false), Is.EqualTo(fired));
    }

    [Test]
    public async Task An_event_rule_evaluates_only_the_customer_of_the_event()
    {
        await using var world = await RulesWorld.StartAsync();
        await world.PublishAsync(RulesWorld.Customer(1), RulesWorld.Customer(2));
        TicketCreated Ticket(long id, long customer) => new(id, $"T-{id}", customer, "complaint", TicketKind.Complaint, TicketChannel.Phone,
            TicketPriority.High, "Angry", null, null, "accept", world.Clock.GetUtcNow(), null);
        await world.PublishAsync(Ticket(1, 1), Ticket(2, 2), Ticket(3, 2));
        await world.CreateRuleAsync(TaskRule("Second open complaint", Fact("openComplaints", "gte", 2), new { @event = "ticketCreated" }));

        await world.PublishAsync(Ticket(4, 1));
        Assert.That((await world.EventsAsync<TaskRequested>()).Select(t => t.CustomerId), Is.EqualTo(new long[] { 1 }),
            "customer 2 has two open complaints too, but no event arrived for them");
    }

    [Test]
    public async Task Runs_and_firings_are_recorded_with_each_actions_result()
    {
        await using var world = await RulesWorld.StartAsync();
        await world.Csm.UserAsync("manager", "mgr.zhao", email: "zhao@example.com");
        await world.PublishAsync(RulesWorld.Customer(1, CustomerTier.Vip), RulesWorld.Customer(2, CustomerTier.Vip, accountManager: null));
        var id = await world.CreateRuleAsync(TaskRule("VIP care", Fact("tier", "eq", "vip"), actions:
        [
            new { type = "createTask", title = "Call {{customerName}}", dueInHours = 8 },
            new { type = "sendEmail", to = "accountManager", subject = "VIP {{customerName}}", body = "Why: {{reason}}" },
            new { type = "addTag", tag = "cared-for" },
            new { type = "sendEmail", to = "owner", subject = "Fired for {{customerName}}", body = "{{reason}}" },
        ], owner: "mgr.zhao"));
        await world.Admin.PostAsync($"/api/rules/{id}/runs", null).ExpectAsync(200);
        await world.Admin.PostAsync($"/api/rules/{id}/runs", null).ExpectAsync(200);

        var runs = (await (await world.Admin.GetAsync($"/api/rules/{id}/runs").ExpectAsync(200)).NodeAsync())["items"]!.AsArray();
        Assert.That(runs.Select(r => (r!["matched"]!.GetValue<long>(), r["fired"]!.GetValue<long>(), r["skippedByCooldown"]!.GetValue<long>())),
            Is.EqualTo(new[] { (2L, 0L, 2L), (2L, 2L, 0L) }), "newest first");
        var firings = await (await world.Admin.GetAsync($"/api/rules/{id}/firings?customerId=2").ExpectAsync(200)).NodeAsync();
        var firing = firings["items"]!.AsArray().Single()!;
        Assert.That(firing["reason"]!.GetValue<string>(), Is.EqualTo("tier eq vip: vip"));
        Assert.That(firing["actions"]!.AsArray().Select(a => a!["outcome"]!.GetValue<string>()),
            Is.EqualTo(new[] { "task requested", "not sent: the customer has no account manager", "tag requested", "queued to zhao@example.com" }));
        // The owner's user name is looked up for the address; the e-mail with nobody to go to is a failed delivery saying why, never "sent".
        Assert.That(firing["deliveries"]!.AsArray().Select(d => (d!["recipient"]?.GetValue<string>(), d["status"]!.GetValue<string>(), d["lastError"]?.GetValue<string>())),
            Is.EqualTo(new[] { ((string?)null, "failed", (string?)"the customer has no account manager"), ("zhao@example.com", "queued", null) }));
        Assert.That((await world.EventsAsync<CustomerTagRequested>()).Select(t => (t.CustomerId, t.Tag)), Is.EquivalentTo(new[] { (1L, "cared-for"), (2L, "cared-for") }));
        var facts = await (await world.Admin.GetAsync("/api/rules/customer-facts/1").ExpectAsync(200)).NodeAsync();
        Assert.That(facts["facts"]!["tags"]!.AsArray().Select(t => t!.GetValue<string>()), Does.Contain("cared-for"));
        await world.Admin.GetAsync("/api/rules/424242/firings").ExpectAsync(404);
    }

    [Test]
    public async Task A_disabled_rule_is_not_scheduled_and_cannot_be_run()
    {
        await using var world = await RulesWorld.StartAsync();
        await world.PublishAsync(RulesWorld.Customer(1, CustomerTier.Vip));
        var rule = new System.Text.Json.Nodes.JsonObject
        {
            ["name"] = "Off", ["enabled"] = false, ["trigger"] = new System.Text.Json.Nodes.JsonObject { ["schedule"] = "0 0 8 * * ?" },
            ["condition"] = System.Text.Json.Nodes.JsonNode.Parse("""{"fact":"tier","op":"eq","value":"vip"}"""),
            ["actions"] = System.Text.Json.Nodes.JsonNode.Parse("""[{"type":"notify","role":"manager","message":"hi"}]"""),
        };
        var id = await world.CreateRuleAsync(rule);
        var refused = await (await world.Admin.PostAsync($"/api/rules/{id}/runs", null).ExpectAsync(409)).NodeAsync();
        Assert.That(refused["detail"]!.GetValue<string>(), Does.Contain("disabled"));
        world.Clock.Advance(TimeSpan.FromDays(2));
        Assert.That(await world.RunScheduledAsync(), Is.Empty);
    }

    private sealed class WebhookReceiver : HttpMessageHandler
    {
        public int FailuresLeft = 1;
        public readonly List<(string Body, string Signature)> Received = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            Received.Add((await request.Content!.ReadAsStringAsync(ct), request.Headers.GetValues("X-Csm-Signature").Single()));
            return new HttpResponseMessage(FailuresLeft-- > 0 ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK);
        }
    }

    [Test]
    public async Task A_webhook_is_signed_with_hmac_sha256_and_retried_until_it_is_accepted()
    {
        var receiver = new WebhookReceiver();
        await using var world = await RulesWorld.StartAsync(s => s.AddHttpClient("csm-outbound").ConfigurePrimaryHttpMessageHandler(() => receiver));
        await world.PublishAsync(RulesWorld.Customer(1, CustomerTier.Vip));
        const string secret = "a-long-shared-secret";
        var id = await world.CreateRuleAsync(TaskRule("Hook", Fact("tier", "eq", "vip"),
            actions: [new { type = "webhook", url = "https://crm.example.com/hooks/csm", secret }]));
        await world.Admin.PostAsync($"/api/rules/{id}/runs", null).ExpectAsync(200);

        Assert.That(await world.DeliverOutboundAsync(), Is.Zero, "the receiver is down");
        Assert.That(await world.DeliverOutboundAsync(), Is.Zero, "not due again yet");
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.That(await world.DeliverOutboundAsync(), Is.EqualTo(1));

        Assert.That(receiver.Received, Has.Count.EqualTo(2));
        var (body, signature) = receiver.Received[1];
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));
        Assert.That(signature, Is.EqualTo(expected));
        Assert.That(System.Text.Json.Nodes.JsonNode.Parse(body)!["customerId"]!.GetValue<long>(), Is.EqualTo(1));
        var delivery = (await (await world.Admin.GetAsync($"/api/rules/{id}/firings").ExpectAsync(200)).NodeAsync())["items"]![0]!["deliveries"]![0]!;
        Assert.That((delivery["status"]!.GetValue<string>(), delivery["attempts"]!.GetValue<long>()), Is.EqualTo(("sent", 2L)));
    }

    [Test]
    public async Task A_delivery_that_kept_failing_can_be_retried_after_the_receiver_is_fixed()
    {
        var receiver = new WebhookReceiver { FailuresLeft = 2 };
        await using var world = await RulesWorld.StartAsync(s => s.AddHttpClient("csm-outbound").ConfigurePrimaryHttpMessageHandler(() => receiver),
            new() { ["Outbound:MaxAttempts"] = "2" });
        await world.PublishAsync(RulesWorld.Customer(1, CustomerTier.Vip));
        var id = await world.CreateRuleAsync(TaskRule("Hook", Fact("tier", "eq", "vip"),
            actions: [new { type = "webhook", url = "http://crm.example.com/hook", secret = "a-long-shared-secret" }]));
        await world.Admin.PostAsync($"/api/rules/{id}/runs", null).ExpectAsync(200);
        await world.DeliverOutboundAsync();
        world.Clock.Advance(TimeSpan.FromMinutes(5));
        await world.DeliverOutboundAsync();
        world.Clock.Advance(TimeSpan.FromHours(1));
        Assert.That(await world.DeliverOutboundAsync(), Is.Zero, "given up after 2 attempts");
        var firing = (await (await world.Admin.GetAsync($"/api/rules/{id}/firings").ExpectAsync(200)).NodeAsync())["items"]![0]!;
        Assert.That(firing["deliveries"]![0]!["status"]!.GetValue<string>(), Is.EqualTo("parked"));
        Assert.That(firing["deliveries"]![0]!["lastError"]!.GetValue<string>(), Does.Contain("503"));

        var retry = await (await world.Admin.PostAsync($"/api/rules/{id}/firings/{firing["id"]}/retry", null).ExpectAsync(200)).NodeAsync();
        Assert.That(retry["retried"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(await world.DeliverOutboundAsync(), Is.EqualTo(1));
        Assert.That(receiver.Received, Has.Count.EqualTo(3));
        await world.Admin.PostAsync($"/api/rules/{id}/firings/999/retry", null).ExpectAsync(404);
    }

    [Test]
    public async Task A_custom_field_can_be_part_of_a_condition()
    {
        await using var world = await RulesWorld.StartAsync();
        await world.PublishAsync(RulesWorld.Customer(1, fields: new() { ["region"] = "north" }), RulesWorld.Customer(2, fields: new() { ["region"] = "south" }),
            RulesWorld.Customer(3));
        var dryRun = await (await world.Admin.PostJsonAsync("/api/rules/dry-run", TaskRule("North", Fact("customFields.region", "eq", "north")))
            .ExpectAsync(200)).NodeAsync();
        Assert.That(RulesWorld.CustomerIds(dryRun), Is.EqualTo(new long[] { 1 }));
        await using var c = await world.Csm.Service<Db>().OpenAsync();
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM rul_runs"), Is.Zero, "an unsaved dry run records nothing");
    }
}
