using System.Text.Json.Nodes;
using Csm.Modules.Customers.Contracts;
using Csm.Modules.Tickets.Contracts;
using static Csm.Tests.Tickets.TicketKit;

namespace Csm.Tests.Tickets;

public sealed class TicketLifecycleTests
{
    [Test]
    public async Task An_agent_takes_a_repair_from_accept_to_closed_with_the_fields_each_stage_requires()
    {
        await using var csm = await CsmFixture.StartAsync();
        await KnownCustomerAsync(csm, 42);
        var agent = await csm.UserAsync("agent", "li.na", team: "hardware");
        var ticket = await OpenAsync(agent, 42, assignment: new { mode = "person", assignee = "li.na" });
        Assert.That(ticket["number"]!.GetValue<string>(), Does.Match(@"^TK-2026-\d{6}$"));
        Assert.That(ticket["stage"]!.GetValue<string>(), Is.EqualTo("accept"));
        Assert.That(ticket["team"]!.GetValue<string>(), Is.EqualTo("hardware"));

        ticket = await MoveAsync(agent, ticket, "diagnose");
        var missing = await (await agent.PostJsonAsync($"/api/tickets/{Id(ticket)}/transitions", new { to = "partsRequest", version = Version(ticket) })
            .ExpectAsync(400)).NodeAsync();
        Assert.That(missing["errors"]!["fields.diagnosis"]![0]!.GetValue<string>(), Does.Contain("required to leave stage 'diagnose'"));

        ticket = await MoveAsync(agent, ticket, "partsRequest", new { diagnosis = "Fuser unit burnt" });
        ticket = await MoveAsync(agent, ticket, "onSiteRepair", new { partsList = "Fuser unit x1" });
        var vague = await (await agent.PostJsonAsync($"/api/tickets/{Id(ticket)}/transitions", new { to = "followUp", fields = new { visitTime = "maybe tomorrow" }, version = Version(ticket) })
            .ExpectAsync(400)).NodeAsync();
        Assert.That(vague["errors"]!["fields.visitTime"]![0]!.GetValue<string>(), Does.Contain("date and time"));
        ticket = await MoveAsync(agent, ticket, "followUp", new { visitTime = "2026-03-03T14:00+08:00" });
        ticket = await MoveAsync(agent, ticket, "closed", new { followUpNote = "Customer confirms it prints" });

        Assert.That(ticket["status"]!.GetValue<string>(), Is.EqualTo("closed"));
        Assert.That(ticket["fields"]!["diagnosis"]!.GetValue<string>(), Is.EqualTo("Fuser unit burnt"));
        Assert.That(ticket["allowedTransitions"]!.AsArray(), Is.Empty);
        Assert.That(ticket["canReopen"]!.GetValue<bool>(), Is.True);

        Assert.That((await EventsAsync<TicketStageChanged>(csm)).Select(e => e.ToStage),
            Is.EqualTo(new[] { "diagnose", "partsRequest", "onSiteRepair", "followUp", "closed" }));
        var resolved = (await EventsAsync<TicketResolved>(csm)).Single();
        Assert.That(resolved, Has.Property("TypeCode").EqualTo("repair").And.Property("Assignee").EqualTo("li.na").And.Property("Team").EqualTo("hardware"));
        Assert.That(resolved.SlaMet, Is.True, "resolved at once without a reply: nobody waited past either target");
        Assert.That(await EventsAsync<TicketClosed>(csm), Has.Count.EqualTo(1));
        var created = (await EventsAsync<TicketCreated>(csm)).Single();
        Assert.That(created.Kind, Is.EqualTo(TicketKind.Repair));

        var history = await (await agent.GetAsync($"/api/tickets/{Id(ticket)}/history").ExpectAsync(200)).NodeAsync();
        Assert.That(history.AsArray().Select(h => h!["action"]!.GetValue<string>()),
            Is.EqualTo(new[] { "created", "stageChanged", "stageChanged", "stageChanged", "stageChanged", "stageChanged" }));
        Assert.That(history[1]!["actor"]!.GetValue<string>(), Is.EqualTo("li.na"));
    }

    [Test]
    public async Task A_transition_the_workflow_does_not_allow_is_refused_naming_the_target()
    {
        await using var csm = await CsmFixture.StartAsync();
        await KnownCustomerAsync(csm, 1);
        var ticket = await OpenAsync(csm.Admin, 1);
        var problem = await (await csm.Admin.PostJsonAsync($"/api/tickets/{Id(ticket)}/transitions", new { to = "closed", version = 1 }).ExpectAsync(400)).NodeAsync();
        Assert.That(problem["errors"]!["to"]![0]!.GetValue<string>(), Does.Contain("diagnose"));
    }

    [Test]
    public async Task A_change_with_a_stale_version_gets_409_and_changes_nothing()
    {
        await using var csm = await CsmFixture.StartAsync();
        await KnownCustomerAsync(csm, 1);
        var ticket = await OpenAsync(csm.Admin, 1);
        await MoveAsync(csm.Admin, ticket, "diagnose");
        var stale = await (await csm.Admin.PostJsonAsync($"/api/tickets/{Id(ticket)}/comments", new { body = "hello", visibility = "customer", version = 1 })
            .ExpectAsync(409)).NodeAsync();
        Assert.That(stale["currentVersion"]!.GetValue<long>(), Is.EqualTo(2));
        var now = await (await csm.Admin.GetAsync($"/api/tickets/{Id(ticket)}").ExpectAsync(200)).NodeAsync();
        Assert.That(now["firstRespondedAt"], Is.Null);
    }

    [Test]
    public async Task A_ticket_for_an_unknown_or_erased_customer_is_refused()
    {
        await using var csm = await CsmFixture.StartAsync();
        var body = new { customerId = 7, typeCode = "inquiry", channel = "email", subject = "Question" };
        var unknown = await (await csm.Admin.PostJsonAsync("/api/tickets", body).ExpectAsync(400)).NodeAsync();
        Assert.That(unknown["errors"]!["customerId"]![0]!.GetValue<string>(), Does.Contain("not known"));

        await KnownCustomerAsync(csm, 7);
        await csm.Admin.PostJsonAsync("/api/tickets", body).ExpectAsync(201);
        await csm.PublishAsync(new CustomerErased(7));
        var erased = await (await csm.Admin.PostJsonAsync("/api/tickets", body).ExpectAsync(400)).NodeAsync();
        Assert.That(erased["errors"]!["customerId"]![0]!.GetValue<string>(), Does.Contain("erased"));
    }

    [Test]
    public async Task A_priority_a_channel_or_a_type_that_does_not_exist_is_refused_naming_the_field()
    {
        await using var csm = await CsmFixture.StartAsync();
        await KnownCustomerAsync(csm, 1);
        var priority = await (await csm.Admin.PostJsonAsync("/api/tickets", new { customerId = 1, typeCode = "repair", channel = "phone", priority = "apocalyptic", subject = "x" })
            .ExpectAsync(400)).NodeAsync();
        Assert.That(priority["errors"]!.AsObject().Single().Key, Is.EqualTo("priority"));
        var channel = await (await csm.Admin.PostJsonAsync("/api/tickets", new { customerId = 1, typeCode = "repair", channel = "pigeon", subject = "x" })
            .ExpectAsync(400)).NodeAsync();
        Assert.That(channel["errors"]!.AsObject().Single().Key, Is.EqualTo("channel"));
        var type = await (await csm.Admin.PostJsonAsync("/api/tickets", new { customerId = 1, typeCode = "séance", channel = "phone", subject = "x" })
            .ExpectAsync(400)).NodeAsync();
        Assert.That(type["errors"]!["typeCode"], Is.Not.Null);
    }

    [Test]
    public async Task The_first_customer_visible_reply_stops_the_first_response_clock_once()
    {
        await using var csm = await CsmFixture.StartAsync();
        await KnownCustomerAsync(csm, 1);
        var ticket = await OpenAsync(csm.Admin, 1, type: "inquiry");
        Assert.That(ticket["firstResponseDueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(new DateTimeOffset(2026, 3, 2, 13, 0, 0, TimeSpan.FromHours(8))));

        csm.Clock.Advance(TimeSpan.FromMinutes(30));
        ticket = await (await csm.Admin.PostJsonAsync($"/api/tickets/{Id(ticket)}/comments", new { body = "checking stock", visibility = "internal", version = Version(ticket) }).ExpectAsync(200)).NodeAsync();
        Assert.That(ticket["firstRespondedAt"], Is.Null);
        csm.Clock.Advance(TimeSpan.FromMinutes(45));
        ticket = await (await csm.Admin.PostJsonAsync($"/api/tickets/{Id(ticket)}/comments", new { body = "您好，我们已收到", visibility = "customer", version = Version(ticket) }).ExpectAsync(200)).NodeAsync();
        Assert.That(ticket["firstResponseBusinessMinutes"]!.GetValue<double>(), Is.EqualTo(75));
        Assert.That(ticket["firstResponseDueAt"], Is.Null);
        await csm.Admin.PostJsonAsync($"/api/tickets/{Id(ticket)}/comments", new { body = "again", visibility = "customer", version = Version(ticket) }).ExpectAsync(200);

        var responded = (await EventsAsync<TicketFirstResponded>(csm)).Single();
        Assert.That(responded.BusinessMinutes, Is.EqualTo(75));
        var visible = await (await csm.Admin.GetAsync($"/api/tickets/{Id(ticket)}/comments?visibility=customer").ExpectAsync(200)).NodeAsync();
        Assert.That(visible.AsArray().Select(c => c!["body"]!.GetValue<string>()), Is.EqualTo(new[] { "您好，我们已收到", "again" }));
    }

    [Test]
    public async Task Waiting_for_the_customer_pauses_the_clock_and_pushes_the_due_times_back()
    {
        await using var csm = await CsmFixture.StartAsync();
        await KnownCustomerAsync(csm, 1);
        var ticket = await OpenAsync(csm.Admin, 1, type: "inquiry");   // Monday 09:00, resolution target 24 business hours
        var due = ticket["resolutionDueAt"]!.GetValue<DateTimeOffset>();
        csm.Clock.Advance(TimeSpan.FromHours(1));
        ticket = await (await csm.Admin.PutJsonAsync($"/api/tickets/{Id(ticket)}/waiting-for-customer", new { waiting = true, version = Version(ticket) }).ExpectAsync(200)).NodeAsync();
        Assert.That(ticket["slaState"]!.GetValue<string>(), Is.EqualTo("paused"));
        Assert.That(ticket["nextDueAt"], Is.Null);

        // Waiting from Monday 10:00 to Tuesday 11:00: 8 + 2 business hours.
        csm.Clock.Advance(TimeSpan.FromHours(25));
        var admin = await csm.SignInAsync("admin", CsmFixture.AdminPassword); // the morning's token has expired
        ticket = await (await admin.PutJsonAsync($"/api/tickets/{Id(ticket)}/waiting-for-customer", new { waiting = false, version = Version(ticket) }).ExpectAsync(200)).NodeAsync();
        Assert.That(ticket["pausedBusinessMinutes"]!.GetValue<double>(), Is.EqualTo(600));
        Assert.That(ticket["status"]!.GetValue<string>(), Is.EqualTo("open"));
        Assert.That(ticket["resolutionDueAt"]!.GetValue<DateTimeOffset>(), Is.GreaterThan(due));

        var again = await (await admin.PutJsonAsync($"/api/tickets/{Id(ticket)}/waiting-for-customer", new { waiting = false, version = Version(ticket) }).ExpectAsync(400)).NodeAsync();
        Assert.That(again["errors"]!["waiting"], Is.Not.Null);
    }

    [Test]
    public async Task An_inquiry_answered_a_month_late_without_a_reply_missed_its_sla()
    {
        await using var csm = await CsmFixture.StartAsync();
        await KnownCustomerAsync(csm, 1);
        var ticket = await OpenAsync(csm.Admin, 1, type: "inquiry");
        csm.Clock.Advance(TimeSpan.FromDays(30));
        var admin = await csm.SignInAsync("admin", CsmFixture.AdminPassword);
        ticket = await MoveAsync(admin, ticket, "answer");
        await MoveAsync(admin, ticket, "closed", new { answer = "Yes, it is covered" });
        Assert.That((await EventsAsync<TicketResolved>(csm)).Single().SlaMet, Is.False);
    }

    [Test]
    public async Task A_closed_ticket_is_reopened_along_the_workflows_reopen_path()
    {
        await using var csm = await CsmFixture.StartAsync();
        await KnownCustomerAsync(csm, 1);
        var ticket = await OpenAsync(csm.Admin, 1, type: "inquiry");
        var notClosed = await (await csm.Admin.PostJsonAsync($"/api/tickets/{Id(ticket)}/reopen", new { version = Version(ticket) }).ExpectAsync(400)).NodeAsync();
        Assert.That(notClosed["errors"]!["id"], Is.Not.Null);
        ticket = await MoveAsync(csm.Admin, ticket, "answer");
        ticket = await MoveAsync(csm.Admin, ticket, "closed", new { answer = "Yes, it is covered" });
        ticket = await (await csm.Admin.PostJsonAsync($"/api/tickets/{Id(ticket)}/reopen", new { reason = "Customer disagrees", version = Version(ticket) }).ExpectAsync(200)).NodeAsync();
        Assert.That(ticket["stage"]!.GetValue<string>(), Is.EqualTo("answer"));
        Assert.That(ticket["status"]!.GetValue<string>(), Is.EqualTo("open"));
        Assert.That(ticket["reopenCount"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That((await EventsAsync<TicketReopened>(csm)).Single().Stage, Is.EqualTo("answer"));

        ticket = await MoveAsync(csm.Admin, ticket, "closed");
        Assert.That((await EventsAsync<TicketResolved>(csm)).Select(r => r.WasReopened), Is.EqualTo(new[] { false, true }));
    }

    [Test]
    public async Task Editing_a_workflow_in_use_creates_a_new_version_and_running_tickets_keep_theirs()
    {
        await using var csm = await CsmFixture.StartAsync();
        await KnownCustomerAsync(csm, 1);
        var old = await OpenAsync(csm.Admin, 1, type: "inquiry");
        var workflow = await (await csm.Admin.GetAsync("/api/workflows/inquiry").ExpectAsync(200)).NodeAsync();
        var stages = workflow["stages"]!.AsArray().Select(s => s!.DeepClone()).ToList();
        stages.Insert(2, JsonNode.Parse("""{"code":"review","name":"审核 Review","isStart":false,"isFinal":false,"ownerRole":"agent","requiredFields":[]}"""));
        var transitions = new JsonArray(
            JsonNode.Parse("""{"from":"accept","to":"answer"}"""), JsonNode.Parse("""{"from":"answer","to":"review"}"""),
            JsonNode.Parse("""{"from":"review","to":"closed"}"""), JsonNode.Parse("""{"from":"closed","to":"answer","isReopen":true}"""));
        var edited = await (await csm.Admin.PutJsonAsync("/api/workflows/inquiry", new JsonObject
        {
            ["name"] = "Inquiry with review", ["stages"] = new JsonArray([.. stages]), ["transitions"] = transitions, ["version"] = 1,
        }).ExpectAsync(200)).NodeAsync();
        Assert.That(edited["version"]!.GetValue<long>(), Is.EqualTo(2));
        Assert.That(edited["id"]!.GetValue<long>(), Is.Not.EqualTo(workflow["id"]!.GetValue<long>()));

        var fresh = await OpenAsync(csm.Admin, 1, type: "inquiry");
        Assert.That(fresh["workflowVersion"]!.GetValue<long>(), Is.EqualTo(2));
        old = await (await csm.Admin.GetAsync($"/api/tickets/{Id(old)}").ExpectAsync(200)).NodeAsync();
        Assert.That(old["workflowVersion"]!.GetValue<long>(), Is.EqualTo(1));
        old = await MoveAsync(csm.Admin, old, "answer");
        Assert.That(old["allowedTransitions"]!.AsArray().Select(t => t!["to"]!.GetValue<string>()), Is.EqualTo(new[] { "closed" }));
        fresh = await MoveAsync(csm.Admin, fresh, "answer");
        Assert.That(fresh["allowedTransitions"]!.AsArray().Select(t => t!["to"]!.GetValue<string>()), Is.EqualTo(new[] { "review" }));
        var v1 = await (await csm.Admin.GetAsync("/api/workflows/inquiry?version=1").ExpectAsync(200)).NodeAsync();
        Assert.That(v1["isCurrent"]!.GetValue<bool>(), Is.False);
    }
}
