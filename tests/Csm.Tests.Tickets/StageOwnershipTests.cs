using System.Text.Json.Nodes;
using static Csm.Tests.Tickets.TicketKit;

namespace Csm.Tests.Tickets;

/// <summary>
/// A stage's owner decides when a ticket leaves it: an agent cannot pass a manager's stage (403 naming the owner), the
/// manager can; entering the stage hands the ticket to its owner and leaving it for an agents' stage hands it back, and
/// both hand-offs are in the history.
/// </summary>
public sealed class StageOwnershipTests
{
    [Test]
    public async Task An_agent_cannot_pass_the_supervisors_stage_the_manager_can_and_the_ticket_goes_back_to_the_agent()
    {
        await using var csm = await CsmFixture.StartAsync();
        var agent = await csm.UserAsync("agent", "wu.gang", team: "desk");
        var manager = await csm.UserAsync("manager", "liu.fang", team: "desk");
        await KnownCustomerAsync(csm, 3);
        var complaint = await OpenAsync(csm.Admin, 3, type: "complaint", assignment: new { mode = "person", assignee = "wu.gang" });

        var escalated = await MoveAsync(agent, complaint, "supervisorReview");
        Assert.That(escalated["assignee"]!.GetValue<string>(), Is.EqualTo("liu.fang"), "the stage's owner takes it");
        var refused = await (await agent.PostJsonAsync($"/api/tickets/{Id(escalated)}/transitions",
            new { to = "resolve", fields = new { decision = "Refund it myself" }, version = Version(escalated) }).ExpectAsync(403)).NodeAsync();
        Assert.That(refused["detail"]!.GetValue<string>(), Does.Contain("owned by the manager role").And.Contain("a manager may move the ticket on"));
        var unchanged = await (await csm.Admin.GetAsync($"/api/tickets/{Id(escalated)}").ExpectAsync(200)).NodeAsync();
        Assert.That((unchanged["stage"]!.GetValue<string>(), Version(unchanged)), Is.EqualTo(("supervisorReview", Version(escalated))), "nothing changed");

        var decided = await MoveAsync(manager, escalated, "resolve", new { decision = "Refund the visit fee" });
        Assert.That((decided["stage"]!.GetValue<string>(), decided["assignee"]!.GetValue<string>()), Is.EqualTo(("resolve", "wu.gang")),
            "back to the agent who had it before the supervisor");

        var history = (await (await csm.Admin.GetAsync($"/api/tickets/{Id(decided)}/history").ExpectAsync(200)).NodeAsync()).AsArray();
        var handOffs = history.Where(h => h!["action"]!.GetValue<string>() == "handedOff")
            .Select(h => $"{h!["actor"]}: {h["detail"]!["from"]} → {h["detail"]!["to"]} ({h["detail"]!["stage"]})").ToArray();
        Assert.That(handOffs, Is.EqualTo(new[] { "workflow: wu.gang → liu.fang (supervisorReview)", "workflow: liu.fang → wu.gang (resolve)" }));
    }

    [Test]
    public async Task An_account_manager_works_an_agents_stage_and_an_agent_of_another_team_cannot_pass_a_teams_stage()
    {
        await using var csm = await CsmFixture.StartAsync();
        var accountManager = await csm.UserAsync("accountManager", "he.ping");
        var fieldAgent = await csm.UserAsync("agent", "lu.bin", team: "field");
        var deskAgent = await csm.UserAsync("agent", "ma.li", team: "desk");
        await KnownCustomerAsync(csm, 4);
        var ticket = await OpenAsync(csm.Admin, 4);
        ticket = await MoveAsync(accountManager, ticket, "diagnose");
        Assert.That(ticket["stage"]!.GetValue<string>(), Is.EqualTo("diagnose"));

        // A workflow whose visit stage belongs to the field team.
        await EditStageAsync(csm, "repair", "onSiteRepair", stage => stage["ownerTeam"] = "field");
        var visit = await OpenAsync(csm.Admin, 4, assignment: new { mode = "person", assignee = "ma.li" });
        visit = await MoveAsync(deskAgent, visit, "diagnose", new { diagnosis = "Fuser worn" });
        visit = await MoveAsync(deskAgent, visit, "onSiteRepair");
        Assert.That(visit["team"]!.GetValue<string>(), Is.EqualTo("field"));
        var refused = await (await deskAgent.PostJsonAsync($"/api/tickets/{Id(visit)}/transitions",
            new { to = "followUp", fields = new { visitTime = "2026-03-03T14:00:00+08:00" }, version = Version(visit) }).ExpectAsync(403)).NodeAsync();
        Assert.That(refused["detail"]!.GetValue<string>(), Does.Contain("team field"));
        await MoveAsync(fieldAgent, visit, "followUp", new { visitTime = "2026-03-03T14:00:00+08:00" });
    }

    [Test]
    public async Task A_team_stage_hands_successive_tickets_to_each_agent_of_the_team_in_turn()
    {
        await using var csm = await CsmFixture.StartAsync();
        await csm.UserAsync("agent", "wu.gang", team: "desk");
        foreach (var name in new[] { "zhou.min", "an.qi", "lu.bin" }) await csm.UserAsync("agent", name, team: "field");
        await KnownCustomerAsync(csm, 4);
        await EditStageAsync(csm, "repair", "onSiteRepair", stage => stage["ownerTeam"] = "field");

        var assignees = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var ticket = await OpenAsync(csm.Admin, 4, assignment: new { mode = "person", assignee = "wu.gang" });
            ticket = await MoveAsync(csm.Admin, ticket, "diagnose", new { diagnosis = "Fuser worn" });
            ticket = await MoveAsync(csm.Admin, ticket, "onSiteRepair");
            Assert.That(ticket["team"]!.GetValue<string>(), Is.EqualTo("field"));
            assignees.Add(ticket["assignee"]!.GetValue<string>());
        }
        Assert.That(assignees, Is.EqualTo(new[] { "an.qi", "lu.bin", "zhou.min", "an.qi" }), "each agent of the team in turn (by name), then round again");
    }

    [Test]
    public async Task Where_the_stage_lets_the_assignee_move_on_the_assignee_may_and_another_agent_may_not()
    {
        await using var csm = await CsmFixture.StartAsync();
        var assignee = await csm.UserAsync("agent", "wu.gang", team: "desk");
        var colleague = await csm.UserAsync("agent", "ma.li", team: "desk");
        await KnownCustomerAsync(csm, 3);
        // A manager's stage is not the assignee's to leave unless it says so; this one does.
        await EditStageAsync(csm, "complaint", "supervisorReview", stage => stage["assigneeMayMove"] = true);
        var complaint = await OpenAsync(csm.Admin, 3, type: "complaint", assignment: new { mode = "person", assignee = "wu.gang" });
        complaint = await MoveAsync(assignee, complaint, "supervisorReview");
        complaint = await (await csm.Admin.PutJsonAsync($"/api/tickets/{Id(complaint)}/assignment",
            new { mode = "person", assignee = "wu.gang", version = Version(complaint) }).ExpectAsync(200)).NodeAsync();

        var refused = await (await colleague.PostJsonAsync($"/api/tickets/{Id(complaint)}/transitions",
            new { to = "resolve", fields = new { decision = "Refund" }, version = Version(complaint) }).ExpectAsync(403)).NodeAsync();
        Assert.That(refused["detail"]!.GetValue<string>(), Does.Contain("owned by the manager role").And.Contain("the ticket's assignee"));
        var moved = await MoveAsync(assignee, complaint, "resolve", new { decision = "Refund" });
        Assert.That(moved["stage"]!.GetValue<string>(), Is.EqualTo("resolve"));
    }

    [Test]
    public async Task Where_the_stage_keeps_the_assignee_out_only_its_team_may_move_on()
    {
        await using var csm = await CsmFixture.StartAsync();
        var deskAgent = await csm.UserAsync("agent", "ma.li", team: "desk");
        var fieldAgent = await csm.UserAsync("agent", "lu.bin", team: "field");
        await KnownCustomerAsync(csm, 4);
        await EditStageAsync(csm, "repair", "diagnose", stage => { stage["ownerTeam"] = "field"; stage["assigneeMayMove"] = false; });
        var ticket = await OpenAsync(csm.Admin, 4, assignment: new { mode = "person", assignee = "ma.li" });
        ticket = await MoveAsync(deskAgent, ticket, "diagnose");
        ticket = await (await csm.Admin.PutJsonAsync($"/api/tickets/{Id(ticket)}/assignment",
            new { mode = "person", assignee = "ma.li", version = Version(ticket) }).ExpectAsync(200)).NodeAsync();

        var refused = await (await deskAgent.PostJsonAsync($"/api/tickets/{Id(ticket)}/transitions",
            new { to = "onSiteRepair", fields = new { diagnosis = "Fuser worn" }, version = Version(ticket) }).ExpectAsync(403)).NodeAsync();
        Assert.That(refused["detail"]!.GetValue<string>(), Does.Contain("team field").And.Not.Contain("assignee"), "the assignee is not the owner here");
        await MoveAsync(fieldAgent, ticket, "onSiteRepair", new { diagnosis = "Fuser worn" });
    }

    [Test]
    public async Task A_stage_that_goes_to_the_account_manager_gives_the_ticket_to_the_customers_else_to_the_teams_next_agent_saying_why()
    {
        await using var csm = await CsmFixture.StartAsync();
        var accountManager = await csm.UserAsync("accountManager", "he.ping");
        var deskAgent = await csm.UserAsync("agent", "ma.li", team: "desk");
        await csm.UserAsync("agent", "lu.bin", team: "field");
        await KnownCustomerAsync(csm, 4, accountManager: "he.ping");
        await KnownCustomerAsync(csm, 5);
        await EditStageAsync(csm, "repair", "onSiteRepair", stage => { stage["ownerTeam"] = "field"; stage["goesToAccountManager"] = true; });

        async Task<(JsonNode Ticket, JsonNode HandOff)> VisitAsync(long customerId)
        {
            var ticket = await OpenAsync(csm.Admin, customerId, assignment: new { mode = "person", assignee = "ma.li" });
            ticket = await MoveAsync(deskAgent, ticket, "diagnose", new { diagnosis = "Fuser worn" });
            ticket = await MoveAsync(deskAgent, ticket, "onSiteRepair");
            var history = (await (await csm.Admin.GetAsync($"/api/tickets/{Id(ticket)}/history").ExpectAsync(200)).NodeAsync()).AsArray();
            return (ticket, history.Single(h => h!["action"]!.GetValue<string>() == "handedOff")!["detail"]!);
        }

        var (managed, toManager) = await VisitAsync(4);
        Assert.That(managed["assignee"]!.GetValue<string>(), Is.EqualTo("he.ping"), "the customer's account manager, not the field team's agent");
        Assert.That((toManager["from"]!.GetValue<string>(), toManager["to"]!.GetValue<string>(), toManager["note"]), Is.EqualTo(("ma.li", "he.ping", (JsonNode?)null)));
        await MoveAsync(accountManager, managed, "followUp", new { visitTime = "2026-03-03T14:00:00+08:00" });

        var (unmanaged, toTeam) = await VisitAsync(5);
        Assert.That((unmanaged["assignee"]!.GetValue<string>(), unmanaged["team"]!.GetValue<string>()), Is.EqualTo(("lu.bin", "field")));
        Assert.That(toTeam["note"]!.GetValue<string>(), Does.Contain("no account manager").And.Contain("team field"));

        var repair = await (await csm.Admin.GetAsync("/api/workflows/repair").ExpectAsync(200)).NodeAsync();
        var closed = repair["stages"]!.AsArray().Select((s, i) => (s, i)).Single(x => x.s!["isFinal"]!.GetValue<bool>());
        closed.s!["goesToAccountManager"] = true;
        var refused = await (await csm.Admin.PutJsonAsync("/api/workflows/repair", new
        {
            name = repair["name"]!.GetValue<string>(), stages = repair["stages"], transitions = repair["transitions"], version = repair["version"]!.GetValue<long>(),
        }).ExpectAsync(400)).NodeAsync();
        Assert.That(refused["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { $"stages[{closed.i}].goesToAccountManager" }));
    }
}
