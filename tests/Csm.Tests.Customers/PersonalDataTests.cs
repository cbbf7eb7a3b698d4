using Csm.Modules.Tickets.Contracts;

namespace Csm.Tests.Customers;

public sealed class PersonalDataTests
{
    [Test]
    public async Task Export_holds_everything_about_the_customer()
    {
        await using var csm = await CsmFixture.StartAsync();
        var id = await csm.Admin.CreateIdAsync(new { name = "Export Me", tier = "vip", contacts = new[] { new { email = "me@example.com" } } });
        await csm.Admin.PostJsonAsync($"/api/customers/{id}/interactions", new { channel = "email", direction = "inbound", summary = "Please send my data" }).ExpectAsync(201);
        await csm.Admin.PostJsonAsync($"/api/customers/{id}/orders", new { orderedOn = "2026-01-01", amount = 5, product = "Kit" }).ExpectAsync(201);
        var response = await csm.Admin.GetAsync($"/api/customers/{id}/export").ExpectAsync(200);
        Assert.That(response.Content.Headers.ContentDisposition?.ToString() ?? response.Headers.GetValues("Content-Disposition").First(), Does.Contain($"customer-{id}.json"));
        var export = await response.NodeAsync();
        Assert.That(export["profile"]!["contacts"]![0]!["email"]!.GetValue<string>(), Is.EqualTo("me@example.com"));
        Assert.That(export["interactions"]![0]!["summary"]!.GetValue<string>(), Is.EqualTo("Please send my data"));
        Assert.That(export["orders"]!.AsArray().Count, Is.EqualTo(1));
    }

    [Test]
    public async Task Erasure_anonymises_the_customer_and_tells_the_other_modules()
    {
        await using var csm = await CsmFixture.StartAsync();
        var id = await csm.Admin.CreateIdAsync(new
        {
            name = "Erase Me", tier = "vip", accountManager = "li.na", tags = new[] { "vip-lounge" },
            contacts = new[] { new { name = "Erase Me", phone = "13800000000", email = "erase@example.com" } },
            externalIds = new[] { new { source = "crm", id = "E-1" } },
        });
        await csm.Admin.PostJsonAsync($"/api/customers/{id}/interactions", new { channel = "call", direction = "inbound", summary = "My home address is ..." }).ExpectAsync(201);
        await csm.Admin.PostJsonAsync($"/api/customers/{id}/orders", new { orderedOn = "2026-01-01", amount = 5, product = "Kit" }).ExpectAsync(201);
        await csm.PublishAsync(new TicketCreated(9, "T-9", id, "repair", TicketKind.Repair, TicketChannel.Phone, TicketPriority.Low, "Erase Me's broken boiler", null, null, "accept", csm.Clock.GetUtcNow(), null));

        await csm.Admin.DeleteAsync($"/api/customers/{id}?erase=true").ExpectAsync(204);

        var export = await csm.Admin.GetNodeAsync($"/api/customers/{id}/export");
        var json = export.ToJsonString();
        foreach (var personal in new[] { "Erase Me", "13800000000", "erase@example.com", "E-1", "home address", "li.na", "vip-lounge" })
            Assert.That(json, Does.Not.Contain(personal), personal);
        Assert.That(export["profile"]!["erased"]!.GetValue<bool>(), Is.True);
        Assert.That(export["orders"]!.AsArray().Count, Is.EqualTo(1), "business records stay, anonymous");
        Assert.That(await csm.OutboxTypesAsync(), Does.Contain("CustomerErased"));
        Assert.That((await csm.Admin.GetNodeAsync("/api/customers?q=Erase"))["total"]!.GetValue<long>(), Is.EqualTo(0));
        var refused = await (await csm.Admin.PutJsonAsync($"/api/customers/{id}", new { name = "Back again", tier = "vip", version = 2 }).ExpectAsync(409)).NodeAsync();
        Assert.That(refused["detail"]!.GetValue<string>(), Does.Contain("erased"));
        await csm.Admin.PostJsonAsync($"/api/customers/{id}/interactions", new { channel = "call", direction = "inbound", summary = "x" }).ExpectAsync(409);
    }

    [Test]
    public async Task Archiving_hides_the_customer()
    {
        await using var csm = await CsmFixture.StartAsync();
        var id = await csm.Admin.CreateIdAsync(new { name = "Archive Me", tier = "prospect" });
        await csm.Admin.DeleteAsync($"/api/customers/{id}").ExpectAsync(204);
        await csm.Admin.GetAsync($"/api/customers/{id}").ExpectAsync(404);
        await csm.Admin.DeleteAsync($"/api/customers/{id}").ExpectAsync(404);
    }
}
