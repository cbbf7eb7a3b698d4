using System.Text.Json.Nodes;
using Csm.Modules.Customers.Contracts;
using static Csm.Tests.Tickets.TicketKit;

namespace Csm.Tests.Tickets;

/// <summary>
/// Canned replies: the customer's language, placeholders filled, the reply sent, priority / assignee / stage set in the
/// same step and one history entry; unknown placeholders refused; personal macros stay personal, shared ones are managers'.
/// </summary>
public sealed class MacroTests
{
    private static object Macro(string name, string visibility = "customer", object? actions = null, bool shared = false,
        string zh = "{{customerName}}您好，工单 {{ticketNumber}} 已安排工程师上门。—— {{agentName}}",
        string en = "Dear {{customerName}}, an engineer is booked for ticket {{ticketNumber}}. — {{agentName}}") =>
        new { name, shared, visibility, bodyZh = zh, bodyEn = en, actions };

    private static async Task<JsonNode> CreateAsync(HttpClient client, object macro) =>
        await (await client.PostJsonAsync("/api/macros", macro).ExpectAsync(201)).NodeAsync();

    [Test]
    public async Task Applying_a_macro_replies_in_the_customers_language_and_sets_priority_assignee_and_stage_in_one_entry()
    {
        await using var csm = await CsmFixture.StartAsync();
        var agent = await csm.UserAsync("agent", "mei.li");
        await csm.UserAsync("agent", "field.wang");
        await csm.PublishAsync(Customer(7) with { Name = "华东精密", Language = "zh-CN" }, Customer(8) with { Name = "Contoso", Language = "en" });
        var macro = await CreateAsync(agent, Macro("上门安排", actions: new { priority = "high", assignee = "field.wang", stage = "diagnose" }));

        var zh = await OpenAsync(csm.Admin, 7, assignment: new { mode = "person", assignee = "mei.li" });
        var applied = await (await agent.PostJsonAsync($"/api/tickets/{Id(zh)}/macros/{macro["id"]}", new { version = Version(zh) }).ExpectAsync(200)).NodeAsync();
        Assert.That((applied["priority"]!.GetValue<string>(), applied["assignee"]!.GetValue<string>(), applied["stage"]!.GetValue<string>()),
            Is.EqualTo(("high", "field.wang", "diagnose")));
        Assert.That(applied["firstRespondedAt"], Is.Not.Null, "a customer-visible macro is the first response");
        var comments = (await (await agent.GetAsync($"/api/tickets/{Id(zh)}/comments").ExpectAsync(200)).NodeAsync()).AsArray();
        Assert.That(comments.Single()!["body"]!.GetValue<string>(), Is.EqualTo($"华东精密您好，工单 {zh["number"]} 已安排工程师上门。—— mei.li"));
        var history = (await (await agent.GetAsync($"/api/tickets/{Id(zh)}/history").ExpectAsync(200)).NodeAsync()).AsArray();
        var after = history.Where(h => h!["action"]!.GetValue<string>() != "created").ToList();
        Assert.That(after.Select(h => h!["action"]!.GetValue<string>()), Is.EqualTo(new[] { "macroApplied" }), "one entry for the whole step");
        var detail = after[0]!["detail"]!;
        Assert.That((detail["macro"]!.GetValue<string>(), detail["priority"]!["to"]!.GetValue<string>(), detail["assignee"]!["to"]!.GetValue<string>(), detail["stage"]!["to"]!.GetValue<string>()),
            Is.EqualTo(("上门安排", "high", "field.wang", "diagnose")));

        var en = await OpenAsync(csm.Admin, 8, assignment: new { mode = "person", assignee = "mei.li" });
        var note = await CreateAsync(agent, Macro("Note", visibility: "internal"));
        await agent.PostJsonAsync($"/api/tickets/{Id(en)}/macros/{note["id"]}", new { version = Version(en) }).ExpectAsync(200);
        var enComments = (await (await agent.GetAsync($"/api/tickets/{Id(en)}/comments").ExpectAsync(200)).NodeAsync()).AsArray();
        Assert.That((enComments.Single()!["body"]!.GetValue<string>(), enComments.Single()!["visibility"]!.GetValue<string>()),
            Is.EqualTo(($"Dear Contoso, an engineer is booked for ticket {en["number"]}. — mei.li", "internal")));
    }

    [Test]
    public async Task A_macro_with_an_unknown_placeholder_or_a_bad_action_is_refused_and_nothing_is_applied()
    {
        await using var csm = await CsmFixture.StartAsync();
        var agent = await csm.UserAsync("agent", "mei.li");
        var unknown = await (await agent.PostJsonAsync("/api/macros", Macro("x", zh: "您好 {{customerNmae}}")).ExpectAsync(400)).NodeAsync();
        Assert.That(unknown["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "bodyZh" }));
        Assert.That(unknown["errors"]!["bodyZh"]![0]!.GetValue<string>(), Does.Contain("{{customerNmae}}"));
        var badPriority = await (await agent.PostJsonAsync("/api/macros", new { name = "x", shared = false, visibility = "customer", bodyZh = "a", bodyEn = "b", actions = new { priority = "asap" } }).ExpectAsync(400)).NodeAsync();
        Assert.That(badPriority["errors"]!.AsObject().Select(e => e.Key).Single(), Does.Contain("priority"));
        Assert.That((await (await agent.GetAsync("/api/macros").ExpectAsync(200)).NodeAsync()).AsArray(), Is.Empty, "nothing half-saved");

        await KnownCustomerAsync(csm, 7);
        var ticket = await OpenAsync(csm.Admin, 7, assignment: new { mode = "person", assignee = "mei.li" });
        var toNobody = await CreateAsync(agent, Macro("To nobody", actions: new { assignee = "left.company" }));
        var refused = await (await agent.PostJsonAsync($"/api/tickets/{Id(ticket)}/macros/{toNobody["id"]}", new { version = Version(ticket) }).ExpectAsync(400)).NodeAsync();
        Assert.That(refused["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "actions.assignee" }));
        var skipAhead = await CreateAsync(agent, Macro("Skip", actions: new { stage = "closed" }));
        var skip = await (await agent.PostJsonAsync($"/api/tickets/{Id(ticket)}/macros/{skipAhead["id"]}", new { version = Version(ticket) }).ExpectAsync(400)).NodeAsync();
        Assert.That(skip["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "actions.stage" }));
        var comments = (await (await agent.GetAsync($"/api/tickets/{Id(ticket)}/comments").ExpectAsync(200)).NodeAsync()).AsArray();
        Assert.That(comments, Is.Empty, "a refused macro leaves no reply behind");
        var unchanged = await (await agent.GetAsync($"/api/tickets/{Id(ticket)}").ExpectAsync(200)).NodeAsync();
        Assert.That(Version(unchanged), Is.EqualTo(Version(ticket)));
    }

    [Test]
    public async Task Personal_macros_stay_personal_and_shared_ones_are_managed_by_managers()
    {
        await using var csm = await CsmFixture.StartAsync();
        var agent = await csm.UserAsync("agent", "mei.li");
        var other = await csm.UserAsync("agent", "jun.wu");
        var manager = await csm.UserAsync("manager", "lin.tao");
        var mine = await CreateAsync(agent, Macro("Mine"));
        var refused = await (await agent.PostJsonAsync("/api/macros", Macro("Team", shared: true)).ExpectAsync(403)).NodeAsync();
        Assert.That(refused["permission"]!.GetValue<string>(), Is.EqualTo("settings.configure"));
        var shared = await CreateAsync(manager, Macro("Team", shared: true));
        var seen = (await (await other.GetAsync("/api/macros").ExpectAsync(200)).NodeAsync()).AsArray().Select(m => m!["name"]!.GetValue<string>());
        Assert.That(seen, Is.EqualTo(new[] { "Team" }));
        await KnownCustomerAsync(csm, 7);
        var ticket = await OpenAsync(csm.Admin, 7);
        await other.PostJsonAsync($"/api/tickets/{Id(ticket)}/macros/{mine["id"]}", new { version = Version(ticket) }).ExpectAsync(404);
        await agent.PutJsonAsync($"/api/macros/{shared["id"]}", new { name = "Hijacked", shared = true, visibility = "customer", bodyZh = "a", bodyEn = "b", version = 1 }).ExpectAsync(403);
        var renamed = await (await agent.PutJsonAsync($"/api/macros/{mine["id"]}", new { name = "Mine, renamed", shared = false, visibility = "internal", bodyZh = "好", bodyEn = "OK", version = 1 }).ExpectAsync(200)).NodeAsync();
        Assert.That((renamed["name"]!.GetValue<string>(), renamed["version"]!.GetValue<long>()), Is.EqualTo(("Mine, renamed", 2L)));
        await agent.PutJsonAsync($"/api/macros/{mine["id"]}", new { name = "stale", shared = false, visibility = "internal", bodyZh = "好", bodyEn = "OK", version = 1 }).ExpectAsync(409);
        await agent.DeleteAsync($"/api/macros/{mine["id"]}").ExpectAsync(204);
    }
}
