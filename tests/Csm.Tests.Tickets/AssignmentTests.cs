using Csm.Modules.Customers.Contracts;
using Csm.Modules.Tickets.Contracts;
using static Csm.Tests.Tickets.TicketKit;

namespace Csm.Tests.Tickets;

public sealed class AssignmentTests
{
    [Test]
    public async Task Round_robin_hands_a_teams_tickets_to_its_agents_in_turn()
    {
        await using var csm = await CsmFixture.StartAsync();
        await KnownCustomerAsync(csm, 1);
        await csm.UserAsync("agent", "ann", team: "desk");
        await csm.UserAsync("agent", "bob", team: "desk");
        await csm.UserAsync("agent", "cyd", team: "field");
        var owners = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var t = await OpenAsync(csm.Admin, 1, assignment: new { mode = "roundRobin", team = "desk" });
            owners.Add(t["assignee"]!.GetValue<string>());
        }
        Assert.That(owners, Is.EqualTo(new[] { "ann", "bob", "ann" }));
    }

    [Test]
    public async Task A_ticket_goes_to_the_customers_account_manager_and_reassignment_is_an_event()
    {
        await using var csm = await CsmFixture.StartAsync();
        await csm.UserAsync("accountManager", "wang.fang", team: "key-accounts");
        await csm.UserAsync("agent", "zhao.lei", team: "desk");
        await KnownCustomerAsync(csm, 5, CustomerTier.Vip, accountManager: "wang.fang");
        var ticket = await OpenAsync(csm.Admin, 5, type: "complaint", assignment: new { mode = "accountManager" });
        Assert.That(ticket["assignee"]!.GetValue<string>(), Is.EqualTo("wang.fang"));
        Assert.That(ticket["team"]!.GetValue<string>(), Is.EqualTo("key-accounts"));

        ticket = await (await csm.Admin.PutJsonAsync($"/api/tickets/{Id(ticket)}/assignment", new { mode = "person", assignee = "zhao.lei", version = Version(ticket) })
            .ExpectAsync(200)).NodeAsync();
        Assert.That(ticket["assignee"]!.GetValue<string>(), Is.EqualTo("zhao.lei"));
        var assigned = (await EventsAsync<TicketAssigned>(csm)).Single();
        Assert.That(assigned, Has.Property("PreviousAssignee").EqualTo("wang.fang").And.Property("Assignee").EqualTo("zhao.lei"));
    }

    [Test]
    public async Task Assigning_to_someone_who_does_not_exist_or_an_empty_team_is_refused()
    {
        await using var csm = await CsmFixture.StartAsync();
        await KnownCustomerAsync(csm, 1);
        var ticket = await OpenAsync(csm.Admin, 1);
        var nobody = await (await csm.Admin.PutJsonAsync($"/api/tickets/{Id(ticket)}/assignment", new { mode = "person", assignee = "ghost", version = 1 }).ExpectAsync(400)).NodeAsync();
        Assert.That(nobody["errors"]!["assignee"]![0]!.GetValue<string>(), Does.Contain("ghost"));
        var empty = await (await csm.Admin.PutJsonAsync($"/api/tickets/{Id(ticket)}/assignment", new { mode = "roundRobin", team = "void", version = 1 }).ExpectAsync(400)).NodeAsync();
        Assert.That(empty["errors"]!["team"], Is.Not.Null);
        var noManager = await (await csm.Admin.PutJsonAsync($"/api/tickets/{Id(ticket)}/assignment", new { mode = "accountManager", version = 1 }).ExpectAsync(400)).NodeAsync();
        Assert.That(noManager["errors"]!["mode"]![0]!.GetValue<string>(), Does.Contain("no account manager"));
    }

    [Test]
    public async Task A_task_without_an_assignee_goes_to_the_account_manager_and_has_no_first_response_clock()
    {
        await using var csm = await CsmFixture.StartAsync();
        await csm.UserAsync("accountManager", "wang.fang");
        await KnownCustomerAsync(csm, 5, accountManager: "wang.fang");
        var task = await OpenAsync(csm.Admin, 5, type: "task", subject: "Call about renewal");
        Assert.That(task["assignee"]!.GetValue<string>(), Is.EqualTo("wang.fang"));
        Assert.That(task["kind"]!.GetValue<string>(), Is.EqualTo("task"));
        Assert.That(task["firstResponseDueAt"], Is.Null);
        Assert.That(task["resolutionDueAt"], Is.Not.Null);
    }

    [Test]
    public async Task A_newer_customer_profile_wins_over_a_late_older_one()
    {
        await using var csm = await CsmFixture.StartAsync();
        await csm.PublishAsync(Customer(9, CustomerTier.Standard, version: 1));
        await csm.PublishAsync(Customer(9, CustomerTier.Vip, version: 3));
        await csm.PublishAsync(Customer(9, CustomerTier.Prospect, version: 2));
        var ticket = await OpenAsync(csm.Admin, 9, type: "complaint");
        Assert.That(ticket["customerTier"]!.GetValue<string>(), Is.EqualTo("vip"));
        // The VIP complaint policy: first response within 60 business minutes.
        Assert.That(ticket["firstResponseDueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(8))));
        Assert.That((await EventsAsync<TicketCreated>(csm)).Single().Priority, Is.EqualTo(TicketPriority.High));
    }
}

public sealed class ComplaintEscalationPathTests
{
    [Test]
    public async Task A_complaint_taken_to_the_supervisor_stage_goes_to_a_manager_of_the_team_and_needs_a_decision()
    {
        await using var csm = await CsmFixture.StartAsync();
        await csm.UserAsync("agent", "zhao.lei", team: "desk");
        await csm.UserAsync("manager", "chen.jing", team: "desk");
        await KnownCustomerAsync(csm, 2);
        var complaint = await OpenAsync(csm.Admin, 2, type: "complaint", assignment: new { mode = "person", assignee = "zhao.lei" });
        Assert.That(complaint["allowedTransitions"]!.AsArray().Select(t => t!["to"]!.GetValue<string>()), Is.EquivalentTo(new[] { "investigate", "supervisorReview" }));
        var escalated = await MoveAsync(csm.Admin, complaint, "supervisorReview");
        Assert.That(escalated["assignee"]!.GetValue<string>(), Is.EqualTo("chen.jing"));
        var missing = await (await csm.Admin.PostJsonAsync($"/api/tickets/{Id(escalated)}/transitions", new { to = "resolve", version = Version(escalated) }).ExpectAsync(400)).NodeAsync();
        Assert.That(missing["errors"]!["fields.decision"], Is.Not.Null);
        var resolved = await MoveAsync(csm.Admin, escalated, "resolve", new { decision = "Refund the visit fee" });
        Assert.That(resolved["stage"]!.GetValue<string>(), Is.EqualTo("resolve"));
    }
}
