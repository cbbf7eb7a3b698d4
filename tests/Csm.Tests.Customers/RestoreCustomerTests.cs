namespace Csm.Tests.Customers;

/// <summary>An archived customer is listed among the archived and can be brought back, by those who may archive.</summary>
public sealed class RestoreCustomerTests
{
    [Test]
    public async Task An_archived_customer_is_listed_as_archived_and_restored_as_it_was()
    {
        await using var csm = await CsmFixture.StartAsync();
        var created = await csm.Admin.CreateAsync(new { name = "嘉兴纺织", tier = "vip", accountManager = "li.na" });
        var id = created["id"]!.GetValue<long>();
        await csm.Admin.DeleteAsync($"/api/customers/{id}").ExpectAsync(204);
        Assert.That((await csm.Admin.GetNodeAsync("/api/customers?q=嘉兴"))["total"]!.GetValue<int>(), Is.Zero);
        var archived = await csm.Admin.GetNodeAsync("/api/customers?archived=true&q=嘉兴");
        Assert.That(archived["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()), Is.EqualTo(new[] { id }));

        var agent = await csm.UserAsync("agent");
        var refused = await (await agent.GetAsync("/api/customers?archived=true").ExpectAsync(403)).NodeAsync();
        Assert.That(refused["permission"]!.GetValue<string>(), Is.EqualTo("customers.archive"));
        await agent.PostAsync($"/api/customers/{id}/restore", null).ExpectAsync(403);

        var restored = await (await csm.Admin.PostAsync($"/api/customers/{id}/restore", null).ExpectAsync(200)).NodeAsync();
        Assert.That((restored["name"]!.GetValue<string>(), restored["tier"]!.GetValue<string>(), restored["accountManager"]!.GetValue<string>()),
            Is.EqualTo(("嘉兴纺织", "vip", "li.na")));
        Assert.That((await csm.Admin.GetNodeAsync("/api/customers?q=嘉兴"))["total"]!.GetValue<int>(), Is.EqualTo(1));
        await csm.Admin.PostAsync($"/api/customers/{id}/restore", null).ExpectAsync(404);
        await csm.Admin.PostAsync("/api/customers/999999/restore", null).ExpectAsync(404);
        var audit = await csm.Admin.GetNodeAsync($"/api/audit?action=customer.restored&entityId={id}");
        Assert.That(audit["items"]!.AsArray().Single()!["actor"]!.GetValue<string>(), Is.EqualTo("admin"));
    }
}
