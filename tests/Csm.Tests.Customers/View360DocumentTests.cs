using System.Text.Json.Nodes;
using Csm.BuildingBlocks.Data;
using Csm.Modules.Surveys.Contracts;
using Csm.Modules.Tickets.Contracts;
using Dapper;

namespace Csm.Tests.Customers;

/// <summary>
/// The 360 view is served from a per-customer document the host keeps current in the background; a document older than
/// the tables is never served, whichever source changed.
/// </summary>
public sealed class View360DocumentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    private static async Task<string?> DocumentAsync(CsmFixture csm, long id)
    {
        await using var c = await csm.Service<Db>().OpenAsync();
        return await c.QuerySingleOrDefaultAsync<string>("SELECT doc FROM cus_view360 WHERE customer_id = @Id AND stale = 0", new { Id = id });
    }

    /// <summary>Waits for the builder to write a current document for the customer, and returns it.</summary>
    private static async Task<string> BuiltAsync(CsmFixture csm, long id)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await DocumentAsync(csm, id) is { } doc) return doc;
            await Task.Delay(50);
        }
        throw new AssertionException($"The 360 document of customer {id} was not built within 10 seconds.");
    }

    private static async Task ExecuteAsync(CsmFixture csm, string sql, object args)
    {
        await using var c = await csm.Service<Db>().OpenAsync();
        await c.ExecuteAsync(sql, args);
    }

    [Test]
    public async Task A_current_document_is_what_the_view_serves_and_it_answers_as_the_tables_do()
    {
        await using var csm = await CsmFixture.StartAsync(clock: Clocks.At(Now));
        var id = await csm.Admin.CreateIdAsync(new { name = "文档客户", tier = "vip", accountManager = "li.na" });
        await csm.Admin.PostJsonAsync($"/api/customers/{id}/contracts", new { number = "HT-DOC", startsOn = "2026-01-01", endsOn = "2026-12-10", value = 5000.5 }).ExpectAsync(201);
        await csm.Admin.PostJsonAsync($"/api/customers/{id}/orders", new { orderedOn = "2026-11-01", amount = 250.25, product = "Kit" }).ExpectAsync(201);
        for (var i = 0; i < 22; i++)
            await csm.Admin.PostJsonAsync($"/api/customers/{id}/interactions", new { channel = "call", direction = "outbound", summary = $"call {i}", interactedAt = Now.AddDays(-30 + i) }).ExpectAsync(201);
        await csm.PublishAsync(
            new TicketCreated(601, "T-601", id, "repair", TicketKind.Repair, TicketChannel.Phone, TicketPriority.High, "设备不启动", "zhang.san", "field", "accept", Now.AddDays(-2), Now.AddDays(1)),
            new SurveyResponded(8001, 1, 1, id, "vip", Touchpoint.Service, 9, 4, null, null, [], null, null, null, null, Now.AddMonths(-13), FeedbackClass.Happy, null),
            new SurveyResponded(8002, 1, 1, id, "vip", Touchpoint.Service, 7, null, null, null, [], null, null, null, null, Now.AddDays(-3), FeedbackClass.Neutral, null));

        await BuiltAsync(csm, id);
        var fromDocument = await csm.Admin.GetNodeAsync($"/api/customers/{id}/360");
        // Force the tables: the same answer, field for field (numbers, dates, the health score computed on read).
        await ExecuteAsync(csm, "UPDATE cus_view360 SET stale = 1 WHERE customer_id = @Id", new { Id = id });
        var fromTables = await csm.Admin.GetNodeAsync($"/api/customers/{id}/360");
        Assert.That(fromDocument.ToJsonString(), Is.EqualTo(fromTables.ToJsonString()));
        Assert.That(fromDocument["recentInteractions"]!.AsArray().Count, Is.EqualTo(20));
        Assert.That(fromDocument["scores"]!["nps"]!["score"]!.GetValue<int>(), Is.EqualTo(7));
        Assert.That(fromDocument["scores"]!["trend"]!.AsArray().Count, Is.EqualTo(1), "the answer of 13 months ago is outside the trend's year");

        // A current document is what is read: one written by hand shows (no trigger fires for the document table itself).
        var doc = await BuiltAsync(csm, id);
        await ExecuteAsync(csm, "UPDATE cus_view360 SET doc = @Doc WHERE customer_id = @Id", new { Id = id, Doc = doc.Replace("文档客户", "从文档读出") });
        Assert.That((await csm.Admin.GetNodeAsync($"/api/customers/{id}/360"))["profile"]!["name"]!.GetValue<string>(), Is.EqualTo("从文档读出"));
        await ExecuteAsync(csm, "UPDATE cus_view360 SET doc = @Doc WHERE customer_id = @Id", new { Id = id, Doc = doc });

        // Time moves on without a write: the document answers as of the moment of reading (the contract has ended).
        var admin = await csm.ApiKeyClientAsync();
        csm.Clock.Advance(TimeSpan.FromDays(30));
        var later = await admin.GetNodeAsync($"/api/customers/{id}/360");
        await ExecuteAsync(csm, "UPDATE cus_view360 SET stale = 1 WHERE customer_id = @Id", new { Id = id });
        Assert.That(later.ToJsonString(), Is.EqualTo((await admin.GetNodeAsync($"/api/customers/{id}/360")).ToJsonString()));
        Assert.That(later["health"]!.ToJsonString(), Is.Not.EqualTo(fromDocument["health"]!.ToJsonString()));
    }

    [Test]
    public async Task Every_source_of_the_view_shows_at_once_and_in_the_rebuilt_document()
    {
        await using var csm = await CsmFixture.StartAsync(clock: Clocks.At(Now));
        await csm.Admin.ImportCsvAsync("externalId,name,tier,email\nK1,来源客户,standard,k1@example.com\n", source: "crm");
        var id = (await csm.Admin.GetNodeAsync("/api/customers?q=K1"))["items"]![0]!["id"]!.GetValue<long>();
        await BuiltAsync(csm, id);
        async Task<long> VersionAsync() => (await csm.Admin.GetNodeAsync($"/api/customers/{id}"))["version"]!.GetValue<long>();
        Assert.That((await csm.Admin.GetNodeAsync($"/api/customers/{id}/360"))["profile"]!["externalIds"]!.AsArray().Select(e => e!["id"]!.GetValue<string>()),
            Is.EqualTo(new[] { "K1" }));

        // Each write, then the view at once (the old document is not served), then the document the builder writes again.
        var sources = new (string Source, Func<Task> Write, Func<JsonNode, bool> Shows)[]
        {
            ("external id", () => csm.Admin.ImportCsvAsync("externalId,name,tier,email\nE9,,,k1@example.com\n", source: "erp"),
                v => v["profile"]!["externalIds"]!.AsArray().Any(e => e!["id"]!.GetValue<string>() == "E9")),
            ("profile", async () => await csm.Admin.PutJsonAsync($"/api/customers/{id}", new { name = "来源客户（改名）", tier = "vip", contacts = new[] { new { email = "k1@example.com" } }, version = await VersionAsync() }).ExpectAsync(200),
                v => v["profile"]!["name"]!.GetValue<string>() == "来源客户（改名）"),
            ("contract", () => csm.Admin.PostJsonAsync($"/api/customers/{id}/contracts", new { number = "HT-1", startsOn = "2026-01-01", endsOn = "2027-01-01", value = 10 }).ExpectAsync(201),
                v => v["contracts"]!.AsArray().Count == 1),
            ("asset", () => csm.Admin.PostJsonAsync($"/api/customers/{id}/assets", new { model = "UPS-9" }).ExpectAsync(201),
                v => v["assets"]!.AsArray().Count == 1),
            ("order", () => csm.Admin.PostJsonAsync($"/api/customers/{id}/orders", new { orderedOn = "2026-11-20", amount = 99, product = "Kit" }).ExpectAsync(201),
                v => v["orders"]!["count"]!.GetValue<long>() == 1),
            ("interaction", () => csm.Admin.PostJsonAsync($"/api/customers/{id}/interactions", new { channel = "visit", direction = "outbound", summary = "上门", interactedAt = Now }).ExpectAsync(201),
                v => v["recentInteractions"]!.AsArray().Count == 1),
            ("ticket", () => csm.PublishAsync(new TicketCreated(701, "T-701", id, "repair", TicketKind.Repair, TicketChannel.Phone, TicketPriority.High, "不制冷", null, null, "accept", Now, null)),
                v => v["openTickets"]!.AsArray().Count == 1),
            ("ticket stage", () => csm.PublishAsync(new TicketStageChanged(701, id, "accept", "diagnose", "zhang.san")),
                v => v["openTickets"]![0]!["stage"]!.GetValue<string>() == "diagnose"),
            ("survey answer", () => csm.PublishAsync(new SurveyResponded(9001, 1, 1, id, "vip", Touchpoint.Service, 10, null, null, null, [], null, null, null, null, Now, FeedbackClass.Happy, null)),
                v => v["scores"]!["nps"]?["score"]?.GetValue<int>() == 10),
        };
        foreach (var (source, write, shows) in sources)
        {
            await write();
            var now = await csm.Admin.GetNodeAsync($"/api/customers/{id}/360");
            if (!shows(now)) Assert.Fail($"{source}: the view at once does not show it: {now}");
            var doc = JsonNode.Parse(await BuiltAsync(csm, id))!;
            var view = await csm.Admin.GetNodeAsync($"/api/customers/{id}/360");
            if (!shows(view)) Assert.Fail($"{source}: the view from the rebuilt document does not show it: {view}");
            Assert.That(doc["profile"]!["name"]!.GetValue<string>(), Is.EqualTo(view["profile"]!["name"]!.GetValue<string>()));
        }

        // Archived: the document is not served; the view answers 404 as the tables do.
        await csm.Admin.DeleteAsync($"/api/customers/{id}").ExpectAsync(204);
        await csm.Admin.GetAsync($"/api/customers/{id}/360").ExpectAsync(404);
    }
}
