using Csm.Modules.Customers.Contracts;

namespace Csm.Tests.Rules;

/// <summary>A rule's notify reaches each person it names in the header's bell, and by e-mail those who have an address.</summary>
public sealed class RuleNoticeTests
{
    [Test]
    public async Task Every_manager_finds_the_rules_notice_in_the_bell_and_those_with_an_address_get_it_by_email()
    {
        await using var world = await RulesWorld.StartAsync();
        var wang = await world.Csm.UserAsync("manager", "wang.li", email: "wang.li@example.com");
        var zhao = await world.Csm.UserAsync("manager", "zhao.qiang");
        var agent = await world.Csm.UserAsync("agent", "sun.mei", email: "sun.mei@example.com");
        await world.PublishAsync(RulesWorld.Customer(1, CustomerTier.Vip, name: "华东精密机械"));
        var id = await world.CreateRuleAsync(new
        {
            name = "VIP 关怀提醒", enabled = true, trigger = new { schedule = "0 0 8 * * ?" },
            condition = new { fact = "tier", op = "eq", value = "vip" },
            actions = new object[] { new { type = "notify", role = "manager", message = "请致电 {{customerName}}" } },
            cooldownDays = 30,
        });
        await world.Admin.PostAsync($"/api/rules/{id}/runs", null).ExpectAsync(200);
        await world.Csm.DrainOutboxAsync();

        foreach (var manager in new[] { wang, zhao })
        {
            var bell = await (await manager.GetAsync("/api/tickets/notifications").ExpectAsync(200)).NodeAsync();
            var notice = bell["items"]!.AsArray().Single()!;
            Assert.That((notice["kind"]!.GetValue<string>(), notice["subject"]!.GetValue<string>(), notice["customerId"]!.GetValue<long>(),
                notice["customerName"]!.GetValue<string>(), notice["ticketId"]?.GetValue<long>()),
                Is.EqualTo(("ruleNotice", "VIP 关怀提醒", 1L, "华东精密机械", (long?)null)));
            Assert.That(notice["reason"]!.GetValue<string>(), Does.StartWith("请致电 华东精密机械"));
            Assert.That(bell["unread"]!.GetValue<long>(), Is.EqualTo(1));
        }
        var agentBell = await (await agent.GetAsync("/api/tickets/notifications").ExpectAsync(200)).NodeAsync();
        Assert.That(agentBell["items"]!.AsArray(), Is.Empty, "the notify named managers only");

        Assert.That(await world.DeliverOutboundAsync(), Is.EqualTo(1));
        Assert.That(world.Mails().Single().To, Is.EqualTo(new[] { "wang.li@example.com" }), "an e-mail only to the manager with an address");
    }
}
