using System.Text;
using System.Text.Json.Nodes;
using Csm.Testing;

namespace Csm.Tests.Host;

/// <summary>
/// Each configuration change a manager makes through the API leaves one entry naming the change, who made it and the
/// thing before and after: ticket workflows, types, SLA policies, macros and views; surveys, their distributions and
/// feedback themes; rules; custom fields and customer imports.
/// </summary>
public sealed class AuditedConfigurationTests
{
    private static object[] Stages(string checkName) =>
    [
        new { code = "open", name = "受理 Open", isStart = true, isFinal = false, ownerRole = "agent", requiredFields = Array.Empty<string>() },
        new { code = "check", name = checkName, isStart = false, isFinal = false, ownerRole = "agent", requiredFields = Array.Empty<string>() },
        new { code = "done", name = "完成 Done", isStart = false, isFinal = true, ownerRole = (string?)null, requiredFields = Array.Empty<string>() },
    ];

    private static readonly object[] Moves = [new { from = "open", to = "check" }, new { from = "check", to = "done" }];

    private static object Text(string zh, string en) => new { zh, en };

    private static long Id(JsonNode node) => node["id"]!.GetValue<long>();

    /// <summary>"action by actor: before → after", the detail of each side read by <paramref name="detail"/> ("-" for none).</summary>
    private static string Says(JsonArray entries, string action, Func<JsonNode, string?> detail)
    {
        var entry = entries.Single(e => e!["action"]!.GetValue<string>() == action)!;
        string Side(string side) => entry[side] is { } node ? detail(node) ?? "?" : "-";
        return $"{action} by {entry["actor"]}: {Side("before")} → {Side("after")}";
    }

    private static string? Name(JsonNode n) => n["name"]?.ToString();

    [Test]
    public async Task Ticket_workflows_types_sla_policies_macros_and_views_are_logged_with_who_before_and_after()
    {
        await using var csm = await CsmFixture.StartAsync();
        var admin = csm.Admin;
        await admin.PostJsonAsync("/api/workflows", new { code = "refund", name = "Refund 退款", stages = Stages("检查 Check"), transitions = Moves }).ExpectAsync(201);
        await admin.PutJsonAsync("/api/workflows/refund", new { name = "Refund 退款 v2", stages = Stages("复核 Review"), transitions = Moves, version = 1 }).ExpectAsync(200);
        var type = await (await admin.PostJsonAsync("/api/ticket-types",
            new { code = "refund", name = "Refund", kind = "complaint", workflowCode = "refund", defaultPriority = "normal" }).ExpectAsync(201)).NodeAsync();
        await admin.PutJsonAsync("/api/ticket-types/refund", new
        {
            name = "Refund and return", kind = "complaint", workflowCode = "refund", defaultPriority = "high", isActive = true, version = type["version"]!.GetValue<long>(),
        }).ExpectAsync(200);
        var policy = await (await admin.PostJsonAsync("/api/sla-policies",
            new { name = "Refunds", typeCode = "refund", firstResponseMinutes = 30, resolutionMinutes = 960 }).ExpectAsync(201)).NodeAsync();
        await admin.PutJsonAsync($"/api/sla-policies/{Id(policy)}",
            new { name = "Refunds", typeCode = "refund", firstResponseMinutes = 30, resolutionMinutes = 480, isActive = true, version = 1 }).ExpectAsync(200);
        var macro = await (await admin.PostJsonAsync("/api/macros",
            new { name = "Apology", shared = true, visibility = "customer", bodyZh = "抱歉", bodyEn = "Sorry" }).ExpectAsync(201)).NodeAsync();
        await admin.PutJsonAsync($"/api/macros/{Id(macro)}",
            new { name = "Apology, warmer", shared = true, visibility = "customer", bodyZh = "非常抱歉", bodyEn = "So sorry", version = 1 }).ExpectAsync(200);
        await admin.DeleteAsync($"/api/macros/{Id(macro)}").ExpectAsync(204);
        var view = await (await admin.PostJsonAsync("/api/ticket-views",
            new { name = "Urgent", shared = true, filters = new { priority = "urgent" } }).ExpectAsync(201)).NodeAsync();
        await admin.PutJsonAsync($"/api/ticket-views/{Id(view)}",
            new { name = "High", shared = true, filters = new { priority = "high" }, version = 1 }).ExpectAsync(200);
        await admin.DeleteAsync($"/api/ticket-views/{Id(view)}").ExpectAsync(204);

        var entries = await AuditLogTests.EntriesAsync(csm, "module=tickets&pageSize=100");
        Assert.That(new[]
        {
            Says(entries, "workflow.created", Name), Says(entries, "workflow.updated", n => n["stages"]![1]!["name"]!.ToString()),
            Says(entries, "ticketType.created", n => n["code"]!.ToString()), Says(entries, "ticketType.updated", n => $"{Name(n)} {n["defaultPriority"]}"),
            Says(entries, "slaPolicy.created", n => n["resolutionMinutes"]!.ToString()), Says(entries, "slaPolicy.updated", n => n["resolutionMinutes"]!.ToString()),
            Says(entries, "macro.created", Name), Says(entries, "macro.updated", n => n["bodyEn"]!.ToString()), Says(entries, "macro.deleted", Name),
            Says(entries, "view.created", Name), Says(entries, "view.updated", Name), Says(entries, "view.deleted", Name),
        }, Is.EqualTo(new[]
        {
            "workflow.created by admin: - → Refund 退款", "workflow.updated by admin: 检查 Check → 复核 Review",
            "ticketType.created by admin: - → refund", "ticketType.updated by admin: Refund normal → Refund and return high",
            "slaPolicy.created by admin: - → 960", "slaPolicy.updated by admin: 960 → 480",
            "macro.created by admin: - → Apology", "macro.updated by admin: Sorry → So sorry", "macro.deleted by admin: Apology, warmer → -",
            "view.created by admin: - → Urgent", "view.updated by admin: Urgent → High", "view.deleted by admin: High → -",
        }));
    }

    [Test]
    public async Task Surveys_distributions_themes_rules_custom_fields_and_imports_are_logged_with_who_before_and_after()
    {
        await using var csm = await CsmFixture.StartAsync();
        var admin = csm.Admin;
        object[] Questions(string en) => [new { key = "nps", kind = "nps", text = Text("推荐？", en) }];
        var survey = await (await admin.PostJsonAsync("/api/surveys",
            new { name = "Return NPS", touchpoint = "purchase", title = Text("退货", "Returns"), questions = Questions("Recommend?") }).ExpectAsync(201)).NodeAsync();
        await admin.PutJsonAsync($"/api/surveys/{Id(survey)}", new
        {
            name = "Return NPS v2", touchpoint = "purchase", title = Text("退货", "Returns"), questions = Questions("Would you recommend us?"), revision = 1,
        }).ExpectAsync(200);
        var distribution = await (await admin.PostJsonAsync($"/api/surveys/{Id(survey)}/distributions",
            new { kind = "ticketResolved", ticketType = "repair", channel = "email", validDays = 7 }).ExpectAsync(201)).NodeAsync();
        await admin.DeleteAsync($"/api/surveys/{Id(survey)}/distributions/{Id(distribution)}").ExpectAsync(204);
        var theme = await (await admin.PostJsonAsync("/api/feedback-themes",
            new { code = "noise", name = Text("噪音", "Noise"), keywords = new { zh = new[] { "噪音" }, en = new[] { "noise" } } }).ExpectAsync(201)).NodeAsync();
        await admin.PutJsonAsync($"/api/feedback-themes/{Id(theme)}",
            new { name = Text("噪音", "Noise and hum"), keywords = new { zh = new[] { "噪音", "嗡嗡" }, en = new[] { "noise", "hum" } }, revision = 1 }).ExpectAsync(200);
        var rule = new JsonObject
        {
            ["name"] = "Welcome a VIP", ["enabled"] = true, ["trigger"] = new JsonObject { ["event"] = "customerUpserted" },
            ["condition"] = new JsonObject { ["fact"] = "tier", ["op"] = "eq", ["value"] = "vip" },
            ["actions"] = new JsonArray(new JsonObject { ["type"] = "sendEmail", ["to"] = "customer", ["subject"] = "欢迎", ["body"] = "您好" }),
        };
        var ruleId = Id(await (await admin.PostJsonAsync("/api/rules", rule).ExpectAsync(201)).NodeAsync());
        rule["enabled"] = false;
        rule["version"] = 1;
        await admin.PutJsonAsync($"/api/rules/{ruleId}", rule).ExpectAsync(200);
        await admin.PostJsonAsync("/api/customer-fields", new { key = "region", label = "Region", type = "text", required = false }).ExpectAsync(201);
        await admin.DeleteAsync("/api/customer-fields/region").ExpectAsync(204);
        await admin.PostAsync("/api/customers/import?source=crm", new StringContent(
            """[ { "externalId": "J1", "name": "Json One", "tier": "vip" }, { "externalId": "J2", "name": 42 } ]""", Encoding.UTF8, "application/json")).ExpectAsync(200);

        var entries = await AuditLogTests.EntriesAsync(csm, "pageSize=100");
        Assert.That(new[]
        {
            Says(entries, "survey.created", Name), Says(entries, "survey.updated", n => $"{Name(n)} {n["questions"]![0]!["text"]!["en"]}"),
            Says(entries, "distribution.created", n => $"{n["kind"]} {n["channel"]}"), Says(entries, "distribution.stopped", n => $"{n["kind"]} {n["channel"]}"),
            Says(entries, "theme.created", n => n["name"]!["en"]!.ToString()), Says(entries, "theme.updated", n => n["name"]!["en"]!.ToString()),
            Says(entries, "rule.updated", n => $"enabled {n["enabled"]}, version {n["version"]}"),
            Says(entries, "customerField.removed", n => $"{n["key"]} {n["label"]}"),
            Says(entries, "customers.imported", n => $"{n["source"]}: {n["created"]} created, {n["failed"]} failed"),
        }, Is.EqualTo(new[]
        {
            "survey.created by admin: - → Return NPS", "survey.updated by admin: Return NPS Recommend? → Return NPS v2 Would you recommend us?",
            "distribution.created by admin: - → ticketResolved email", "distribution.stopped by admin: ticketResolved email → -",
            "theme.created by admin: - → Noise", "theme.updated by admin: Noise → Noise and hum",
            "rule.updated by admin: enabled true, version 1 → enabled false, version 2",
            "customerField.removed by admin: region Region → -",
            "customers.imported by admin: - → crm: 1 created, 1 failed",
        }));
    }
}
