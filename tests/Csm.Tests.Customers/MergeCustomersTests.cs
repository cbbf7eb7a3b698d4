using System.Net;
using System.Text.Json.Nodes;

namespace Csm.Tests.Customers;

public sealed class MergeCustomersTests
{
    private static async Task<(long Survivor, long Merged)> PairAsync(CsmFixture csm)
    {
        var survivor = await csm.Admin.CreateIdAsync(new { name = "Acme Trading", tier = "vip", accountManager = "zhang", tags = new[] { "key" },
            contacts = new[] { new { email = "buyer@acme.cn" } }, externalIds = new[] { new { source = "crm", id = "C1" } } });
        var merged = await csm.Admin.CreateIdAsync(new { name = "ACME Trading Co., Ltd.", tier = "standard", creditCode = "91350100M000100Y43", tags = new[] { "erp" },
            contacts = new[] { new { email = "ap@acme.cn", phone = "13800138000" } }, externalIds = new[] { new { source = "erp", id = "E7" } } });
        return (survivor, merged);
    }

    [Test]
    public async Task A_merge_moves_everything_to_the_survivor_and_the_old_id_points_to_it()
    {
        await using var csm = await CsmFixture.StartAsync();
        var (survivor, merged) = await PairAsync(csm);
        await csm.Admin.PostJsonAsync($"/api/customers/{merged}/contracts", new { number = "K-1", startsOn = "2026-01-01", endsOn = "2027-01-01", value = 1000, status = "active" }).ExpectAsync(201);
        await csm.Admin.PostJsonAsync($"/api/customers/{merged}/interactions", new { channel = "call", direction = "inbound", summary = "asked about invoice" }).ExpectAsync(201);
        var ticket = await (await csm.Admin.PostJsonAsync("/api/tickets", new { customerId = merged, typeCode = "inquiry", channel = "phone", subject = "Invoice" }).ExpectAsync(201)).NodeAsync();
        await csm.DrainOutboxAsync();
        Assert.That((await csm.Admin.GetNodeAsync("/api/customers/duplicates"))["total"]!.GetValue<long>(), Is.EqualTo(1), "equal names were queued");

        var agent = await csm.UserAsync("agent");
        await agent.PostJsonAsync($"/api/customers/{survivor}/merge", new { duplicateId = merged }).ExpectAsync(403);
        var result = await (await csm.Admin.PostJsonAsync($"/api/customers/{survivor}/merge", new { duplicateId = merged }).ExpectAsync(200)).NodeAsync();
        var view = result["survivor"]!;
        Assert.That(view["externalIds"]!.AsArray().Select(e => $"{e!["source"]}/{e["id"]}"), Is.EquivalentTo(new[] { "crm/C1", "erp/E7" }));
        Assert.That(view["contacts"]!.AsArray().Select(c => c!["email"]!.GetValue<string>()), Is.EquivalentTo(new[] { "buyer@acme.cn", "ap@acme.cn" }));
        Assert.That(view["tags"]!.AsArray().Select(t => t!.GetValue<string>()), Is.EquivalentTo(new[] { "key", "erp" }));
        Assert.That(view["tier"]!.GetValue<string>(), Is.EqualTo("vip"));
        Assert.That(view["accountManager"]!.GetValue<string>(), Is.EqualTo("zhang"));
        Assert.That(view["creditCode"]!.GetValue<string>(), Is.EqualTo("91350100M000100Y43"), "what only the duplicate had fills the survivor");
        await csm.DrainOutboxAsync();

        var noRedirects = csm.Browser(followRedirects: false);
        noRedirects.DefaultRequestHeaders.Authorization = csm.Admin.DefaultRequestHeaders.Authorization;
        var old = await noRedirects.GetAsync($"/api/customers/{merged}");
        Assert.That(old.StatusCode, Is.EqualTo(HttpStatusCode.MovedPermanently));
        Assert.That(old.Headers.Location!.ToString(), Is.EqualTo($"/api/customers/{survivor}"));
        Assert.That((await old.NodeAsync())["mergedInto"]!.GetValue<long>(), Is.EqualTo(survivor));

        var customer360 = await csm.Admin.GetNodeAsync($"/api/customers/{survivor}/360");
        Assert.That(customer360.ToJsonString(), Does.Contain("K-1").And.Contain("asked about invoice"));
        Assert.That(await csm.CountAsync($"SELECT COUNT(*) FROM tkt_tickets WHERE customer_id = {survivor} AND id = {ticket["id"]}"), Is.EqualTo(1));
        Assert.That(await csm.CountAsync($"SELECT COUNT(*) FROM rul_tickets WHERE customer_id = {survivor}"), Is.EqualTo(1));
        Assert.That(await csm.CountAsync($"SELECT COUNT(*) FROM rpt_contracts WHERE customer_id = {survivor}"), Is.EqualTo(1));
        Assert.That(await csm.CountAsync($"SELECT COUNT(*) FROM rpt_customers WHERE customer_id = {merged}"), Is.Zero);
        Assert.That(await csm.CountAsync($"SELECT COUNT(*) FROM rul_customer_facts WHERE customer_id = {merged}"), Is.Zero);
        Assert.That((await csm.Admin.GetNodeAsync("/api/customers/duplicates"))["total"]!.GetValue<long>(), Is.Zero, "the pair left the queue");

        // The ERP still sends its record under the old id: it lands on the survivor.
        var report = await csm.Admin.ImportCsvAsync("externalId,name,tier,phone\nE7,ACME Trading Co. Ltd.,standard,13900000001\n", source: "erp");
        Assert.That(report["created"]!.GetValue<int>(), Is.Zero);
        Assert.That(report["updated"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM cus_customers WHERE deleted_at IS NULL"), Is.EqualTo(1));

        var history = await csm.Admin.GetNodeAsync($"/api/customers/{survivor}/history");
        Assert.That(history.AsArray().Select(h => h!["action"]!.GetValue<string>()), Does.Contain("customer.merged"));
    }

    [Test]
    public async Task Undo_brings_the_merged_customer_back_with_what_was_theirs()
    {
        await using var csm = await CsmFixture.StartAsync();
        var (survivor, merged) = await PairAsync(csm);
        await csm.Admin.PostJsonAsync($"/api/customers/{merged}/contracts", new { number = "K-2", startsOn = "2026-01-01", endsOn = "2027-01-01", value = 500, status = "active" }).ExpectAsync(201);
        var ticket = await (await csm.Admin.PostJsonAsync("/api/tickets", new { customerId = merged, typeCode = "inquiry", channel = "phone", subject = "Invoice" }).ExpectAsync(201)).NodeAsync();
        await csm.DrainOutboxAsync();
        await csm.Admin.PostJsonAsync($"/api/customers/{survivor}/merge", new { duplicateId = merged }).ExpectAsync(200);
        await csm.DrainOutboxAsync();

        var restored = await (await csm.Admin.PostAsync($"/api/customers/{merged}/merge/undo", null).ExpectAsync(200)).NodeAsync();
        await csm.DrainOutboxAsync();
        Assert.That(restored["externalIds"]!.AsArray().Select(e => $"{e!["source"]}/{e["id"]}"), Is.EqualTo(new[] { "erp/E7" }));
        var back = await csm.Admin.GetNodeAsync($"/api/customers/{survivor}");
        Assert.That(back["externalIds"]!.AsArray().Select(e => $"{e!["source"]}/{e["id"]}"), Is.EqualTo(new[] { "crm/C1" }));
        Assert.That(back["tags"]!.AsArray().Select(t => t!.GetValue<string>()), Is.EqualTo(new[] { "key" }));
        Assert.That(back["creditCode"], Is.Null);
        Assert.That(await csm.CountAsync($"SELECT COUNT(*) FROM cus_contracts WHERE customer_id = {merged}"), Is.EqualTo(1));
        Assert.That(await csm.CountAsync($"SELECT COUNT(*) FROM tkt_tickets WHERE customer_id = {merged} AND id = {ticket["id"]}"), Is.EqualTo(1));
        Assert.That(await csm.CountAsync($"SELECT COUNT(*) FROM rpt_contracts WHERE customer_id = {merged}"), Is.EqualTo(1));
        await csm.Admin.PostAsync($"/api/customers/{merged}/merge/undo", null).ExpectAsync(404);
    }

    [Test]
    public async Task Bad_merges_are_refused_and_change_nothing()
    {
        await using var csm = await CsmFixture.StartAsync();
        var (survivor, merged) = await PairAsync(csm);
        var self = await (await csm.Admin.PostJsonAsync($"/api/customers/{survivor}/merge", new { duplicateId = survivor }).ExpectAsync(400)).NodeAsync();
        Assert.That(self.ErrorsFor("duplicateId").Single(), Does.Contain("itself"));
        var missing = await (await csm.Admin.PostJsonAsync($"/api/customers/{survivor}/merge", new { duplicateId = 999999 }).ExpectAsync(400)).NodeAsync();
        Assert.That(missing.ErrorsFor("duplicateId").Single(), Does.Contain("does not exist"));

        var erased = await csm.Admin.CreateIdAsync(new { name = "Gone", tier = "standard" });
        await csm.Admin.DeleteAsync($"/api/customers/{erased}?erase=true").ExpectAsync(204);
        var refused = await (await csm.Admin.PostJsonAsync($"/api/customers/{survivor}/merge", new { duplicateId = erased }).ExpectAsync(409)).NodeAsync();
        Assert.That(refused["detail"]!.GetValue<string>(), Does.Contain("erased"));

        await csm.Admin.PostJsonAsync($"/api/customers/{survivor}/merge", new { duplicateId = merged }).ExpectAsync(200);
        var twice = await (await csm.Admin.PostJsonAsync($"/api/customers/{survivor}/merge", new { duplicateId = merged }).ExpectAsync(409)).NodeAsync();
        Assert.That(twice["detail"]!.GetValue<string>(), Does.Contain("already merged"));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM cus_merges"), Is.EqualTo(1));

        csm.Clock.Advance(TimeSpan.FromDays(31));
        var manager = await csm.SignInAsync("admin", CsmFixture.AdminPassword);
        var late = await (await manager.PostAsync($"/api/customers/{merged}/merge/undo", null).ExpectAsync(409)).NodeAsync();
        Assert.That(late["detail"]!.GetValue<string>(), Does.Contain("30 days"));
        Assert.That(await csm.CountAsync($"SELECT COUNT(*) FROM cus_customers WHERE id = {merged} AND merged_into = {survivor}"), Is.EqualTo(1));
    }
}
