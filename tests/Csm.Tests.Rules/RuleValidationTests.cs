using System.Text.Json.Nodes;

namespace Csm.Tests.Rules;

/// <summary>Rules that could not run as meant are refused when saved, with the field named.</summary>
public sealed class RuleValidationTests
{
    private RulesWorld _world = null!;

    [OneTimeSetUp]
    public async Task Start() => _world = await RulesWorld.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _world.DisposeAsync();

    private static JsonObject ValidRule() => JsonNode.Parse(
        """
        {
          "name": "Renewal", "enabled": true,
          "trigger": { "schedule": "0 0 8 * * ?" },
          "condition": { "all": [ { "fact": "tier", "op": "eq", "value": "vip" }, { "fact": "daysToContractEnd", "op": "lte", "value": 30 } ] },
          "actions": [ { "type": "createTask", "title": "Renew {{customerName}}", "dueInHours": 8 } ],
          "cooldownDays": 30
        }
        """)!.AsObject();

    /// <summary>The messages the 400 gives for the field.</summary>
    private async Task<string> RefusedAsync(JsonObject rule, string field)
    {
        var body = await (await _world.Admin.PostJsonAsync("/api/rules", rule).ExpectAsync(400)).NodeAsync();
        Assert.That(body["errors"]![field], Is.Not.Null, $"errors name {field}: {body["errors"]}");
        return string.Join(" ", body["errors"]![field]!.AsArray().Select(m => m!.GetValue<string>()));
    }

    [Test]
    public async Task A_valid_rule_is_saved_with_its_next_scheduled_run()
    {
        var response = await _world.Admin.PostJsonAsync("/api/rules", ValidRule()).ExpectAsync(201);
        var rule = await response.NodeAsync();
        Assert.That(rule["nextRunAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(new DateTimeOffset(2026, 3, 3, 8, 0, 0, TimeSpan.FromHours(8))));
        var read = await (await _world.Admin.GetAsync(response.Headers.Location).ExpectAsync(200)).NodeAsync();
        Assert.That(read["condition"]!["all"]![1]!["fact"]!.GetValue<string>(), Is.EqualTo("daysToContractEnd"));
    }

    [Test]
    public async Task An_unknown_fact_is_refused()
    {
        var rule = ValidRule();
        rule["condition"]!["all"]![0]!["fact"] = "shoeSize";
        Assert.That((await RefusedAsync(rule, "condition.all[0].fact")), Does.Contain("Unknown fact 'shoeSize'"));
    }

    [Test]
    public async Task A_string_compared_with_a_number_is_refused()
    {
        var rule = ValidRule();
        rule["condition"]!["all"]![1]!["value"] = "thirty";
        Assert.That((await RefusedAsync(rule, "condition.all[1].value")), Does.Contain("must be a number"));
    }

    [Test]
    public async Task An_operator_that_does_not_exist_or_does_not_fit_the_fact_is_refused()
    {
        var rule = ValidRule();
        rule["condition"]!["all"]![1]!["op"] = "approximately";
        await RefusedAsync(rule, "condition.all[1].op");
        rule["condition"]!["all"]![1]!["op"] = "eq";
        rule["condition"]!["all"]![0]!["op"] = "gt";
        Assert.That((await RefusedAsync(rule, "condition.all[0].op")), Does.Contain("does not apply to tier"));
    }

    [Test]
    public async Task A_tier_that_does_not_exist_is_refused()
    {
        var rule = ValidRule();
        rule["condition"]!["all"]![0]!["value"] = "platinum";
        await RefusedAsync(rule, "condition.all[0].value");
    }

    [Test]
    public async Task Sql_in_a_value_is_matched_literally_and_harms_nothing()
    {
        var rule = ValidRule();
        rule["condition"] = JsonNode.Parse("""{ "fact": "accountManager", "op": "eq", "value": "1; DROP TABLE rul_customer_facts; --" }""");
        await _world.PublishAsync(RulesWorld.Customer(900, accountManager: "1; DROP TABLE rul_customer_facts; --"), RulesWorld.Customer(901));
        var id = await _world.CreateRuleAsync(rule);
        Assert.That(RulesWorld.CustomerIds(await _world.DryRunAsync(id)), Is.EqualTo(new long[] { 900 }), "the value is data, compared as written");
        var facts = await (await _world.Admin.GetAsync("/api/rules/customer-facts/901").ExpectAsync(200)).NodeAsync();
        Assert.That(facts["facts"]!["tier"]!.GetValue<string>(), Is.EqualTo("standard"), "the facts table is still there");
    }

    [TestCase("every now and then", "Not a valid cron expression")]
    [TestCase("0 0 8 1 1 ? 2001", "never fires")]
    [TestCase("* * * * * ?", "more often than every 5 minutes")]
    [TestCase("0 * * * * ?", "more often than every 5 minutes")]
    public async Task A_schedule_that_is_invalid_never_fires_or_fires_too_often_is_refused(string cron, string message)
    {
        var rule = ValidRule();
        rule["trigger"]!["schedule"] = cron;
        Assert.That((await RefusedAsync(rule, "trigger.schedule")), Does.Contain(message));
    }

    [Test]
    public async Task A_trigger_needs_exactly_one_known_schedule_or_event()
    {
        var rule = ValidRule();
        rule["trigger"]!["event"] = "ticketCreated";
        await RefusedAsync(rule, "trigger");
        rule["trigger"] = new JsonObject { ["event"] = "moonRise" };
        Assert.That((await RefusedAsync(rule, "trigger.event")), Does.Contain("Unknown event 'moonRise'"));
    }

    [Test]
    public async Task A_rule_with_no_actions_is_refused()
    {
        var rule = ValidRule();
        rule["actions"] = new JsonArray();
        Assert.That((await RefusedAsync(rule, "actions")), Does.Contain("at least one action"));
    }

    [Test]
    public async Task An_unknown_action_is_refused()
    {
        var rule = ValidRule();
        rule["actions"]![0]!["type"] = "sendFax";
        Assert.That((await RefusedAsync(rule, "actions[0].type")), Does.Contain("Unknown action 'sendFax'"));
    }

    [Test]
    public async Task A_webhook_url_that_is_not_http_is_refused()
    {
        var rule = ValidRule();
        rule["actions"]!.AsArray().Add(JsonNode.Parse("""{ "type": "webhook", "url": "ftp://example.com/hook", "secret": "0123456789abcdef" }"""));
        await RefusedAsync(rule, "actions[1].url");
    }

    [TestCase("http://localhost:5080/api/rules")]
    [TestCase("http://127.0.0.1/hook")]
    [TestCase("https://[::1]/hook")]
    [TestCase("http://0.0.0.0:8080/")]
    [TestCase("http://api.localhost/hook")]
    public async Task A_webhook_that_points_at_this_machine_is_refused(string url)
    {
        var rule = ValidRule();
        rule["actions"]!.AsArray().Add(new JsonObject { ["type"] = "webhook", ["url"] = url, ["secret"] = "0123456789abcdef" });
        Assert.That(await RefusedAsync(rule, "actions[1].url"), Does.Contain("may not call this machine"));
    }

    [Test]
    public async Task A_notify_names_exactly_one_role_team_or_person_and_an_email_template_must_exist()
    {
        var rule = ValidRule();
        rule["actions"]!.AsArray().Add(JsonNode.Parse("""{ "type": "notify", "role": "manager", "team": "north", "message": "Look" }"""));
        Assert.That(await RefusedAsync(rule, "actions[1].role"), Does.Contain("exactly one of"));
        rule["actions"]![1] = JsonNode.Parse("""{ "type": "notify", "role": "boss", "message": "Look" }""");
        Assert.That(await RefusedAsync(rule, "actions[1].role"), Does.Contain("manager"));
        rule["actions"]![1] = JsonNode.Parse("""{ "type": "sendEmail", "to": "customer", "template": "birthdayCake" }""");
        Assert.That(await RefusedAsync(rule, "actions[1].template"), Does.Contain("contractCare"));
        rule["actions"]![1] = JsonNode.Parse("""{ "type": "notify", "team": "north", "message": "Look at {{customerName}}" }""");
        await _world.Admin.PostJsonAsync("/api/rules", rule).ExpectAsync(201);
    }

    [Test]
    public async Task A_template_with_an_unknown_placeholder_is_refused()
    {
        var rule = ValidRule();
        rule["actions"]![0]!["title"] = "Renew {{customerShoeSize}}";
        Assert.That((await RefusedAsync(rule, "actions[0].title")), Does.Contain("{{customerShoeSize}}"));
    }

    [Test]
    public async Task Escalating_needs_a_ticket_event_trigger()
    {
        var rule = ValidRule();
        rule["actions"] = JsonNode.Parse("""[ { "type": "escalate", "priority": "urgent" } ]""");
        Assert.That((await RefusedAsync(rule, "actions[0].type")), Does.Contain("slaBreached"));
    }

    [Test]
    public async Task Only_managers_configure_rules()
    {
        var agent = await _world.Csm.UserAsync("agent");
        await agent.PostJsonAsync("/api/rules", ValidRule()).ExpectAsync(403);
        await agent.GetAsync("/api/rules").ExpectAsync(200);
    }

    [Test]
    public async Task Changing_a_rule_needs_the_current_version()
    {
        var id = await _world.CreateRuleAsync(ValidRule());
        var update = ValidRule();
        update["enabled"] = false;
        update["version"] = 1;
        var changed = await (await _world.Admin.PutJsonAsync($"/api/rules/{id}", update).ExpectAsync(200)).NodeAsync();
        Assert.That((changed["enabled"]!.GetValue<bool>(), changed["version"]!.GetValue<long>()), Is.EqualTo((false, 2L)));
        var stale = await (await _world.Admin.PutJsonAsync($"/api/rules/{id}", update).ExpectAsync(409)).NodeAsync();
        Assert.That(stale["currentVersion"]!.GetValue<long>(), Is.EqualTo(2));
        await _world.Admin.PutJsonAsync("/api/rules/999999", update).ExpectAsync(404);
    }

    [Test]
    public async Task The_vocabulary_lists_every_fact_with_the_operators_it_takes()
    {
        var vocabulary = await (await _world.Admin.GetAsync("/api/rules/vocabulary").ExpectAsync(200)).NodeAsync();
        var facts = vocabulary["facts"]!.AsArray().ToDictionary(f => f!["name"]!.GetValue<string>());
        Assert.That(facts["daysToContractEnd"]!["operators"]!.AsArray().Select(o => o!.GetValue<string>()), Does.Contain("within"));
        Assert.That(facts["tags"]!["operators"]!.AsArray().Select(o => o!.GetValue<string>()), Is.EqualTo(new[] { "contains" }));
        Assert.That(facts["tier"]!["values"]!.AsArray().Select(o => o!.GetValue<string>()), Is.EqualTo(new[] { "vip", "standard", "prospect" }));
        Assert.That(vocabulary["events"]!.AsArray().Select(e => e!.GetValue<string>()), Does.Contain("slaBreached"));
    }
}
