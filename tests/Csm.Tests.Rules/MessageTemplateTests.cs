using System.Text.Json.Nodes;
using Csm.Modules.Customers.Contracts;

namespace Csm.Tests.Rules;

/// <summary>
/// Managers rewrite what Csm sends (Settings → 消息模板): the edited text goes out with its placeholders filled, a
/// preview shows it for a real customer, a placeholder the message does not know is refused naming it, and a reset
/// brings the default back.
/// </summary>
public sealed class MessageTemplateTests
{
    private const string CareSubject = "{{customerName}}：合同 {{contractEndDate}} 到期，{{accountManager}} 将与您联系";
    private const string CareBody = "尊敬的 {{customerName}}：\n\n您的服务合同 {{contractNumber}} 还有 {{daysToContractEnd}} 天（{{contractEndDate}}）到期。客户经理 {{accountManager}} 会与您商谈续约。";

    private static async Task<JsonNode> TemplateAsync(HttpClient client, string kind) =>
        (await (await client.GetAsync("/api/message-templates").ExpectAsync(200)).NodeAsync())["items"]!.AsArray()
            .Single(t => t!["kind"]!.GetValue<string>() == kind)!;

    private static JsonNode Text(JsonNode template, string language) =>
        template["texts"]!.AsArray().Single(t => t!["language"]!.GetValue<string>() == language)!;

    [Test]
    public async Task An_edited_care_email_goes_out_with_the_customers_values_and_the_preview_shows_it_first()
    {
        await using var world = await RulesWorld.StartAsync();
        var today = world.Today;
        await world.PublishAsync(RulesWorld.Customer(1, CustomerTier.Vip, name: "华东精密机械", language: "zh-CN", accountManager: "li.na"));
        await world.PublishAsync(new ContractUpserted(11, 1, "HT-2026-011", today.AddYears(-1), today.AddDays(20), 80_000m, "active"));
        var manager = await world.Csm.UserAsync("manager", "zhang.wei");

        var care = await TemplateAsync(manager, "contractCare");
        Assert.That(care["placeholders"]!.AsArray().Select(p => p!.GetValue<string>()), Does.Contain("contractEndDate").And.Contain("accountManager"));
        Assert.That(Text(care, "zh-CN")["edited"]!.GetValue<bool>(), Is.False);
        var preview = await (await manager.PostJsonAsync("/api/message-templates/contractCare/zh-CN/preview",
            new { customerId = 1, subject = CareSubject, body = CareBody }).ExpectAsync(200)).NodeAsync();
        var end = today.AddDays(20).ToString("yyyy-MM-dd");
        Assert.That(preview["subject"]!.GetValue<string>(), Is.EqualTo($"华东精密机械：合同 {end} 到期，li.na 将与您联系"));
        Assert.That(preview["body"]!.GetValue<string>(), Does.Contain("合同 HT-2026-011 还有 20 天"));

        var saved = await (await manager.PutJsonAsync("/api/message-templates/contractCare/zh-CN", new { subject = CareSubject, body = CareBody, version = 0 })
            .ExpectAsync(200)).NodeAsync();
        Assert.That((Text(saved, "zh-CN")["edited"]!.GetValue<bool>(), Text(saved, "zh-CN")["version"]!.GetValue<long>()), Is.EqualTo((true, 1L)));
        Assert.That(Text(saved, "en")["edited"]!.GetValue<bool>(), Is.False, "the English text is its own");

        await world.EnableTemplateAsync("vip-contract-renewal", manager);
        world.Clock.Advance(TimeSpan.FromDays(1));
        await world.RunScheduledAsync();
        Assert.That(await world.DeliverOutboundAsync(), Is.EqualTo(1));
        var mail = world.Mails().Single();
        Assert.That(mail.Message.Subject, Is.EqualTo($"华东精密机械：合同 {end} 到期，li.na 将与您联系"));
        Assert.That(mail.Body, Does.Contain("合同 HT-2026-011 还有 19 天").And.Contain("客户经理 li.na"));
        manager = await world.Csm.SignInAsync("zhang.wei", "Us3r-Pa55word!");

        var reset = await (await manager.DeleteAsync("/api/message-templates/contractCare/zh-CN").ExpectAsync(200)).NodeAsync();
        Assert.That((Text(reset, "zh-CN")["edited"]!.GetValue<bool>(), Text(reset, "zh-CN")["subject"]!.GetValue<string>()),
            Is.EqualTo((false, Text(reset, "zh-CN")["defaultSubject"]!.GetValue<string>())));
        var admin = await world.Csm.SignInAsync("admin", CsmFixture.AdminPassword);
        var audit = (await (await admin.GetAsync("/api/audit?action=template.").ExpectAsync(200)).NodeAsync())["items"]!.AsArray();
        Assert.That(audit.Select(e => e!["action"]!.GetValue<string>()), Is.EqualTo(new[] { "template.reset", "template.updated" }));
    }

    [Test]
    public async Task Bad_texts_are_refused_naming_the_field_and_nothing_is_saved()
    {
        await using var world = await RulesWorld.StartAsync();
        var manager = await world.Csm.UserAsync("manager");
        async Task<JsonObject> RefusedAsync(object body, string path = "/api/message-templates/contractCare/zh-CN", int status = 400) =>
            (await (await manager.PutJsonAsync(path, body).ExpectAsync(status)).NodeAsync()).AsObject();

        var unknown = await RefusedAsync(new { subject = "您好", body = "订单金额 {{orderTotal}}，{{customerName}}", version = 0 });
        Assert.That(unknown["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "body" }));
        Assert.That(unknown["errors"]!["body"]![0]!.GetValue<string>(), Does.Contain("{{orderTotal}}").And.Contain("{{contractNumber}}"));
        var inSubject = await RefusedAsync(new { subject = "{{ticketNumber}}", body = "正文", version = 0 });
        Assert.That(inSubject["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "subject" }));
        var huge = await RefusedAsync(new { subject = "您好", body = new string('字', 1024 * 1024), version = 0 });
        Assert.That(huge["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "body" }));
        var empty = await RefusedAsync(new { subject = "", body = "正文", version = 0 });
        Assert.That(empty["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "subject" }));
        await RefusedAsync(new { subject = "a", body = "b", version = 0 }, "/api/message-templates/noSuchKind/zh-CN", 404);
        await RefusedAsync(new { subject = "a", body = "b", version = 0 }, "/api/message-templates/contractCare/fr", 404);
        await RefusedAsync(new { subject = "a", body = "b", version = 3 }, status: 409);
        var agent = await world.Csm.UserAsync("agent");
        await agent.PutJsonAsync("/api/message-templates/contractCare/zh-CN", new { subject = "a", body = "b", version = 0 }).ExpectAsync(403);
        await agent.GetAsync("/api/message-templates").ExpectAsync(403);
        await manager.PostJsonAsync("/api/message-templates/contractCare/zh-CN/preview", new { customerId = 424242 }).ExpectAsync(404);

        Assert.That(Text(await TemplateAsync(manager, "contractCare"), "zh-CN")["edited"]!.GetValue<bool>(), Is.False, "nothing half-saved");
    }

    [Test]
    public async Task Every_kind_a_customer_or_a_colleague_receives_is_listed_with_both_languages()
    {
        await using var world = await RulesWorld.StartAsync();
        var items = (await (await world.Admin.GetAsync("/api/message-templates").ExpectAsync(200)).NodeAsync())["items"]!.AsArray();
        Assert.That(items.Select(i => i!["kind"]!.GetValue<string>()), Is.EquivalentTo(new[]
        {
            "surveyInvitation", "surveyReminder", "contractCare", "maintenanceReminder", "ticketAcknowledgement", "ticketReply", "ticketSolved", "staffNotification", "portalLink", "scheduledReport",
        }));
        Assert.That(items.All(i => i!["texts"]!.AsArray().Select(t => t!["language"]!.GetValue<string>()).SequenceEqual(new[] { "zh-CN", "en" })), Is.True);
    }
}
