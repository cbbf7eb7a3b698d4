namespace Csm.Tests.Customers;

/// <summary>A customer's history: who changed it, when, and each field from what to what; an erasure forgets the content.</summary>
public sealed class CustomerHistoryTests
{
    [Test]
    public async Task Each_change_says_who_when_and_each_field_from_what_to_what()
    {
        await using var csm = await CsmFixture.StartAsync();
        var created = await csm.Admin.CreateAsync(new { name = "宁波电机", tier = "standard", accountManager = "li.na" });
        var id = created["id"]!.GetValue<long>();
        var am = await csm.UserAsync("accountManager", "li.na");
        await am.PutJsonAsync($"/api/customers/{id}", new { name = "宁波电机有限公司", tier = "vip", accountManager = "li.na", version = 1 }).ExpectAsync(200);
        await csm.Admin.DeleteAsync($"/api/customers/{id}").ExpectAsync(204);
        await csm.Admin.PostAsync($"/api/customers/{id}/restore", null).ExpectAsync(200);

        var history = (await csm.Admin.GetNodeAsync($"/api/customers/{id}/history")).AsArray();
        Assert.That(history.Select(h => h!["action"]!.GetValue<string>()), Is.EqualTo(new[] { "customer.created", "customer.updated", "customer.archived", "customer.restored" }));
        Assert.That(history.Select(h => h!["actor"]!.GetValue<string>()), Is.EqualTo(new[] { "admin", "li.na", "admin", "admin" }));
        var edit = history[1]!["fields"]!.AsArray().ToDictionary(f => f!["field"]!.GetValue<string>(), f => (f!["before"]?.GetValue<string>(), f["after"]?.GetValue<string>()));
        Assert.That(edit, Is.EquivalentTo(new Dictionary<string, (string?, string?)> { ["name"] = ("宁波电机", "宁波电机有限公司"), ["tier"] = ("standard", "vip") }),
            "only what changed; no version or timestamps");
        Assert.That(history[0]!["fields"]!.AsArray().Select(f => f!["field"]!.GetValue<string>()), Does.Contain("name").And.Not.Contain("version"));
        Assert.That(history[2]!["fields"]!.AsArray(), Is.Empty);

        await csm.Admin.DeleteAsync($"/api/customers/{id}?erase=true").ExpectAsync(204);
        var erased = (await csm.Admin.GetNodeAsync($"/api/customers/{id}/history")).AsArray();
        Assert.That(erased.Last()!["action"]!.GetValue<string>(), Is.EqualTo("customer.erased"));
        Assert.That(erased.SelectMany(h => h!["fields"]!.AsArray()), Is.Empty, "after an erasure the history keeps who and when, not what was said");
        Assert.That(erased.ToJsonString(), Does.Not.Contain("宁波电机"));
        await csm.Admin.GetAsync("/api/customers/999999/history").ExpectAsync(404);
    }

    [Test]
    public async Task An_import_shows_in_each_customers_history_with_its_source_and_the_fields_it_changed()
    {
        await using var csm = await CsmFixture.StartAsync();
        await csm.Admin.ImportCsvAsync("externalId,name,tier,email\nK1,宁波电机,standard,k1@example.com\n", source: "crm");
        var id = (await csm.Admin.GetNodeAsync("/api/customers?q=K1"))["items"]![0]!["id"]!.GetValue<long>();
        // The ERP knows the same customer by its e-mail, and raises its tier; it says nothing of the name.
        await csm.Admin.ImportCsvAsync("externalId,tier,name,email\nE9,vip,,k1@example.com\n", source: "erp");
        await csm.Admin.ImportCsvAsync("externalId,name,tier,email\nK1,宁波电机,standard,k1@example.com\n", source: "crm");

        var history = (await csm.Admin.GetNodeAsync($"/api/customers/{id}/history")).AsArray();
        Assert.That(history.Select(h => h!["action"]!.GetValue<string>()), Is.EqualTo(new[] { "customer.imported", "customer.imported", "customer.imported" }));
        Fields(history[0]!).TryGetValue("source", out var first);
        Assert.That(first, Is.EqualTo(((string?)null, (string?)"crm")));
        Assert.That(Fields(history[0]!)["name"], Is.EqualTo(((string?)null, (string?)"宁波电机")));
        Assert.That(Fields(history[1]!), Is.EquivalentTo(new Dictionary<string, (string?, string?)> { ["source"] = (null, "erp"), ["tier"] = ("standard", "vip") }),
            "the ERP changed the tier, and only that");
        Assert.That(Fields(history[2]!), Is.EquivalentTo(new Dictionary<string, (string?, string?)> { ["source"] = (null, "crm"), ["tier"] = ("vip", "standard") }));
        Assert.That(history.Select(h => h!["actor"]!.GetValue<string>()), Is.All.EqualTo("admin"));
    }

    private static Dictionary<string, (string?, string?)> Fields(System.Text.Json.Nodes.JsonNode change) =>
        change["fields"]!.AsArray().ToDictionary(f => f!["field"]!.GetValue<string>(), f => (f!["before"]?.GetValue<string>(), f["after"]?.GetValue<string>()));
}
