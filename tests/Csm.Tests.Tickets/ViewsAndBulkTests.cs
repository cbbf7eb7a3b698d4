using System.Text.Json.Nodes;
using static Csm.Tests.Tickets.TicketKit;

namespace Csm.Tests.Tickets;

/// <summary>
/// Saved views (personal and shared, "@me", live counts equal to the queue behind them) and bulk changes that check each
/// ticket as if it came alone and say per ticket what happened.
/// </summary>
public sealed class ViewsAndBulkTests
{
    private static async Task<JsonArray> ViewsAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/ticket-views").ExpectAsync(200)).NodeAsync()).AsArray();

    private static async Task<JsonNode> QueueAsync(HttpClient client, string query) =>
        await (await client.GetAsync($"/api/tickets?{query}").ExpectAsync(200)).NodeAsync();

    private static async Task<JsonObject> BulkAsync(HttpClient client, object body, int status = 200) =>
        (await (await client.PostJsonAsync("/api/tickets/bulk", body).ExpectAsync(status)).NodeAsync()).AsObject();

    private static object Targets(params JsonNode[] tickets) => tickets.Select(t => new { id = Id(t), version = Version(t) }).ToArray();

    [Test]
    public async Task A_view_counts_what_its_queue_shows_for_each_person_and_only_managers_share()
    {
        await using var csm = await CsmFixture.StartAsync();
        var agent = await csm.UserAsync("agent", "mei.li");
        var other = await csm.UserAsync("agent", "jun.wu");
        await KnownCustomerAsync(csm, 7);
        var urgentMine = await OpenAsync(csm.Admin, 7, priority: "urgent", assignment: new { mode = "person", assignee = "mei.li" });
        await OpenAsync(csm.Admin, 7, priority: "urgent", assignment: new { mode = "person", assignee = "jun.wu" });
        await OpenAsync(csm.Admin, 7, priority: "low", assignment: new { mode = "person", assignee = "mei.li" });

        var created = await (await agent.PostJsonAsync("/api/ticket-views", new { name = "我的紧急工单", shared = false, filters = new { assignee = "@me", priority = "urgent", status = "active" } })
            .ExpectAsync(201)).NodeAsync();
        Assert.That(created["count"]!.GetValue<long>(), Is.EqualTo(1));
        var mine = (await ViewsAsync(agent)).Select(v => v!).ToList();
        var shipped = mine.Single(v => v["name"]!.GetValue<string>().Contains("My open tickets"));
        Assert.That(shipped["count"]!.GetValue<long>(), Is.EqualTo(2), "the shipped shared view, counted for the one looking");
        Assert.That((await ViewsAsync(other)).Select(v => v!["name"]!.GetValue<string>()), Has.None.EqualTo("我的紧急工单"), "personal views stay personal");
        Assert.That((await ViewsAsync(other)).Single(v => v!["id"]!.GetValue<long>() == shipped["id"]!.GetValue<long>())!["count"]!.GetValue<long>(), Is.EqualTo(1));

        // Every count equals the queue it opens, for each view the person sees.
        foreach (var view in mine)
        {
            var queue = await QueueAsync(agent, $"View={view["id"]}");
            Assert.That(queue["total"]!.GetValue<long>(), Is.EqualTo(view["count"]!.GetValue<long>()), view["name"]!.GetValue<string>());
        }
        Assert.That((await QueueAsync(agent, $"View={created["id"]}"))["items"]!.AsArray().Single()!["id"]!.GetValue<long>(), Is.EqualTo(Id(urgentMine)));
        await other.GetAsync($"/api/tickets?View={created["id"]}").ExpectAsync(404);

        var refused = await (await agent.PostJsonAsync("/api/ticket-views", new { name = "Team urgent", shared = true, filters = new { priority = "urgent" } }).ExpectAsync(403)).NodeAsync();
        Assert.That(refused["permission"]!.GetValue<string>(), Is.EqualTo("settings.configure"));
        var manager = await csm.UserAsync("manager");
        var shared = await (await manager.PostJsonAsync("/api/ticket-views", new { name = "Team urgent", shared = true, filters = new { priority = "urgent", status = "active" } }).ExpectAsync(201)).NodeAsync();
        Assert.That((await ViewsAsync(agent)).Single(v => v!["id"]!.GetValue<long>() == shared["id"]!.GetValue<long>())!["count"]!.GetValue<long>(), Is.EqualTo(2));
        await agent.DeleteAsync($"/api/ticket-views/{shared["id"]}").ExpectAsync(403);
        await agent.DeleteAsync($"/api/ticket-views/{created["id"]}").ExpectAsync(204);
        Assert.That((await ViewsAsync(agent)).Select(v => v!["name"]!.GetValue<string>()), Has.None.EqualTo("我的紧急工单"));
    }

    [Test]
    public async Task A_view_on_a_filter_that_does_not_exist_or_of_the_wrong_type_is_refused_naming_it()
    {
        await using var csm = await CsmFixture.StartAsync();
        async Task<string[]> Refused(object filters)
        {
            var problem = await (await csm.Admin.PostJsonAsync("/api/ticket-views", new { name = "x", shared = false, filters }).ExpectAsync(400)).NodeAsync();
            return problem["errors"]!.AsObject().Select(e => e.Key).ToArray();
        }
        Assert.That(await Refused(new { colour = "red" }), Is.EqualTo(new[] { "filters.colour" }));
        Assert.That(await Refused(new { breached = "yes" }), Is.EqualTo(new[] { "filters.breached" }));
        Assert.That(await Refused(new { priority = "whenever" }), Is.EqualTo(new[] { "filters.priority" }));
        Assert.That(await Refused(new { customerId = "seven" }), Is.EqualTo(new[] { "filters.customerId" }));
        var noName = await (await csm.Admin.PostJsonAsync("/api/ticket-views", new { name = " ", shared = false, filters = new { } }).ExpectAsync(400)).NodeAsync();
        Assert.That(noName["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "name" }));
        Assert.That((await ViewsAsync(csm.Admin)).Count, Is.EqualTo(3), "only the shipped views: nothing half-saved");
    }

    [Test]
    public async Task A_filter_on_a_field_no_ticket_type_or_stage_has_is_refused_naming_it()
    {
        await using var csm = await CsmFixture.StartAsync();
        var created = await (await csm.Admin.PostJsonAsync("/api/ticket-views", new { name = "Diagnosed", shared = false, filters = new { field = "diagnosis=Fuser worn" } })
            .ExpectAsync(201)).NodeAsync();

        var problem = await (await csm.Admin.PostJsonAsync("/api/ticket-views", new { name = "x", shared = false, filters = new { field = "nosuchkey=x" } }).ExpectAsync(400)).NodeAsync();
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "filters.field" }));
        Assert.That(problem["errors"]!["filters.field"]![0]!.GetValue<string>(), Does.Contain("'nosuchkey'"));
        var edit = await (await csm.Admin.PutJsonAsync($"/api/ticket-views/{created["id"]}", new { name = "Diagnosed", shared = false, filters = new { field = "nosuchkey=x" }, version = 1 })
            .ExpectAsync(400)).NodeAsync();
        Assert.That(edit["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "filters.field" }));
        var queue = await (await csm.Admin.GetAsync("/api/tickets?Field=nosuchkey%3Dx").ExpectAsync(400)).NodeAsync();
        Assert.That(queue["errors"]!["field"]![0]!.GetValue<string>(), Does.Contain("'nosuchkey'"));
        Assert.That((await ViewsAsync(csm.Admin)).Count, Is.EqualTo(4), "the shipped views and the one on a stage's field");
    }

    [Test]
    public async Task A_bulk_change_checks_each_ticket_and_says_what_happened_to_each()
    {
        await using var csm = await CsmFixture.StartAsync();
        var agent = await csm.UserAsync("agent", "mei.li", team: "desk");
        await csm.UserAsync("agent", "jun.wu", team: "desk");
        await KnownCustomerAsync(csm, 7);
        var a = await OpenAsync(csm.Admin, 7, assignment: new { mode = "person", assignee = "mei.li" });
        var b = await OpenAsync(csm.Admin, 7, assignment: new { mode = "person", assignee = "mei.li" });
        var stale = await OpenAsync(csm.Admin, 7, assignment: new { mode = "person", assignee = "mei.li" });
        await (await csm.Admin.PostJsonAsync($"/api/tickets/{Id(stale)}/comments", new { body = "changed meanwhile", visibility = "internal", version = Version(stale) }).ExpectAsync(200)).NodeAsync();

        var assigned = await BulkAsync(agent, new { tickets = Targets(a, b, stale), action = "assign", mode = "person", assignee = "jun.wu" });
        Assert.That((assigned["done"]!.GetValue<int>(), assigned["failed"]!.GetValue<int>()), Is.EqualTo((2, 1)));
        var results = assigned["results"]!.AsArray();
        Assert.That(results.Select(r => r!["outcome"]!.GetValue<string>()), Is.EqualTo(new[] { "done", "done", "stale" }));
        Assert.That(results[2]!["status"]!.GetValue<int>(), Is.EqualTo(409));
        var afterA = await (await csm.Admin.GetAsync($"/api/tickets/{Id(a)}").ExpectAsync(200)).NodeAsync();
        Assert.That((afterA["assignee"]!.GetValue<string>(), Version(afterA)), Is.EqualTo(("jun.wu", results[0]!["version"]!.GetValue<long>())));
        Assert.That((await (await csm.Admin.GetAsync($"/api/tickets/{Id(stale)}").ExpectAsync(200)).NodeAsync())["assignee"]!.GetValue<string>(), Is.EqualTo("mei.li"), "the stale one is untouched");

        var prioritised = await BulkAsync(agent, new { tickets = new[] { new { id = Id(a), version = Version(afterA) }, new { id = 999_999L, version = 1L } }, action = "setPriority", priority = "urgent" });
        Assert.That(prioritised["results"]!.AsArray().Select(r => r!["outcome"]!.GetValue<string>()), Is.EqualTo(new[] { "done", "notFound" }));
        afterA = await (await csm.Admin.GetAsync($"/api/tickets/{Id(a)}").ExpectAsync(200)).NodeAsync();
        Assert.That(afterA["priority"]!.GetValue<string>(), Is.EqualTo("urgent"));

        // Closing goes straight to a final stage only where the workflow allows it: an inquiry at "answer" can; a repair at intake cannot.
        var inquiry = await OpenAsync(csm.Admin, 7, type: "inquiry");
        inquiry = await MoveAsync(csm.Admin, inquiry, "answer", fields: new { answer = "Manual sent" });
        var closed = await BulkAsync(csm.Admin, new { tickets = Targets(inquiry, afterA), action = "close", reason = "客户已确认解决" });
        var closeResults = closed["results"]!.AsArray();
        Assert.That(closeResults.Select(r => r!["outcome"]!.GetValue<string>()), Is.EqualTo(new[] { "done", "invalid" }));
        Assert.That(closeResults[1]!["detail"]!.GetValue<string>(), Does.Contain("no direct way to close"));
        var inquiryAfter = await (await csm.Admin.GetAsync($"/api/tickets/{Id(inquiry)}").ExpectAsync(200)).NodeAsync();
        Assert.That(inquiryAfter["status"]!.GetValue<string>(), Is.EqualTo("closed"));
        var notes = (await (await csm.Admin.GetAsync($"/api/tickets/{Id(inquiry)}/comments").ExpectAsync(200)).NodeAsync()).AsArray();
        Assert.That(notes.Select(n => n!["body"]!.GetValue<string>()), Does.Contain("客户已确认解决"));
    }

    [Test]
    public async Task A_bulk_close_refuses_the_ticket_in_a_managers_stage_and_closes_the_others()
    {
        await using var csm = await CsmFixture.StartAsync();
        var agent = await csm.UserAsync("agent", "mei.li");
        await KnownCustomerAsync(csm, 7);
        var agents = await OpenAsync(csm.Admin, 7, type: "inquiry");
        agents = await MoveAsync(csm.Admin, agents, "answer", fields: new { answer = "Manual sent" });
        // Tickets opened from now on follow a version whose answer stage is the manager's.
        await EditStageAsync(csm, "inquiry", "answer", stage => stage["ownerRole"] = "manager");
        var managers = await OpenAsync(csm.Admin, 7, type: "inquiry");
        managers = await MoveAsync(csm.Admin, managers, "answer", fields: new { answer = "Refund approved" });

        var closed = await BulkAsync(agent, new { tickets = Targets(agents, managers), action = "close", reason = "客户已确认解决" });
        Assert.That((closed["done"]!.GetValue<int>(), closed["failed"]!.GetValue<int>()), Is.EqualTo((1, 1)));
        var results = closed["results"]!.AsArray();
        Assert.That(results.Select(r => (r!["id"]!.GetValue<long>(), r["outcome"]!.GetValue<string>(), r["status"]!.GetValue<int>())),
            Is.EqualTo(new[] { (Id(agents), "done", 200), (Id(managers), "refused", 403) }));
        Assert.That(results[1]!["detail"]!.GetValue<string>(), Does.Contain("owned by the manager role"));
        var agentsAfter = await (await csm.Admin.GetAsync($"/api/tickets/{Id(agents)}").ExpectAsync(200)).NodeAsync();
        var managersAfter = await (await csm.Admin.GetAsync($"/api/tickets/{Id(managers)}").ExpectAsync(200)).NodeAsync();
        Assert.That(agentsAfter["status"]!.GetValue<string>(), Is.EqualTo("closed"));
        Assert.That((managersAfter["status"]!.GetValue<string>(), managersAfter["stage"]!.GetValue<string>(), Version(managersAfter)),
            Is.EqualTo(("open", "answer", Version(managers))), "the refused ticket is untouched");
    }

    [Test]
    public async Task A_bulk_request_of_10001_tickets_is_refused_naming_the_limit_and_changes_nothing()
    {
        await using var csm = await CsmFixture.StartAsync();
        await KnownCustomerAsync(csm, 7);
        var real = await OpenAsync(csm.Admin, 7);
        var tickets = Enumerable.Range(0, 10_000).Select(i => new { id = 100_000L + i, version = 1L }).Prepend(new { id = Id(real), version = Version(real) }).ToArray();
        Assert.That(tickets, Has.Length.EqualTo(10_001));
        var problem = await BulkAsync(csm.Admin, new { tickets, action = "setPriority", priority = "urgent" }, 400);
        Assert.That(problem["errors"]!["tickets"]![0]!.GetValue<string>(), Does.Contain("10,000").And.Contain("10,001"));
        var after = await (await csm.Admin.GetAsync($"/api/tickets/{Id(real)}").ExpectAsync(200)).NodeAsync();
        Assert.That((after["priority"]!.GetValue<string>(), Version(after)), Is.EqualTo((real["priority"]!.GetValue<string>(), Version(real))));

        var twice = await BulkAsync(csm.Admin, new { tickets = new[] { new { id = Id(real), version = 1L }, new { id = Id(real), version = 1L } }, action = "close", reason = "dup" }, 400);
        Assert.That(twice["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "tickets" }));
        var noReason = await BulkAsync(csm.Admin, new { tickets = Targets(real), action = "close" }, 400);
        Assert.That(noReason["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "reason" }));
        var unknown = await BulkAsync(csm.Admin, new { tickets = Targets(real), action = "explode" }, 400);
        Assert.That(unknown["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "action" }));
    }
}
