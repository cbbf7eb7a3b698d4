using System.Globalization;
using System.Text;
using Csm.BuildingBlocks.Outbound;
using Csm.BuildingBlocks.Templates;
using Csm.Modules.Reports.Features;
using Csm.Modules.Reports.Reporting;
using Csm.Modules.Reports.Rollups;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Csm.Modules.Reports.Subscriptions;

/// <summary>
/// One report (or a dashboard's reports) for one period, as an e-mail carries it: its name, the key figures and the CSVs the
/// API answers, one per report.
/// </summary>
internal sealed record RenderedReport(string Name, string Figures, IReadOnlyList<OutboundAttachment> Files);

/// <summary>
/// The reports a manager can subscribe people to, each built by the same code as its endpoint (so the attached CSV is the
/// endpoint's CSV for the same query) and summed up in a few key figures in the recipient's language.
/// </summary>
internal sealed class SubscribedReports(DailySource source, DbSession session, TimeProvider clock)
{
    public const string VocDigest = "vocDigest";
    public const string Dashboard = "dashboard";

    /// <summary>Report names with their titles (zh-CN, en).</summary>
    public static readonly IReadOnlyDictionary<string, (string Chinese, string English)> Titles = new Dictionary<string, (string, string)>
    {
        ["nps"] = ("净推荐值 (NPS)", "Net Promoter Score"),
        ["csat"] = ("客户满意度 (CSAT)", "Customer satisfaction (CSAT)"),
        ["ces"] = ("客户费力度 (CES)", "Customer effort (CES)"),
        ["service"] = ("服务指标", "Service metrics"),
        ["closedLoop"] = ("闭环回访", "Closed loop"),
        [VocDigest] = ("客户之声周报", "Voice of the customer digest"),
        ["complaintRate"] = ("投诉率", "Complaint rate"),
        ["kpis"] = ("KPI 目标达成", "KPI targets"),
        [Dashboard] = ("看板", "Dashboard"),
    };

    public static string Title(string report, string language) =>
        TemplateLanguages.IsChinese(language) ? Titles[report].Chinese : Titles[report].English;

    /// <summary>The interval of the CSV's rows: days for a day or a week, weeks for a month.</summary>
    public static string IntervalOf(string frequency) => frequency == "monthly" ? "week" : "day";

    public async Task<RenderedReport> RenderAsync(string report, string frequency, DateOnly from, DateOnly to, string timeZone, string language, CancellationToken ct)
    {
        var zone = ReportingZone.Find(timeZone) ?? throw new InvalidOperationException($"Unknown time zone {timeZone}.");
        var q = new ReportQuery(from, to, IntervalOf(frequency), Measures.All, zone, timeZone);
        var zh = TemplateLanguages.IsChinese(language);
        var figures = new StringBuilder();
        void Line(string chinese, string english, object? value) =>
            figures.Append("- ").Append(zh ? chinese : english).Append(zh ? "：" : ": ").Append(Format(value, zh)).Append('\n');

        FileContentHttpResult csv;
        switch (report)
        {
            case "nps" or "csat" or "ces":
            {
                var r = await SatisfactionReport.BuildAsync(report, q, source, session, ct);
                var total = r.Groups.FirstOrDefault()?.Total;
                Line(Title(report, "zh-CN"), Title(report, "en"), total?.Value);
                Line("回答数", "Answers", total?.N ?? 0);
                Line("95% 置信区间", "95% interval", total?.CiLow is { } low ? $"{Format(low, zh)} – {Format(total.CiHigh, zh)}" : null);
                Line("较上期变化", "Change from the previous period", total?.Change);
                csv = SatisfactionReport.ToCsv(r);
                break;
            }
            case "service":
            {
                var r = await ServiceReport.BuildAsync(q, byLabel: false, source, session, clock, ct);
                var total = r.Groups.FirstOrDefault()?.Total;
                Line("新建工单", "Tickets opened", total?.Created ?? 0);
                Line("已解决工单", "Tickets resolved", total?.Resolved ?? 0);
                Line("首次响应中位数（工作分钟）", "Median first response (business minutes)", total?.FirstResponse.Median);
                Line("SLA 达成率 (%)", "SLA compliance (%)", total?.SlaCompliance);
                csv = ServiceReport.ToCsv(r);
                break;
            }
            case "closedLoop":
            {
                var r = await ClosedLoopReport.BuildAsync(q, source, ct);
                var total = r.Groups.FirstOrDefault()?.Total;
                Line("不满意的回答", "Unhappy answers", total?.Unhappy ?? 0);
                Line("已闭环", "Followed up", total?.FollowedUp ?? 0);
                Line("闭环率 (%)", "Followed up (%)", total?.FollowedUpShare);
                Line("二次回访已答", "Re-surveys answered", total?.Resurveys.Answered ?? 0);
                Line("已挽回", "Recovered", total?.Resurveys.Recovered ?? 0);
                csv = ClosedLoopReport.ToCsv(r);
                break;
            }
            case VocDigest:
            {
                var r = await VoiceOfCustomerReport.BuildAsync(q, themes: 5, verbatims: 3, source, session, ct);
                var rising = await RisingTerms.BuildAsync(q, count: 5, verbatims: 3, session, ct);
                VocDigestText.Write(figures, r, rising, zh);
                csv = VoiceOfCustomerReport.ToCsv(r);
                break;
            }
            case "complaintRate":
            {
                var r = await ComplaintRate.BuildAsync(q, session, ct);
                var total = r.Groups.FirstOrDefault()?.Total;
                Line("投诉", "Complaints", total?.Complaints ?? 0);
                Line("每百位客户投诉", "Per 100 customers", total?.PerHundredCustomers);
                Line("每千笔订单投诉", "Per 1,000 orders", total?.PerThousandOrders);
                csv = ComplaintRate.ToCsv(r);
                break;
            }
            case "kpis":
            {
                var r = await KpiTargets.Actuals.BuildAsync(q, session, source, ct);
                Line("KPI 目标", "KPI targets", r.Targets.Count);
                Line("已达成", "Met", r.Targets.Count(t => t.Met == true));
                Line("未达成", "Not met", r.Targets.Count(t => t.Met == false));
                csv = KpiTargets.Actuals.ToCsv(r);
                break;
            }
            default:
                throw new InvalidOperationException($"No report '{report}' can be subscribed to.");
        }
        var file = new OutboundAttachment(csv.FileDownloadName ?? report + ".csv", "text/csv; charset=utf-8", csv.FileContents.ToArray());
        return new RenderedReport(Title(report, language), figures.ToString().TrimEnd(), [file]);
    }

    public static string Format(object? value, bool zh) => value switch
    {
        null => zh ? "无数据" : "no data",
        double d => d.ToString("0.#", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
