using Csm.Modules.Rules.Contracts;

namespace Csm.Tests.Customers;

public sealed class RuleRequestsTests
{
    [Test]
    public async Task A_rule_tag_lands_on_the_customer_once_with_a_new_version_and_an_event()
    {
        await using var csm = await CsmFixture.StartAsync();
        var id = await csm.Admin.CreateIdAsync(new { name = "Tag Me", tier = "vip", tags = new[] { "key-account" }, contacts = new[] { new { email = "t@example.com" } } });
        await csm.DrainOutboxAsync();
        await csm.PublishAsync(new CustomerTagRequested(id, "renewal-risk", "rule:1:1"));
        await csm.PublishAsync(new CustomerTagRequested(id, "Renewal-Risk", "rule:1:2"));

        var customer = await csm.Admin.GetNodeAsync($"/api/customers/{id}");
        Assert.That(customer["tags"]!.AsArray().Select(t => t!.GetValue<string>()), Is.EqualTo(new[] { "key-account", "renewal-risk" }));
        Assert.That(customer["version"]!.GetValue<long>(), Is.EqualTo(2));
        Assert.That(customer["contacts"]![0]!["email"]!.GetValue<string>(), Is.EqualTo("t@example.com"), "the rest of the profile is untouched");
        Assert.That((await csm.Admin.GetNodeAsync("/api/customers?tag=renewal-risk"))["total"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That((await csm.OutboxTypesAsync()).Count(t => t == "CustomerUpserted"), Is.EqualTo(2), "created, then tagged once");
    }
}
