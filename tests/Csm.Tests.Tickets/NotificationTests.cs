using System.Text.Json.Nodes;
using Csm.BuildingBlocks.Data;
using Csm.Modules.Customers.Contracts;
using Csm.Modules.Rules.Contracts;
using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Jobs;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using static Csm.Tests.Tickets.TicketKit;

namespace Csm.Tests.Tickets;

public sealed class NotificationTests
{
    private const string Mine = "/api/tickets/notifications";
    private const string Read = "/api/tickets/notifications/read";

    private static async Task<int> ScanAsync(CsmFixture csm)
    {
        await using var scope = csm.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EscalationScan>().RunAsync();
    }

    private static async Task<JsonNode> MineAsync(HttpClient client, string query = "") =>
        await (await client.GetAsync(Mine + query).ExpectAsync(200)).NodeAsync();

    private static List<JsonNode> Items(JsonNode page) => page["items"]!.AsArray().Select(i => i!).ToList();

    private static string Text(JsonNode item, string field) => item[field]?.GetValue<string>() ?? "";

    private static async Task EscalateByRuleAsync(CsmFixture csm, long ticketId, string? role, string reason = "Three complaints this week") =>
        await csm.PublishAsync(new TicketEscalationRequested(ticketId, 5, "urgent", role, reason, "rule:7:70"));

    [Test]
    public async Task An_owner_hears_once_per_target_that_their_ticket_is_at_risk_then_breached_however_often_the_scan_runs()
    {
        await using var csm = await CsmFixture.StartAsync();
        var agent = await csm.UserAsync("agent", "zhao.lei", team: "desk");
        await KnownCustomerAsync(csm, 8);
        // A normal inquiry falls under the shipped Standard policy: notify the owner when at risk and when breached.
        var ticket = await OpenAsync(csm.Admin, 8, type: "inquiry", assignment: new { mode = "person", assignee = "zhao.lei" }, subject: "Invoice question");
        Assert.That((await MineAsync(agent))["unread"]!.GetValue<long>(), Is.Zero);

        // 200 of the 240 business minutes to first response: at risk.
        csm.Clock.Advance(TimeSpan.FromMinutes(200));
        Assert.That(await ScanAsync(csm), Is.GreaterThan(0));
        Assert.That(await ScanAsync(csm), Is.Zero);
        var first = await MineAsync(agent);
        var atRisk = Items(first).Where(i => Text(i, "target") == "firstResponse").ToList();
        Assert.That(atRisk.Select(i => Text(i, "kind")), Is.EqualTo(new[] { "atRisk" }));
        Assert.That(Text(atRisk[0], "ticketNumber"), Is.EqualTo(Text(ticket, "number")));
        Assert.That(Text(atRisk[0], "subject"), Is.EqualTo("Invoice question"));
        Assert.That(Text(atRisk[0], "customerName"), Is.EqualTo("Customer 8"));
        Assert.That(atRisk[0]["ticketId"]!.GetValue<long>(), Is.EqualTo(Id(ticket)));
        Assert.That(atRisk[0]["readAt"], Is.Null);

        csm.Clock.Advance(TimeSpan.FromMinutes(50));
        Assert.That(await ScanAsync(csm), Is.GreaterThan(0));
        Assert.That(await ScanAsync(csm), Is.Zero);
        var all = Items(await MineAsync(agent, "?pageSize=100"));
        // One notification per event the scans raised for the ticket, each (kind, target) once.
        var raised = (await EventsAsync<SlaAtRisk>(csm)).Count + (await EventsAsync<SlaBreached>(csm)).Count;
        Assert.That(all, Has.Count.EqualTo(raised));
        Assert.That(all.GroupBy(i => (Text(i, "kind"), Text(i, "target"))).All(g => g.Count() == 1), Is.True);
        Assert.That(Text(all[0], "kind"), Is.EqualTo("breached"), "newest first");
        Assert.That(all.Where(i => Text(i, "target") == "firstResponse").Select(i => Text(i, "kind")), Is.EquivalentTo(new[] { "atRisk", "breached" }));
        var history = await (await csm.Admin.GetAsync($"/api/tickets/{Id(ticket)}/history").ExpectAsync(200)).NodeAsync();
        Assert.That(history.AsArray().Count(h => h!["action"]!.GetValue<string>() == "notified"), Is.EqualTo(raised), "each notification is in the history");
    }

    [Test]
    public async Task A_breach_escalated_to_the_supervisor_tells_the_supervisor_why_and_the_agent_sees_only_their_own()
    {
        await using var csm = await CsmFixture.StartAsync();
        var agent = await csm.UserAsync("agent", "zhao.lei", team: "desk");
        var supervisor = await csm.UserAsync("manager", "chen.jing", team: "desk");
        await KnownCustomerAsync(csm, 8, CustomerTier.Vip);
        var ticket = await OpenAsync(csm.Admin, 8, type: "complaint", assignment: new { mode = "person", assignee = "zhao.lei" });

        csm.Clock.Advance(TimeSpan.FromMinutes(48));
        await ScanAsync(csm);
        csm.Clock.Advance(TimeSpan.FromMinutes(13));
        await ScanAsync(csm);
        await ScanAsync(csm);

        var told = Items(await MineAsync(supervisor)).Where(i => Text(i, "kind") == "escalated").ToList();
        Assert.That(told, Has.Count.EqualTo(1));
        Assert.That(told[0]["ticketId"]!.GetValue<long>(), Is.EqualTo(Id(ticket)));
        Assert.That(Text(told[0], "target"), Is.EqualTo("firstResponse"));
        Assert.That(Text(told[0], "slaState"), Is.EqualTo("breached"));
        var agents = Items(await MineAsync(agent));
        Assert.That(agents.Select(i => Text(i, "kind")).Distinct(), Is.EqualTo(new[] { "atRisk" }), "the VIP policy notifies the owner of the risk only");
        Assert.That(agents.Select(i => i["id"]!.GetValue<long>()), Has.None.AnyOf(told.Select(i => i["id"]!.GetValue<long>()).ToArray()));
    }

    [Test]
    public async Task A_ticket_nobody_owns_tells_a_manager()
    {
        await using var csm = await CsmFixture.StartAsync();
        var manager = await csm.UserAsync("manager", "chen.jing");
        await KnownCustomerAsync(csm, 8);
        var ticket = await OpenAsync(csm.Admin, 8, type: "inquiry");
        csm.Clock.Advance(TimeSpan.FromMinutes(200));
        await ScanAsync(csm);
        var told = Items(await MineAsync(manager));
        Assert.That(told.Where(i => Text(i, "target") == "firstResponse").Select(i => (Text(i, "kind"), i["ticketId"]!.GetValue<long>())),
            Is.EqualTo(new[] { ("atRisk", Id(ticket)) }));
    }

    [Test]
    public async Task A_rule_escalation_tells_everyone_with_the_role_in_the_tickets_team_once_even_when_redelivered()
    {
        await using var csm = await CsmFixture.StartAsync();
        await csm.UserAsync("agent", "zhao.lei", team: "desk");
        var lead = await csm.UserAsync("manager", "chen.jing", team: "desk");
        var second = await csm.UserAsync("manager", "li.na", team: "desk");
        var elsewhere = await csm.UserAsync("manager", "wang.wei", team: "field");
        await KnownCustomerAsync(csm, 5);
        var ticket = await OpenAsync(csm.Admin, 5, assignment: new { mode = "person", assignee = "zhao.lei" });
        await EscalateByRuleAsync(csm, Id(ticket), "manager");

        // Deliver the rule's event again, as after a crash between handling and marking it done (a server engine's case).
        if (await csm.RedeliverAsync(typeof(TicketEscalationRequested).FullName)) Assert.That(await csm.DrainOutboxAsync(), Is.GreaterThan(0));

        foreach (var manager in new[] { lead, second })
        {
            var told = Items(await MineAsync(manager));
            Assert.That(told, Has.Count.EqualTo(1));
            Assert.That(Text(told[0], "kind"), Is.EqualTo("ruleEscalated"));
            Assert.That(Text(told[0], "reason"), Is.EqualTo("Three complaints this week"));
            Assert.That(told[0]["ticketId"]!.GetValue<long>(), Is.EqualTo(Id(ticket)));
        }
        Assert.That(Items(await MineAsync(elsewhere)), Is.Empty, "a manager of another team is not told");
    }

    [Test]
    public async Task A_rule_escalation_for_a_ticket_without_a_team_tells_one_holder_of_the_role_and_without_a_role_nobody()
    {
        await using var csm = await CsmFixture.StartAsync();
        var first = await csm.UserAsync("manager", "chen.jing", team: "desk");
        var other = await csm.UserAsync("manager", "wang.wei", team: "field");
        await KnownCustomerAsync(csm, 5);
        var ticket = await OpenAsync(csm.Admin, 5);
        await EscalateByRuleAsync(csm, Id(ticket), null);
        Assert.That((await MineAsync(first))["total"]!.GetValue<long>() + (await MineAsync(other))["total"]!.GetValue<long>(), Is.Zero);

        await EscalateByRuleAsync(csm, Id(ticket), "manager");
        var counts = new[] { (await MineAsync(first))["total"]!.GetValue<long>(), (await MineAsync(other))["total"]!.GetValue<long>() };
        Assert.That(counts.Sum(), Is.EqualTo(1));
    }

    /// <summary>Two teams, each with a manager and an agent who owns one ticket: the desk's and the field's.</summary>
    private static async Task<(HttpClient Lead, HttpClient Other, JsonNode Desk, JsonNode Field)> TwoTeamsAsync(CsmFixture csm)
    {
        var lead = await csm.UserAsync("manager", "chen.jing", team: "desk");
        var other = await csm.UserAsync("manager", "wang.wei", team: "field");
        await csm.UserAsync("agent", "zhao.lei", team: "desk");
        await csm.UserAsync("agent", "liu.yang", team: "field");
        await KnownCustomerAsync(csm, 5);
        var desk = await OpenAsync(csm.Admin, 5, assignment: new { mode = "person", assignee = "zhao.lei" });
        var field = await OpenAsync(csm.Admin, 5, assignment: new { mode = "person", assignee = "liu.yang" });
        return (lead, other, desk, field);
    }

    [Test]
    public async Task The_list_is_the_callers_own_newest_first_with_an_unread_filter_and_paging()
    {
        await using var csm = await CsmFixture.StartAsync();
        var (lead, other, desk, field) = await TwoTeamsAsync(csm);
        for (var i = 1; i <= 3; i++)
        {
            csm.Clock.Advance(TimeSpan.FromMinutes(1));
            await EscalateByRuleAsync(csm, Id(desk), "manager", $"reason {i}");
        }
        await EscalateByRuleAsync(csm, Id(field), "manager", "field reason");

        var page = await MineAsync(lead, "?pageSize=2");
        Assert.That(page["total"]!.GetValue<long>(), Is.EqualTo(3));
        Assert.That(page["unread"]!.GetValue<long>(), Is.EqualTo(3));
        Assert.That(Items(page).Select(i => Text(i, "reason")), Is.EqualTo(new[] { "reason 3", "reason 2" }));
        var second = await MineAsync(lead, "?pageSize=2&page=2");
        Assert.That(Items(second).Select(i => Text(i, "reason")), Is.EqualTo(new[] { "reason 1" }));
        Assert.That(Items(await MineAsync(other)).Select(i => Text(i, "reason")), Is.EqualTo(new[] { "field reason" }));

        var newest = Items(page)[0]["id"]!.GetValue<long>();
        await lead.PostJsonAsync(Read, new { ids = new[] { newest } }).ExpectAsync(200);
        var unread = await MineAsync(lead, "?unread=true");
        Assert.That(unread["total"]!.GetValue<long>(), Is.EqualTo(2));
        Assert.That(Items(unread).Select(i => Text(i, "reason")), Is.EqualTo(new[] { "reason 2", "reason 1" }));
        var everything = Items(await MineAsync(lead));
        Assert.That(everything.Single(i => i["id"]!.GetValue<long>() == newest)["readAt"], Is.Not.Null);
    }

    [Test]
    public async Task Marking_read_by_ids_changes_only_the_callers_own_and_all_marks_the_rest()
    {
        await using var csm = await CsmFixture.StartAsync();
        var (lead, other, desk, field) = await TwoTeamsAsync(csm);
        for (var i = 0; i < 3; i++) await EscalateByRuleAsync(csm, Id(desk), "manager");
        await EscalateByRuleAsync(csm, Id(field), "manager");
        var mine = Items(await MineAsync(lead)).Select(i => i["id"]!.GetValue<long>()).ToList();
        var theirs = Items(await MineAsync(other)).Single()["id"]!.GetValue<long>();

        var marked = await (await lead.PostJsonAsync(Read, new { ids = new[] { mine[0], theirs } }).ExpectAsync(200)).NodeAsync();
        Assert.That(marked["marked"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(marked["unread"]!.GetValue<long>(), Is.EqualTo(2));
        Assert.That((await MineAsync(other))["unread"]!.GetValue<long>(), Is.EqualTo(1), "someone else's id is not changed");
        var again = await (await lead.PostJsonAsync(Read, new { ids = new[] { mine[0] } }).ExpectAsync(200)).NodeAsync();
        Assert.That(again["marked"]!.GetValue<int>(), Is.Zero, "already read");

        var all = await (await lead.PostJsonAsync(Read, new { all = true }).ExpectAsync(200)).NodeAsync();
        Assert.That(all["marked"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(all["unread"]!.GetValue<long>(), Is.Zero);
        Assert.That((await MineAsync(other))["unread"]!.GetValue<long>(), Is.EqualTo(1));
    }

    private static IEnumerable<TestCaseData> BadMarks()
    {
        yield return new TestCaseData(new { ids = Array.Empty<long>() }, "ids").SetName("Marking_read_with_an_empty_id_list_is_refused");
        yield return new TestCaseData(new { ids = new long[] { 1 }, all = true }, "ids").SetName("Marking_read_with_both_ids_and_all_is_refused");
        yield return new TestCaseData(new { all = false }, "ids").SetName("Marking_read_with_neither_ids_nor_all_is_refused");
        yield return new TestCaseData(new { ids = Enumerable.Range(1, 201).Select(i => (long)i).ToArray() }, "ids")
            .SetName("Marking_read_with_more_than_200_ids_is_refused");
        yield return new TestCaseData(new { ids = new long[] { 0 } }, "ids[0]").SetName("Marking_read_with_an_id_that_cannot_exist_is_refused");
    }

    [TestCaseSource(nameof(BadMarks))]
    public async Task Bad_marking_requests_name_the_field(object body, string field)
    {
        await using var csm = await CsmFixture.StartAsync();
        var problem = await (await csm.Admin.PostJsonAsync(Read, body).ExpectAsync(400)).NodeAsync();
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Contain(field));
    }

    [TestCase("?page=0", "page")]
    [TestCase("?pageSize=0", "pageSize")]
    [TestCase("?pageSize=201", "pageSize")]
    public async Task A_bad_page_of_notifications_names_the_field(string query, string field)
    {
        await using var csm = await CsmFixture.StartAsync();
        var problem = await (await csm.Admin.GetAsync(Mine + query).ExpectAsync(400)).NodeAsync();
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Contain(field));
    }

    [Test]
    public async Task An_api_key_is_told_notifications_are_for_people()
    {
        await using var csm = await CsmFixture.StartAsync();
        var key = await csm.ApiKeyClientAsync("admin", "*");
        foreach (var response in new[] { await key.GetAsync(Mine), await key.PostJsonAsync(Read, new { all = true }) })
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(403));
            var problem = await response.NodeAsync();
            Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("Notifications are for people"));
        }
    }
}
