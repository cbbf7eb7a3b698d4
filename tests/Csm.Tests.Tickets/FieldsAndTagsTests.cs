using System.Text.Json.Nodes;
using Csm.Modules.Customers.Contracts;
using static Csm.Tests.Tickets.TicketKit;

namespace Csm.Tests.Tickets;

/// <summary>
/// A ticket type's own typed fields (checked at intake and on the way, some required at intake) and tags, both
/// filterable in the queue and in saved views, set by hand, in bulk and by a canned reply.
/// </summary>
public sealed class FieldsAndTagsTests
{
    private static readonly object[] Fields =
    [
        new { key = "model", label = "机型 Model", kind = "choice", choices = new[] { "HX-200", "HX-300" }, requiredAtIntake = true },
        new { key = "hours", label = "运行小时 Hours", kind = "number" },
        new { key = "visitOn", label = "上门日期 Visit", kind = "date" },
        new { key = "symptoms", label = "症状 Symptoms", kind = "multiChoice", choices = new[] { "noise", "leak", "heat" } },
        new { key = "machine", label = "设备 Machine", kind = "asset" },
    ];

    private static async Task<JsonNode> OpenWithAsync(CsmFixture csm, long customerId, object fields, string[]? tags = null, int status = 201) =>
        await (await csm.Admin.PostJsonAsync("/api/tickets", new { customerId, typeCode = "pump", channel = "phone", subject = "Pump", fields, tags }).ExpectAsync(status)).NodeAsync();

    private static string[] ErrorFields(JsonNode problem) => problem["errors"]!.AsObject().Select(e => e.Key).ToArray();

    private static async Task<CsmFixture> StartAsync()
    {
        var csm = await CsmFixture.StartAsync();
        await csm.Admin.PostJsonAsync("/api/ticket-types", new { code = "pump", name = "Pump repair", kind = "repair", workflowCode = "repair", defaultPriority = "normal", fields = Fields }).ExpectAsync(201);
        await KnownCustomerAsync(csm, 7);
        await KnownCustomerAsync(csm, 8);
        await csm.PublishAsync(new AssetUpserted(70, 7, "HX-200", "SN-70", null, null), new AssetUpserted(80, 8, "HX-300", "SN-80", null, null));
        return csm;
    }

    [Test]
    public async Task A_type_with_a_broken_field_definition_is_refused_naming_the_field()
    {
        await using var csm = await CsmFixture.StartAsync();
        async Task<string[]> Refused(object fields) => ErrorFields(await (await csm.Admin.PostJsonAsync("/api/ticket-types",
            new { code = "x", name = "X", kind = "repair", workflowCode = "repair", defaultPriority = "normal", fields }).ExpectAsync(400)).NodeAsync());
        Assert.That(await Refused(new[] { new { key = "model", label = "Model", kind = "choice" } }), Is.EqualTo(new[] { "fields[0].choices" }));
        Assert.That(await Refused(new[] { new { key = "a", label = "A", kind = "text" }, new { key = "A", label = "A again", kind = "text" } }), Is.EqualTo(new[] { "fields[1].key" }));
        Assert.That(await Refused(new[] { new { key = "a", label = "A", kind = "colour" } }), Is.EqualTo(new[] { "fields[0].kind" }));
        Assert.That(await Refused(new[] { new { key = "1a", label = "A", kind = "text" } }), Is.EqualTo(new[] { "fields[0].key" }));
        await csm.Admin.GetAsync("/api/ticket-types/x").ExpectAsync(404);
    }

    [Test]
    public async Task Intake_checks_each_field_by_its_kind_and_the_required_ones_and_keeps_them_with_the_tags()
    {
        await using var csm = await StartAsync();
        Assert.That(ErrorFields(await OpenWithAsync(csm, 7, new { hours = "12" }, status: 400)), Is.EqualTo(new[] { "fields.model" }), "required at intake");
        Assert.That(ErrorFields(await OpenWithAsync(csm, 7, new { model = "HX-200", hours = "twelve" }, status: 400)), Is.EqualTo(new[] { "fields.hours" }));
        Assert.That(ErrorFields(await OpenWithAsync(csm, 7, new { model = "HX-999" }, status: 400)), Is.EqualTo(new[] { "fields.model" }));
        Assert.That(ErrorFields(await OpenWithAsync(csm, 7, new { model = "HX-200", visitOn = "2026-02-30" }, status: 400)), Is.EqualTo(new[] { "fields.visitOn" }));
        Assert.That(ErrorFields(await OpenWithAsync(csm, 7, new { model = "HX-200", symptoms = "noise;smoke" }, status: 400)), Is.EqualTo(new[] { "fields.symptoms" }));
        Assert.That(ErrorFields(await OpenWithAsync(csm, 7, new { model = "HX-200", machine = "80" }, status: 400)), Is.EqualTo(new[] { "fields.machine" }), "another customer's machine");
        Assert.That(ErrorFields(await OpenWithAsync(csm, 7, new { model = "HX-200", colour = "red" }, status: 400)), Is.EqualTo(new[] { "fields.colour" }));
        Assert.That(ErrorFields(await OpenWithAsync(csm, 7, new { model = "HX-200" }, [new string('x', 51)], status: 400)), Is.EqualTo(new[] { "tags" }));
        Assert.That((await (await csm.Admin.GetAsync("/api/tickets?CustomerId=7").ExpectAsync(200)).NodeAsync())["total"]!.GetValue<int>(), Is.Zero, "nothing half-opened");

        var ticket = await OpenWithAsync(csm, 7, new { model = "HX-200", hours = "1250.5", visitOn = "2026-03-12", symptoms = "noise;leak", machine = "70" }, ["Site-A", "site-a", "vip"]);
        Assert.That(ticket["fields"]!["symptoms"]!.GetValue<string>(), Is.EqualTo("noise;leak"));
        Assert.That(ticket["fields"]!["machine"]!.GetValue<string>(), Is.EqualTo("70"));
        Assert.That(ticket["tags"]!.AsArray().Select(t => t!.GetValue<string>()), Is.EqualTo(new[] { "Site-A", "vip" }), "each tag once, whatever its case");

        // Reports hear of the labels and group the service report by them.
        await csm.DrainOutboxAsync();
        var byTag = await (await csm.Admin.GetAsync("/api/reports/service?groupBy=tag").ExpectAsync(200)).NodeAsync();
        Assert.That(byTag["groups"]!.AsArray().Select(g => (g!["value"]!.GetValue<string>(), g["total"]!["created"]!.GetValue<long>())),
            Is.EquivalentTo(new[] { ("site-a", 1L), ("vip", 1L) }));
        var bySymptom = await (await csm.Admin.GetAsync("/api/reports/service?groupBy=field:symptoms").ExpectAsync(200)).NodeAsync();
        Assert.That(bySymptom["groups"]!.AsArray().Select(g => g!["value"]!.GetValue<string>()), Is.EquivalentTo(new[] { "noise", "leak" }), "each choice of a multiple choice on its own");

        // On the way the type's kinds hold too: a stage cannot slip in a choice that does not exist.
        var wrong = await (await csm.Admin.PostJsonAsync($"/api/tickets/{Id(ticket)}/transitions", new { to = "diagnose", fields = new { model = "HX-1" }, version = Version(ticket) }).ExpectAsync(400)).NodeAsync();
        Assert.That(ErrorFields(wrong), Is.EqualTo(new[] { "fields.model" }));
    }

    [Test]
    public async Task Tags_and_fields_filter_the_queue_and_views_and_are_set_by_hand_in_bulk_and_by_a_canned_reply()
    {
        await using var csm = await StartAsync();
        var noisy = await OpenWithAsync(csm, 7, new { model = "HX-200", symptoms = "noise;heat" }, ["site-a"]);
        var leaking = await OpenWithAsync(csm, 7, new { model = "HX-300", symptoms = "leak" }, ["Site-A", "urgent-part"]);
        var quiet = await OpenWithAsync(csm, 8, new { model = "HX-300" });

        async Task<long[]> Queue(string query) => (await (await csm.Admin.GetAsync($"/api/tickets?{query}").ExpectAsync(200)).NodeAsync())["items"]!.AsArray()
            .Select(i => i!["id"]!.GetValue<long>()).OrderBy(i => i).ToArray();
        Assert.That(await Queue("Tag=SITE-A"), Is.EqualTo(new[] { Id(noisy), Id(leaking) }), "a tag matches whatever its case");
        Assert.That(await Queue("Field=symptoms%3Dnoise"), Is.EqualTo(new[] { Id(noisy) }), "one of a multi-choice field's choices");
        Assert.That(await Queue("Field=model%3DHX-300"), Is.EqualTo(new[] { Id(leaking), Id(quiet) }));
        Assert.That(await Queue("Field=model%3DHX-3%25"), Is.Empty, "a LIKE wildcard in the value is only a character");
        var bad = await (await csm.Admin.GetAsync("/api/tickets?Field=model%27%29--%3Dx").ExpectAsync(400)).NodeAsync();
        Assert.That(ErrorFields(bad), Is.EqualTo(new[] { "field" }));

        var view = await (await csm.Admin.PostJsonAsync("/api/ticket-views", new { name = "Site A", shared = false, filters = new { tag = "site-a", field = "model=HX-200" } }).ExpectAsync(201)).NodeAsync();
        Assert.That(view["count"]!.GetValue<long>(), Is.EqualTo(1));

        var tagged = await (await csm.Admin.PutJsonAsync($"/api/tickets/{Id(quiet)}/tags", new { tags = new[] { "site-b" }, version = Version(quiet) }).ExpectAsync(200)).NodeAsync();
        Assert.That(tagged["tags"]!.AsArray().Select(t => t!.GetValue<string>()), Is.EqualTo(new[] { "site-b" }));
        var history = (await (await csm.Admin.GetAsync($"/api/tickets/{Id(quiet)}/history").ExpectAsync(200)).NodeAsync()).AsArray();
        Assert.That(history.Single(h => h!["action"]!.GetValue<string>() == "tagged")!["detail"]!["added"]![0]!.GetValue<string>(), Is.EqualTo("site-b"));

        var bulk = await (await csm.Admin.PostJsonAsync("/api/tickets/bulk", new
        {
            tickets = new[] { new { id = Id(noisy), version = Version(noisy) }, new { id = Id(tagged), version = Version(tagged) } }, action = "addTags", tags = new[] { "recall-2026" },
        }).ExpectAsync(200)).NodeAsync();
        Assert.That(bulk["done"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(await Queue("Tag=recall-2026"), Is.EqualTo(new[] { Id(noisy), Id(quiet) }));

        var macro = await (await csm.Admin.PostJsonAsync("/api/macros", new { name = "Parts", shared = false, visibility = "internal", bodyZh = "等配件", bodyEn = "Waiting for parts", actions = new { tags = new[] { "waiting-parts" } } }).ExpectAsync(201)).NodeAsync();
        var current = await (await csm.Admin.GetAsync($"/api/tickets/{Id(leaking)}").ExpectAsync(200)).NodeAsync();
        var applied = await (await csm.Admin.PostJsonAsync($"/api/tickets/{Id(leaking)}/macros/{macro["id"]}", new { version = Version(current) }).ExpectAsync(200)).NodeAsync();
        Assert.That(applied["tags"]!.AsArray().Select(t => t!.GetValue<string>()), Is.EqualTo(new[] { "Site-A", "urgent-part", "waiting-parts" }));
        var items = (await (await csm.Admin.GetAsync($"/api/tickets?Tag=waiting-parts").ExpectAsync(200)).NodeAsync())["items"]!.AsArray();
        Assert.That(items.Single()!["tags"]!.AsArray().Count, Is.EqualTo(3), "the queue row carries its tags");

        // A canned reply may set field values too, each checked like one given by hand, in the same single step.
        var heat = await (await csm.Admin.PostJsonAsync("/api/macros", new { name = "Heat", shared = false, visibility = "internal", bodyZh = "过热", bodyEn = "Overheating", actions = new { fields = new { symptoms = "heat;leak" } } }).ExpectAsync(201)).NodeAsync();
        var wrong = await (await csm.Admin.PostJsonAsync("/api/macros", new { name = "Wrong", shared = false, visibility = "internal", bodyZh = "x", bodyEn = "x", actions = new { fields = new { model = "HX-1" } } }).ExpectAsync(201)).NodeAsync();
        var refused = await (await csm.Admin.PostJsonAsync($"/api/tickets/{Id(applied)}/macros/{wrong["id"]}", new { version = Version(applied) }).ExpectAsync(400)).NodeAsync();
        Assert.That(ErrorFields(refused), Is.EqualTo(new[] { "actions.fields.model" }));
        var heated = await (await csm.Admin.PostJsonAsync($"/api/tickets/{Id(applied)}/macros/{heat["id"]}", new { version = Version(applied) }).ExpectAsync(200)).NodeAsync();
        Assert.That(heated["fields"]!["symptoms"]!.GetValue<string>(), Is.EqualTo("heat;leak"));
        Assert.That(await Queue("Field=symptoms%3Dheat"), Does.Contain(Id(leaking)));
    }
}
