using System.Text.Json.Nodes;
using Csm.Modules.Tickets.Workflows;
using static Csm.Tests.Tickets.TicketKit;

namespace Csm.Tests.Tickets;

public sealed class RequiredFieldTests
{
    private static object Field(string name, string kind) => new { name, kind };

    private static object Stage(string code, bool start = false, bool final = false, object[]? required = null) =>
        new { code, name = code, isStart = start, isFinal = final, ownerRole = "agent", requiredFields = required ?? [] };

    /// <summary>"visit": open → check (requires the given fields) → schedule (requires a visit time) → done.</summary>
    private static object Workflow(object[] checkFields, string code = "visit") => new
    {
        code, name = "Visit",
        stages = new[] { Stage("open", start: true), Stage("check", required: checkFields), Stage("schedule", required: [Field("visitTime", "dateTime")]), Stage("done", final: true) },
        transitions = new[] { new { from = "open", to = "check" }, new { from = "check", to = "schedule" }, new { from = "schedule", to = "done" } },
    };

    private static async Task<JsonObject> RefusedAsync(HttpClient client, object workflow) =>
        (await (await client.PostJsonAsync("/api/workflows", workflow).ExpectAsync(400)).NodeAsync())["errors"]!.AsObject();

    private static async Task<JsonObject> RefusedMoveAsync(HttpClient client, JsonNode ticket, string to, object fields) =>
        (await (await client.PostJsonAsync($"/api/tickets/{Id(ticket)}/transitions", new { to, fields, version = Version(ticket) }).ExpectAsync(400)).NodeAsync())["errors"]!.AsObject();

    private static string Message(JsonObject errors, string key) =>
        errors[key] is JsonArray messages ? messages[0]!.GetValue<string>() : throw new AssertionException($"No error for '{key}' in {errors.ToJsonString()}");

    /// <summary>A ticket of a "visit" type at stage "check".</summary>
    private static async Task<JsonNode> AtCheckAsync(CsmFixture csm, object[] checkFields)
    {
        await csm.Admin.PostJsonAsync("/api/workflows", Workflow(checkFields)).ExpectAsync(201);
        await csm.Admin.PostJsonAsync("/api/ticket-types", new { code = "visit", name = "Visit", kind = "repair", workflowCode = "visit", defaultPriority = "normal" }).ExpectAsync(201);
        await KnownCustomerAsync(csm, 1);
        return await MoveAsync(csm.Admin, await OpenAsync(csm.Admin, 1, type: "visit"), "check");
    }

    [Test]
    public async Task The_shipped_repair_workflow_asks_for_a_text_a_list_and_a_date_time()
    {
        await using var csm = await CsmFixture.StartAsync();
        var repair = await (await csm.Admin.GetAsync("/api/workflows/repair").ExpectAsync(200)).NodeAsync();
        var fields = repair["stages"]!.AsArray().SelectMany(s => s!["requiredFields"]!.AsArray())
            .Select(f => $"{f!["name"]!.GetValue<string>()}:{f["kind"]!.GetValue<string>()}");
        Assert.That(fields, Is.EqualTo(new[] { "diagnosis:text", "partsList:list", "visitTime:dateTime", "followUpNote:text" }));
        var complaint = await (await csm.Admin.GetAsync("/api/workflows/complaint").ExpectAsync(200)).NodeAsync();
        Assert.That(complaint["stages"]![1]!["requiredFields"]![0]!["kind"]!.GetValue<string>(), Is.EqualTo("text"), "stored as a plain name, read as text");
    }

    [Test]
    public async Task A_workflow_written_with_plain_field_names_reads_them_as_text_and_works()
    {
        await using var csm = await CsmFixture.StartAsync();
        var created = await (await csm.Admin.PostJsonAsync("/api/workflows", Workflow(["reason"])).ExpectAsync(201)).NodeAsync();
        Assert.That(created["stages"]![1]!["requiredFields"]![0]!.ToJsonString(), Is.EqualTo("""{"name":"reason","kind":"text"}"""));

        var old = WorkflowDefinition.FromJson("""{"stages": [{"code": "a", "name": "A", "isStart": true, "isFinal": false, "requiredFields": ["partsList"]}], "transitions": []}""");
        Assert.That(old.Stages[0].RequiredFields, Is.EqualTo(new[] { new RequiredField("partsList", FieldKind.Text) }));

        await csm.Admin.PostJsonAsync("/api/ticket-types", new { code = "visit", name = "Visit", kind = "repair", workflowCode = "visit", defaultPriority = "normal" }).ExpectAsync(201);
        await KnownCustomerAsync(csm, 1);
        var ticket = await MoveAsync(csm.Admin, await OpenAsync(csm.Admin, 1, type: "visit"), "check");
        ticket = await MoveAsync(csm.Admin, ticket, "schedule", new { reason = "anything goes in a text field" });
        Assert.That(ticket["fields"]!["reason"]!.GetValue<string>(), Is.EqualTo("anything goes in a text field"));
    }

    [Test]
    public async Task A_field_of_an_unknown_kind_is_refused_naming_the_kind()
    {
        await using var csm = await CsmFixture.StartAsync();
        var errors = await RefusedAsync(csm.Admin, Workflow([Field("reason", "text"), Field("weight", "kilograms")]));
        Assert.That(Message(errors, "stages[1].requiredFields[1].kind"), Does.Contain("kilograms").And.Contain("dateTime"));
    }

    [Test]
    public async Task A_kind_that_is_not_a_string_is_refused_naming_the_field()
    {
        await using var csm = await CsmFixture.StartAsync();
        var errors = await RefusedAsync(csm.Admin, Workflow([new { name = "weight", kind = 3 }]));
        Assert.That(errors.Select(e => e.Key).Single(), Does.StartWith("stages[1].requiredFields[0]"));
    }

    [Test]
    public async Task A_field_without_a_name_or_twice_in_a_stage_is_refused_naming_the_field()
    {
        await using var csm = await CsmFixture.StartAsync();
        var empty = await RefusedAsync(csm.Admin, Workflow([Field("", "text")]));
        Assert.That(empty.Select(e => e.Key), Does.Contain("stages[1].requiredFields[0].name"));
        var twice = await RefusedAsync(csm.Admin, Workflow([Field("reason", "text"), Field("reason", "list")]));
        Assert.That(Message(twice, "stages[1].requiredFields[1].name"), Does.Contain("'reason' twice"));
    }

    [Test]
    public async Task A_field_with_one_kind_in_one_stage_and_another_in_a_later_stage_is_refused()
    {
        await using var csm = await CsmFixture.StartAsync();
        var errors = await RefusedAsync(csm.Admin, Workflow([Field("visitTime", "text")]));
        Assert.That(Message(errors, "stages[2].requiredFields[0].kind"), Does.Contain("one kind"));
    }

    [TestCase("count", "number", "twelve", "a number")]
    [TestCase("count", "number", "1,5", "a number")]
    [TestCase("day", "date", "03/03/2026", "yyyy-MM-dd")]
    [TestCase("day", "date", "2026-02-30", "yyyy-MM-dd")]
    [TestCase("when", "dateTime", "maybe tomorrow", "offset")]
    [TestCase("when", "dateTime", "2026-03-03T14:00", "offset")]
    [TestCase("parts", "list", " ; ;", "at least one item")]
    public async Task A_value_not_of_its_fields_kind_is_refused_naming_the_field(string name, string kind, string value, string expected)
    {
        await using var csm = await CsmFixture.StartAsync();
        var ticket = await AtCheckAsync(csm, [Field(name, kind)]);
        var errors = await RefusedMoveAsync(csm.Admin, ticket, "schedule", new Dictionary<string, string> { [name] = value });
        Assert.That(Message(errors, $"fields.{name}"), Does.Contain($"'{name}' must be").And.Contain(expected));
        var now = await (await csm.Admin.GetAsync($"/api/tickets/{Id(ticket)}").ExpectAsync(200)).NodeAsync();
        Assert.That(now["stage"]!.GetValue<string>(), Is.EqualTo("check"));
        Assert.That(now["fields"]!.AsObject(), Is.Empty);
    }

    [Test]
    public async Task Values_of_each_kind_are_kept_as_sent_and_the_ticket_shows_the_kinds_it_asks_for()
    {
        await using var csm = await CsmFixture.StartAsync();
        var ticket = await AtCheckAsync(csm, [Field("count", "number"), Field("day", "date"), Field("parts", "list"), Field("note", "text")]);
        Assert.That(ticket["requiredToLeave"]!.AsArray().Select(f => f!["kind"]!.GetValue<string>()), Is.EqualTo(new[] { "number", "date", "list", "text" }));
        Assert.That(ticket["allowedTransitions"]![0]!["requiredFields"]![2]!.ToJsonString(), Is.EqualTo("""{"name":"parts","kind":"list"}"""));

        ticket = await MoveAsync(csm.Admin, ticket, "schedule", new { count = "-12.5", day = "2026-03-03", parts = "PSU-12V; Fuse 2A", note = "ok" });
        Assert.That(ticket["requiredToLeave"]![0]!.ToJsonString(), Is.EqualTo("""{"name":"visitTime","kind":"dateTime"}"""));
        ticket = await MoveAsync(csm.Admin, ticket, "done", new { visitTime = "2026-03-03T14:00:00+08:00" });
        Assert.That(ticket["fields"]!.AsObject().ToDictionary(f => f.Key, f => f.Value!.GetValue<string>()), Is.EquivalentTo(new Dictionary<string, string>
        {
            ["count"] = "-12.5", ["day"] = "2026-03-03", ["parts"] = "PSU-12V; Fuse 2A", ["note"] = "ok", ["visitTime"] = "2026-03-03T14:00:00+08:00",
        }));
    }

    [Test]
    public async Task A_value_given_early_for_a_later_stages_field_must_be_of_its_kind_and_other_names_are_kept_as_text()
    {
        await using var csm = await CsmFixture.StartAsync();
        var ticket = await AtCheckAsync(csm, [Field("note", "text")]);
        var errors = await RefusedMoveAsync(csm.Admin, ticket, "schedule", new { note = "ok", visitTime = "next week" });
        Assert.That(Message(errors, "fields.visitTime"), Does.Contain("offset"));

        ticket = await MoveAsync(csm.Admin, ticket, "schedule", new { note = "ok", visitTime = "2026-03-03T06:00:00Z", remark = "free text" });
        Assert.That(ticket["fields"]!["remark"]!.GetValue<string>(), Is.EqualTo("free text"));
        ticket = await MoveAsync(csm.Admin, ticket, "done");
        Assert.That(ticket["status"]!.GetValue<string>(), Is.EqualTo("closed"), "the visit time given early counts");
    }

    [TestCase("number", "42", true)]
    [TestCase("number", "1e3", false)]
    [TestCase("date", "2026-12-31", true)]
    [TestCase("date", "2026-12-31T00:00", false)]
    [TestCase("dateTime", "2026-11-24T10:30:00+08:00", true)]
    [TestCase("dateTime", "2026-11-24T10:30:00.123Z", true)]
    [TestCase("dateTime", "2026-11-24 10:30+0800", true)]
    [TestCase("dateTime", "2026-11-24", false)]
    [TestCase("dateTime", "2026-13-24T10:30:00+08:00", false)]
    [TestCase("list", "screen\nbattery", true)]
    [TestCase("list", "\n;", false)]
    [TestCase("text", "  ", false)]
    public void Each_kind_accepts_the_strings_it_documents(string kind, string value, bool accepted) =>
        Assert.That(FieldKinds.Accepts(FieldKinds.Parse(kind)!.Value, value), Is.EqualTo(accepted));
}
