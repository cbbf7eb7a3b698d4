using Csm.BuildingBlocks.Templates;

namespace Csm.Modules.Reports.Subscriptions;

/// <summary>The e-mail a subscription sends: a template managers may rewrite around the report's key figures.</summary>
internal static class ReportMail
{
    public const string Module = "reports";
    public const string Name = "scheduledReport";

    public static readonly MessageKind Kind = new(Name, Module, ["reportName", "period", "figures", "fileName"],
        new("{{reportName}} · {{period}}",
            "您好，\n\n以下是 {{period}} 的「{{reportName}}」关键数据：\n\n{{figures}}\n\n完整数据见附件 {{fileName}}（CSV，可用 Excel 打开）。\n\n此邮件由 Csm 按订阅自动发送。"),
        new("{{reportName}} · {{period}}",
            "Hello,\n\nthe key figures of {{reportName}} for {{period}}:\n\n{{figures}}\n\nThe full data is attached as {{fileName}} (CSV, opens in Excel).\n\nCsm sent this e-mail because of a report subscription."));

    public static Dictionary<string, string?> Values(RenderedReport report, string period) => new()
    {
        ["reportName"] = report.Name, ["period"] = period, ["figures"] = report.Figures, ["fileName"] = string.Join(", ", report.Files.Select(f => f.FileName)),
    };
}

/// <summary>A report e-mail's placeholders with example figures (a report belongs to no customer).</summary>
internal sealed class ReportsMessagePreview : IMessagePreview
{
    public string Module => ReportMail.Module;

    public Task<IReadOnlyDictionary<string, string?>?> ValuesAsync(string kind, long customerId, string language, CancellationToken ct)
    {
        var zh = TemplateLanguages.IsChinese(language);
        var example = new RenderedReport(SubscribedReports.Title("nps", language),
            zh ? "- 净推荐值 (NPS)：42\n- 回答数：120" : "- Net Promoter Score: 42\n- Answers: 120",
            [new BuildingBlocks.Outbound.OutboundAttachment("satisfaction-nps-20260302-20260308.csv", "text/csv", [])]);
        return Task.FromResult<IReadOnlyDictionary<string, string?>?>(ReportMail.Values(example, "2026-03-02 – 2026-03-08"));
    }
}
