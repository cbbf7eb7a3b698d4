using System.Text.Json.Nodes;
using Csm.Modules.Tickets.Workflows;
using static Csm.Tests.Tickets.TicketKit;

namespace Csm.Tests.Tickets;

public sealed class WorkflowVersionTests
{
    private static object Stage(string code, string name, bool start = false, bool final = false, int? limit = null, string[]? required = null) =>
        new { code, name, isStart = start, isFinal = final, ownerRole = final ? null : "agent", timeLimitMinutes = limit, requiredFields = required ?? [] };

    private static object Move(string from, string to, bool reopen = false) => new { from, to, isReopen = reopen };

    private static object[] Stages(int checkLimit, bool inspect = false) => inspect
        ? [Stage("open", "受理 Open", start: true, limit: 60), Stage("check", "检查 Check", limit: checkLimit, required: ["reason"]),
           Stage("inspect", "质检 Inspect", limit: 30), Stage("done", "完成 Done", final: true)]
        : [Stage("open", "受理 Open", start: true, limit: 60), Stage("check", "检查 Check", limit: checkLimit, required: ["reason"]),
           Stage("done", "完成 Done", final: true)];

    private static object[] Moves(bool inspect = false) => inspect
        ? [Move("open", "check"), Move("check", "inspect"), Move("inspect", "done"), Move("done", "check", reopen: true)]
        : [Move("open", "check"), Move("check", "done"), Move("done", "check", reopen: true)];

    private static async Task<long> EditAsync(HttpClient manager, object[] stages, object[] transitions, long version) =>
        (await (await manager.PutJsonAsync("/api/workflows/returns", new { name = "Returns 退货", stages, transitions, version }).ExpectAsync(200))
            .NodeAsync())["version"]!.GetValue<long>();

    private static long Long(JsonNode? node, string name) => node![name]!.GetValue<long>();
    private static string[] Codes(JsonNode? list) => list!.AsArray().Select(s => s!["code"]!.GetValue<string>()).ToArray();

    [Test]
    public async Task The_versions_of_a_workflow_show_who_saved_them_how_many_tickets_follow_each_and_what_changed()
    {
        await using var csm = await CsmFixture.StartAsync();
        await KnownCustomerAsync(csm, 5);
        var manager = await csm.UserAsync("manager", "wang.fang");
        var agent = await csm.UserAsync("agent", "li.na");
        await manager.PostJsonAsync("/api/workflows", new { code = "returns", name = "Returns 退货", stages = Stages(120), transitions = Moves() }).ExpectAsync(201);
        await manager.PostJsonAsync("/api/ticket-types", new { code = "return", name = "Return", kind = "repair", workflowCode = "returns", defaultPriority = "normal" })
            .ExpectAsync(201);
        var first = await OpenAsync(agent, 5, type: "return");
        await OpenAsync(agent, 5, type: "return");

        // A shorter limit for the check stage: the two running tickets keep version 1.
        csm.Clock.Advance(TimeSpan.FromHours(1));
        var second = await EditAsync(manager, Stages(60), Moves(), 1);
        await OpenAsync(agent, 5, type: "return");
        // An inspection stage between check and done: the ticket on version 2 keeps it.
        csm.Clock.Advance(TimeSpan.FromHours(1));
        var third = await EditAsync(manager, Stages(60, inspect: true), Moves(inspect: true), second);
        Assert.That((second, third), Is.EqualTo((2L, 3L)));

        // One version-1 ticket is closed on its own (old) stages.
        first = await MoveAsync(agent, first, "check");
        first = await MoveAsync(agent, first, "done", new { reason = "Wrong size" });
        Assert.That(first["status"]!.GetValue<string>(), Is.EqualTo("closed"));
        Assert.That(first["workflowVersion"]!.GetValue<long>(), Is.EqualTo(1));

        var versions = (await (await agent.GetAsync("/api/workflows/returns/versions").ExpectAsync(200)).NodeAsync()).AsArray();
        Assert.That(versions.Select(v => Long(v, "versionNo")), Is.EqualTo(new[] { 3L, 2L, 1L }));
        Assert.That(versions.Select(v => v!["isCurrent"]!.GetValue<bool>()), Is.EqualTo(new[] { true, false, false }));
        Assert.That(versions.Select(v => (Long(v, "openTickets"), Long(v, "allTickets"))), Is.EqualTo(new[] { (0L, 0L), (1L, 1L), (1L, 2L) }));
        Assert.That(versions.Select(v => v!["savedBy"]!.GetValue<string>()), Is.All.EqualTo("wang.fang"));
        var saved = versions.Select(v => DateTimeOffset.Parse(v!["savedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.That(saved[0] - saved[1], Is.EqualTo(TimeSpan.FromHours(1)));
        Assert.That(saved[1] - saved[2], Is.EqualTo(TimeSpan.FromHours(1)));
        Assert.That(versions[2]!["changes"], Is.Null, "the first version has nothing before it");

        var limit = versions[1]!["changes"]!;
        Assert.That(limit["stagesAdded"]!.AsArray(), Is.Empty);
        Assert.That(limit["transitionsAdded"]!.AsArray(), Is.Empty);
        var check = limit["stagesChanged"]!.AsArray().Single()!;
        Assert.That(check["code"]!.GetValue<string>(), Is.EqualTo("check"));
        Assert.That(check["name"]!.GetValue<string>(), Is.EqualTo("检查 Check"));
        Assert.That((Long(check["timeLimitMinutes"], "before"), Long(check["timeLimitMinutes"], "after")), Is.EqualTo((120L, 60L)));
        Assert.That(check["ownerRole"], Is.Null);
        Assert.That(check["requiredFields"], Is.Null);

        var inspect = versions[0]!["changes"]!;
        Assert.That(Codes(inspect["stagesAdded"]), Is.EqualTo(new[] { "inspect" }));
        Assert.That(inspect["stagesAdded"]![0]!["name"]!.GetValue<string>(), Is.EqualTo("质检 Inspect"));
        Assert.That(inspect["stagesRemoved"]!.AsArray(), Is.Empty);
        Assert.That(inspect["stagesChanged"]!.AsArray(), Is.Empty);
        Assert.That(inspect["transitionsAdded"]!.AsArray().Select(t => $"{t!["from"]}->{t["to"]}"), Is.EquivalentTo(new[] { "check->inspect", "inspect->done" }));
        Assert.That(inspect["transitionsAdded"]!.AsArray().Select(t => $"{t!["fromName"]} → {t["toName"]}"), Is.EquivalentTo(new[] { "检查 Check → 质检 Inspect", "质检 Inspect → 完成 Done" }),
            "a transition is named by its stages, as the manager knows them");
        Assert.That(inspect["transitionsRemoved"]!.AsArray().Select(t => $"{t!["from"]}->{t["to"]}"), Is.EqualTo(new[] { "check->done" }));
    }

    [Test]
    public async Task Owner_roles_and_required_fields_that_change_are_named_and_shipped_versions_have_no_author()
    {
        await using var csm = await CsmFixture.StartAsync();
        await KnownCustomerAsync(csm, 5);
        var shipped = (await (await csm.Admin.GetAsync("/api/workflows/inquiry/versions").ExpectAsync(200)).NodeAsync()).AsArray();
        Assert.That(shipped.Count, Is.EqualTo(1));
        Assert.That(shipped[0]!["savedBy"], Is.Null);
        Assert.That((shipped[0]!["isCurrent"]!.GetValue<bool>(), shipped[0]!["changes"]), Is.EqualTo((true, (JsonNode?)null)));

        await OpenAsync(csm.Admin, 5, type: "inquiry");
        var inquiry = await (await csm.Admin.GetAsync("/api/workflows/inquiry").ExpectAsync(200)).NodeAsync();
        var stages = inquiry["stages"]!.AsArray().Select(s => s!.DeepClone().AsObject()).ToArray();
        stages[1]["ownerRole"] = "manager";
        stages[1]["requiredFields"] = new JsonArray("answer", new JsonObject { ["name"] = "source", ["kind"] = "text" });
        var api = await csm.ApiKeyClientAsync("admin", "tickets");
        await api.PutJsonAsync("/api/workflows/inquiry", new { name = inquiry["name"]!.GetValue<string>(), stages, transitions = inquiry["transitions"], version = 1 })
            .ExpectAsync(200);

        var versions = (await (await csm.Admin.GetAsync("/api/workflows/inquiry/versions").ExpectAsync(200)).NodeAsync()).AsArray();
        Assert.That(versions[0]!["savedBy"]!.GetValue<string>(), Is.EqualTo("apikey:test key"));
        Assert.That(versions[0]!["savedByName"], Is.Null, "a system has no display name");
        Assert.That((Long(versions[1], "openTickets"), Long(versions[1], "allTickets")), Is.EqualTo((1L, 1L)));
        var answer = versions[0]!["changes"]!["stagesChanged"]!.AsArray().Single()!;
        Assert.That(answer["code"]!.GetValue<string>(), Is.EqualTo("answer"));
        Assert.That((answer["ownerRole"]!["before"]!.GetValue<string>(), answer["ownerRole"]!["after"]!.GetValue<string>()), Is.EqualTo(("agent", "manager")));
        Assert.That(answer["requiredFields"]!["added"]!.AsArray().Select(f => f!.GetValue<string>()), Is.EqualTo(new[] { "source" }));
        Assert.That(answer["requiredFields"]!["removed"]!.AsArray(), Is.Empty);
        Assert.That(answer["timeLimitMinutes"], Is.Null);
    }

    [Test]
    public async Task An_edit_no_ticket_runs_on_stays_one_version_saved_by_whoever_edited_it_last()
    {
        await using var csm = await CsmFixture.StartAsync();
        var author = await csm.UserAsync("manager", "wang.fang");
        var editor = await csm.UserAsync("manager", "zhao.lei");
        await author.PostJsonAsync("/api/workflows", new { code = "returns", name = "Returns 退货", stages = Stages(120), transitions = Moves() }).ExpectAsync(201);
        csm.Clock.Advance(TimeSpan.FromMinutes(30));
        await EditAsync(editor, Stages(90), Moves(), 1);

        var versions = (await (await author.GetAsync("/api/workflows/returns/versions").ExpectAsync(200)).NodeAsync()).AsArray();
        var only = versions.Single()!;
        Assert.That((Long(only, "versionNo"), only["savedBy"]!.GetValue<string>(), only["isCurrent"]!.GetValue<bool>()), Is.EqualTo((2L, "zhao.lei", true)));
        Assert.That(DateTimeOffset.Parse(only["savedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(csm.Clock.GetUtcNow()));
        Assert.That(only["changes"], Is.Null);
    }

    [Test]
    public async Task A_version_names_the_person_who_saved_it_as_the_team_knows_them()
    {
        await using var csm = await CsmFixture.StartAsync();
        await csm.Admin.PostJsonAsync("/api/users", new { userName = "chen.jing", displayName = "陈静", password = "Chen-Jing-Pa55word", roles = new[] { "manager" } })
            .ExpectAsync(201);
        var chen = await csm.SignInAsync("chen.jing", "Chen-Jing-Pa55word");
        await chen.PostJsonAsync("/api/workflows", new { code = "returns", name = "Returns 退货", stages = Stages(120), transitions = Moves() }).ExpectAsync(201);

        var only = (await (await chen.GetAsync("/api/workflows/returns/versions").ExpectAsync(200)).NodeAsync()).AsArray().Single()!;
        Assert.That((only["savedBy"]!.GetValue<string>(), only["savedByName"]!.GetValue<string>()), Is.EqualTo(("chen.jing", "陈静")));
    }

    [Test]
    public void A_change_summary_names_removed_stages_retyped_fields_and_reopen_transitions()
    {
        WorkflowStage S(string code, bool start = false, bool final = false, params RequiredField[] fields) =>
            new(code, code, start, final, final ? null : "agent", null, 60, fields);
        var before = new WorkflowDefinition(
            [S("open", start: true), S("visit", fields: new RequiredField("visitTime")), S("survey"), S("done", final: true)],
            [new("open", "visit"), new("visit", "survey"), new("survey", "done"), new("done", "visit", true)]);
        var after = new WorkflowDefinition(
            [S("open", start: true), S("visit", fields: new RequiredField("visitTime", FieldKind.DateTime)), S("done", final: true)],
            [new("open", "visit"), new("visit", "done"), new("done", "open", true)]);

        var changes = WorkflowChanges.Between(before, after);
        Assert.That(changes.StagesRemoved.Select(s => s.Code), Is.EqualTo(new[] { "survey" }));
        Assert.That(changes.StagesAdded, Is.Empty);
        var visit = changes.StagesChanged.Single();
        Assert.That((visit.Code, visit.TimeLimitMinutes, visit.OwnerRole), Is.EqualTo(("visit", (TimeLimitChange?)null, (TextChange?)null)));
        Assert.That(visit.RequiredFields!.KindChanged, Is.EqualTo(new[] { "visitTime" }));
        Assert.That(visit.RequiredFields.Added.Concat(visit.RequiredFields.Removed), Is.Empty);
        Assert.That(changes.TransitionsAdded, Is.EqualTo(new TransitionChange[] { new("visit", "done", false, "visit", "done"), new("done", "open", true, "done", "open") }));
        Assert.That(changes.TransitionsRemoved.Select(t => new WorkflowTransition(t.From, t.To, t.IsReopen)),
            Is.EqualTo(new WorkflowTransition[] { new("visit", "survey"), new("survey", "done"), new("done", "visit", true) }));
        Assert.That(WorkflowChanges.Between(after, after).IsEmpty, Is.True);

        var moved = after with { Stages = [.. after.Stages.Select(s => s.Code == "visit" ? s with { OwnerTeam = "field", Name = "上门 Site visit" } : s)] };
        var visitMoved = WorkflowChanges.Between(after, moved).StagesChanged.Single();
        Assert.That((visitMoved.OwnerTeam, visitMoved.Renamed), Is.EqualTo((new TextChange(null, "field"), new TextChange("visit", "上门 Site visit"))));
        Assert.That((visitMoved.TimeLimitMinutes, visitMoved.OwnerRole, visitMoved.RequiredFields), Is.EqualTo(((TimeLimitChange?)null, (TextChange?)null, (RequiredFieldsChange?)null)));

        var toAccountManager = after with { Stages = [.. after.Stages.Select(s => s.Code == "visit" ? s with { GoesToAccountManager = true } : s)] };
        Assert.That(WorkflowChanges.Between(after, toAccountManager).StagesChanged.Single().GoesToAccountManager, Is.EqualTo(new FlagChange(false, true)));
    }

    [Test]
    public async Task The_versions_of_an_unknown_workflow_are_a_404_problem()
    {
        await using var csm = await CsmFixture.StartAsync();
        var agent = await csm.UserAsync("agent");
        var response = await agent.GetAsync("/api/workflows/nope/versions").ExpectAsync(404);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await response.NodeAsync();
        Assert.That(problem["status"]!.GetValue<int>(), Is.EqualTo(404));
        Assert.That(problem["title"]!.GetValue<string>(), Is.EqualTo("Not found"));
        Assert.That(problem["detail"]!.GetValue<string>(), Is.EqualTo("Workflow nope does not exist."));
    }
}
