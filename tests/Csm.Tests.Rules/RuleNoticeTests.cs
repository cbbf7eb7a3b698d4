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
        var id = await RunOnAVipAsync(world, "VIP 关怀提醒", new { type = "notify", role = "manager", message = "请致电 {{customerName}}" });

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

    [Test]
    public async Task A_notify_for_a_role_nobody_active_holds_is_recorded_as_failed_with_the_reason_never_as_sent()
    {
        await using var world = await RulesWorld.StartAsync();
        await world.Csm.UserAsync("agent", "sun.mei", email: "sun.mei@example.com");
        await world.Csm.UserAsync("accountManager", "am.left", email: "am.left@example.com");
        var users = await (await world.Admin.GetAsync("/api/users?pageSize=100").ExpectAsync(200)).NodeAsync();
        var left = users["items"]!.AsArray().Single(u => u!["userName"]!.GetValue<string>() == "am.left")!;
        await world.Admin.PutJsonAsync($"/api/users/{left["id"]!.GetValue<long>()}", new
        {
            displayName = "am.left", roles = new[] { "accountManager" }, email = "am.left@example.com", team = (string?)null, isActive = false,
            version = left["version"]!.GetValue<long>(), newPassword = (string?)null,
        }).ExpectAsync(200);
        var id = await RunOnAVipAsync(world, "Tell the account managers", new { type = "notify", role = "accountManager", message = "Call {{customerName}}" });

        Assert.That(await world.DeliverOutboundAsync(), Is.Zero);
        Assert.That(world.Mails(), Is.Empty, "the inactive account manager is not told");
        var firing = (await (await world.Admin.GetAsync($"/api/rules/{id}/firings").ExpectAsync(200)).NodeAsync())["items"]![0]!;
        Assert.That(firing["deliveries"]!.AsArray().Select(d => (d!["status"]!.GetValue<string>(), d["lastError"]?.GetValue<string>())),
            Is.EqualTo(new[] { ("failed", (string?)"no active staff for role accountManager") }));
    }

    [Test]
    public async Task A_notify_naming_a_person_reaches_that_person_in_the_bell_and_by_email_and_nobody_else()
    {
        await using var world = await RulesWorld.StartAsync();
        var li = await world.Csm.UserAsync("agent", "li.na", email: "li.na@example.com");
        var other = await world.Csm.UserAsync("agent", "zhou.jie", email: "zhou.jie@example.com");
        var id = await RunOnAVipAsync(world, "告诉李娜", new { type = "notify", person = "li.na", message = "请回访 {{customerName}}" });

        var bell = await (await li.GetAsync("/api/tickets/notifications").ExpectAsync(200)).NodeAsync();
        var notice = bell["items"]!.AsArray().Single()!;
        Assert.That((notice["kind"]!.GetValue<string>(), notice["subject"]!.GetValue<string>()), Is.EqualTo(("ruleNotice", "告诉李娜")));
        Assert.That(notice["reason"]!.GetValue<string>(), Does.StartWith("请回访 华东精密机械"));
        Assert.That((await (await other.GetAsync("/api/tickets/notifications").ExpectAsync(200)).NodeAsync())["items"]!.AsArray(), Is.Empty);

        Assert.That(await world.DeliverOutboundAsync(), Is.EqualTo(1));
        var mail = world.Mails().Single();
        Assert.That(mail.To, Is.EqualTo(new[] { "li.na@example.com" }));
        Assert.That(mail.Body, Does.Contain("请回访 华东精密机械"));
        var firing = (await (await world.Admin.GetAsync($"/api/rules/{id}/firings").ExpectAsync(200)).NodeAsync())["items"]![0]!;
        Assert.That(firing["deliveries"]!.AsArray().Select(d => d!["status"]!.GetValue<string>()), Is.EqualTo(new[] { "sent" }));
    }

    /// <summary>A rule with this one notify, run once over one VIP customer (华东精密机械), its events delivered.</summary>
    private static async Task<long> RunOnAVipAsync(RulesWorld world, string name, object notify)
    {
        await world.PublishAsync(RulesWorld.Customer(1, CustomerTier.Vip, name: "华东精密机械"));
        var id = await world.CreateRuleAsync(new
        {
            name, enabled = true, trigger = new { schedule = "0 0 8 * * ?" },
            condition = new { fact = "tier", op = "eq", value = "vip" },
            actions = new[] { notify },
            cooldownDays = 30,
        });
        await world.Admin.PostAsync($"/api/rules/{id}/runs", null).ExpectAsync(200);
        await world.Csm.DrainOutboxAsync();
        return id;
    }
}
