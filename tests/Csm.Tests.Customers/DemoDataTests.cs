namespace Csm.Tests.Customers;

public sealed class DemoDataTests
{
    [Test]
    public async Task A_demo_start_brings_a_living_customer_base()
    {
        await using var csm = await CsmFixture.StartAsync(new Dictionary<string, string?> { ["Demo:Enabled"] = "true" });
        var all = await csm.Admin.GetNodeAsync("/api/customers?pageSize=200");
        Assert.That(all["total"]!.GetValue<long>(), Is.GreaterThanOrEqualTo(100));
        foreach (var tier in new[] { "vip", "standard", "prospect" })
            Assert.That((await csm.Admin.GetNodeAsync($"/api/customers?tier={tier}"))["total"]!.GetValue<long>(), Is.GreaterThan(0), tier);
        var names = all["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()).ToList();
        Assert.That(names, Has.Some.Matches<string>(n => n.Any(ch => ch >= 0x4E00 && ch <= 0x9FFF)), "Chinese names");
        Assert.That(names, Has.Some.Matches<string>(n => n.All(ch => ch < 0x2E80)), "English names");
        var soon = DateOnly.FromDateTime(csm.Clock.GetUtcNow().UtcDateTime).AddDays(30).ToString("yyyy-MM-dd");
        Assert.That((await csm.Admin.GetNodeAsync($"/api/customers?contractEndsBefore={soon}"))["total"]!.GetValue<long>(), Is.GreaterThan(0), "contracts ending soon");
        var first = all["items"]![0]!["id"]!.GetValue<long>();
        Assert.That((await csm.Admin.GetNodeAsync($"/api/customers/{first}/360"))["profile"], Is.Not.Null);
    }

    [Test]
    public async Task A_production_start_on_an_empty_database_creates_only_the_admin()
    {
        await using var csm = await CsmFixture.StartAsync();
        Assert.That((await csm.Admin.GetNodeAsync("/api/customers"))["total"]!.GetValue<long>(), Is.EqualTo(0));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM sys_users"), Is.EqualTo(1));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM cus_custom_fields"), Is.EqualTo(0));
    }
}
