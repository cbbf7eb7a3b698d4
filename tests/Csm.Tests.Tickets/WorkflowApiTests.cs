using System.Text.Json.Nodes;

namespace Csm.Tests.Tickets;

public sealed class WorkflowApiTests
{
    private static object Stage(string code, bool start = false, bool final = false, string? role = "agent", string[]? required = null) =>
        new { code, name = code, isStart = start, isFinal = final, ownerRole = role, timeLimitMinutes = (int?)null, requiredFields = required ?? [] };

    private static object Move(string from, string to, bool reopen = false) => new { from, to, isReopen = reopen };

    private static object Workflow(object[] stages, object[] transitions, string code = "returns") =>
        new { code, name = "Returns", stages, transitions };

    private static readonly object[] GoodStages = [Stage("open", start: true), Stage("check", required: ["reason"]), Stage("done", final: true)];
    private static readonly object[] GoodMoves = [Move("open", "check"), Move("check", "done"), Move("done", "check", reopen: true)];

    private static async Task<JsonObject> ErrorsAsync(HttpClient client, object body) =>
        (await (await client.PostJsonAsync("/api/workflows", body).ExpectAsync(400)).NodeAsync())["errors"]!.AsObject();

    [Test]
    public async Task The_four_shipped_types_follow_their_workflows()
    {
        await using var csm = await CsmFixture.StartAsync();
        var types = await (await csm.Admin.GetAsync("/api/ticket-types").ExpectAsync(200)).NodeAsync();
        Assert.That(types["items"]!.AsArray().Select(t => t!["code"]!.GetValue<string>()), Is.EquivalentTo(new[] { "complaint", "inquiry", "repair", "task" }));

        var repair = await (await csm.Admin.GetAsync("/api/workflows/repair").ExpectAsync(200)).NodeAsync();
        Assert.That(repair["stages"]!.AsArray().Select(s => s!["code"]!.GetValue<string>()),
            Is.EqualTo(new[] { "accept", "diagnose", "partsRequest", "onSiteRepair", "followUp", "closed" }));
        Assert.That(repair["stages"]![1]!["name"]!.GetValue<string>(), Does.Contain("诊断"));
        var complaint = await (await csm.Admin.GetAsync("/api/workflows/complaint").ExpectAsync(200)).NodeAsync();
        Assert.That(complaint["stages"]!.AsArray().Single(s => s!["code"]!.GetValue<string>() == "supervisorReview")!["ownerRole"]!.GetValue<string>(),
            Is.EqualTo("manager"));
    }

    [Test]
    public async Task A_manager_defines_a_workflow_and_a_ticket_type_on_it()
    {
        await using var csm = await CsmFixture.StartAsync();
        var manager = await csm.UserAsync("manager");
        var created = await (await manager.PostJsonAsync("/api/workflows", Workflow(GoodStages, GoodMoves)).ExpectAsync(201)).NodeAsync();
        Assert.That(created["version"]!.GetValue<long>(), Is.EqualTo(1));
        var type = await (await manager.PostJsonAsync("/api/ticket-types", new { code = "return", name = "Return", kind = "repair", workflowCode = "returns", defaultPriority = "low" })
            .ExpectAsync(201)).NodeAsync();
        Assert.That(type["kind"]!.GetValue<string>(), Is.EqualTo("repair"));
        Assert.That(type["defaultPriority"]!.GetValue<string>(), Is.EqualTo("low"));
        await manager.PostJsonAsync("/api/workflows", Workflow(GoodStages, GoodMoves)).ExpectAsync(409);
    }

    [Test]
    public async Task A_ticket_type_on_a_missing_workflow_or_an_unknown_kind_is_refused()
    {
        await using var csm = await CsmFixture.StartAsync();
        var missing = await (await csm.Admin.PostJsonAsync("/api/ticket-types", new { code = "x", name = "X", kind = "task", workflowCode = "nope", defaultPriority = "low" }).ExpectAsync(400)).NodeAsync();
        Assert.That(missing["errors"]!["workflowCode"], Is.Not.Null);
        var kind = await (await csm.Admin.PostJsonAsync("/api/ticket-types", new { code = "x", name = "X", kind = "party", workflowCode = "task", defaultPriority = "low" }).ExpectAsync(400)).NodeAsync();
        Assert.That(kind["errors"]!["kind"], Is.Not.Null);
    }

    [Test]
    public async Task A_stage_that_cannot_be_reached_is_refused()
    {
        await using var csm = await CsmFixture.StartAsync();
        var errors = await ErrorsAsync(csm.Admin, Workflow([.. GoodStages, Stage("limbo")], [.. GoodMoves, Move("limbo", "done")]));
        Assert.That(errors["stages[3]"]![0]!.GetValue<string>(), Does.Contain("cannot be reached"));
    }

    [Test]
    public async Task A_workflow_without_a_final_stage_is_refused()
    {
        await using var csm = await CsmFixture.StartAsync();
        var errors = await ErrorsAsync(csm.Admin, Workflow([Stage("open", start: true), Stage("check")], [Move("open", "check"), Move("check", "open")]));
        Assert.That(errors["stages"]!.AsArray().Select(m => m!.GetValue<string>()), Has.Some.Contains("final stage"));
    }

    [Test]
    public async Task A_cycle_with_no_exit_is_refused()
    {
        await using var csm = await CsmFixture.StartAsync();
        var errors = await ErrorsAsync(csm.Admin, Workflow(
            [Stage("open", start: true), Stage("ping"), Stage("pong"), Stage("done", final: true)],
            [Move("open", "ping"), Move("open", "done"), Move("ping", "pong"), Move("pong", "ping")]));
        Assert.That(errors["stages[1]"]![0]!.GetValue<string>(), Does.Contain("cycle with no exit"));
        Assert.That(errors["stages[2]"]![0]!.GetValue<string>(), Does.Contain("cycle with no exit"));
    }

    [Test]
    public async Task An_unknown_role_is_refused()
    {
        await using var csm = await CsmFixture.StartAsync();
        var errors = await ErrorsAsync(csm.Admin, Workflow([Stage("open", start: true, role: "wizard"), Stage("done", final: true)], [Move("open", "done")]));
        Assert.That(errors["stages[0].ownerRole"]![0]!.GetValue<string>(), Does.Contain("wizard"));
    }

    [Test]
    public async Task Two_start_stages_and_a_way_out_of_a_final_stage_are_refused()
    {
        await using var csm = await CsmFixture.StartAsync();
        var errors = await ErrorsAsync(csm.Admin, Workflow(
            [Stage("open", start: true), Stage("also", start: true), Stage("done", final: true)],
            [Move("open", "done"), Move("also", "done"), Move("done", "open")]));
        Assert.That(errors["stages"]![0]!.GetValue<string>(), Does.Contain("exactly one start stage"));
        Assert.That(errors["transitions[2]"]![0]!.GetValue<string>(), Does.Contain("reopen"));
    }

    [Test]
    public async Task A_transition_to_an_unknown_stage_is_refused()
    {
        await using var csm = await CsmFixture.StartAsync();
        var errors = await ErrorsAsync(csm.Admin, Workflow(GoodStages, [.. GoodMoves, Move("check", "nowhere")]));
        Assert.That(errors["transitions[3].to"]![0]!.GetValue<string>(), Does.Contain("nowhere"));
    }

    [Test]
    public async Task Editing_an_unused_workflow_changes_it_in_place_and_a_stale_edit_is_refused()
    {
        await using var csm = await CsmFixture.StartAsync();
        var created = await (await csm.Admin.PostJsonAsync("/api/workflows", Workflow(GoodStages, GoodMoves)).ExpectAsync(201)).NodeAsync();
        var edit = new { name = "Returns v2", stages = GoodStages, transitions = GoodMoves, version = 1 };
        var edited = await (await csm.Admin.PutJsonAsync("/api/workflows/returns", edit).ExpectAsync(200)).NodeAsync();
        Assert.That(edited["id"]!.GetValue<long>(), Is.EqualTo(created["id"]!.GetValue<long>()));
        Assert.That(edited["version"]!.GetValue<long>(), Is.EqualTo(2));
        var stale = await (await csm.Admin.PutJsonAsync("/api/workflows/returns", edit).ExpectAsync(409)).NodeAsync();
        Assert.That(stale["currentVersion"]!.GetValue<long>(), Is.EqualTo(2));
        var bad = await (await csm.Admin.PutJsonAsync("/api/workflows/returns", new { name = "x", stages = GoodStages, transitions = new[] { Move("open", "check") }, version = 2 }).ExpectAsync(400)).NodeAsync();
        Assert.That(bad["errors"]!.AsObject().Select(e => e.Key), Has.Some.StartsWith("stages["));
    }
}
