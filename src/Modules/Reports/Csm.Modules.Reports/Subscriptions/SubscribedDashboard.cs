using System.Text;
using Csm.BuildingBlocks.Templates;
using Csm.Modules.Reports.Dashboards;

namespace Csm.Modules.Reports.Subscriptions;

/// <summary>
/// A dashboard in an e-mail: each data tile's report (a tile that reads a subscribable report: headline and satisfaction
/// tiles their metric, service level and backlog the service report, closed loop, VOC themes as the digest, complaint rate,
/// KPIs) rendered by <see cref="SubscribedReports"/> for the period, once however many tiles read it, in the order of the
/// tiles on the grid; its figures under its title in the body and its own CSV attached (one file per report, the same
/// bytes its endpoint answers). Tiles of one person's or the moment's data (a rule, a ticket view, my tickets, plans,
/// retention) are named, not sent.
/// </summary>
internal sealed class SubscribedDashboard(SubscribedReports reports)
{
    public static string? ReportOf(Tile t) => t.Kind switch
    {
        "headline" or "satisfaction" => t.Metric,
        "serviceLevel" or "backlog" => "service",
        "closedLoop" => "closedLoop",
        "voiceThemes" => SubscribedReports.VocDigest,
        "complaintRate" => "complaintRate",
        "kpis" => "kpis",
        _ => null,
    };

    public async Task<RenderedReport> RenderAsync(Dashboard dashboard, string frequency, DateOnly from, DateOnly to, string timeZone, string language, CancellationToken ct)
    {
        var zh = TemplateLanguages.IsChinese(language);
        var tiles = dashboard.Tiles.Where(t => t is not null).OrderBy(t => t.Y).ThenBy(t => t.X).ToList();
        var body = new StringBuilder();
        var files = new List<OutboundAttachment>();
        foreach (var report in tiles.Select(ReportOf).OfType<string>().Distinct())
        {
            var rendered = await reports.RenderAsync(report, frequency, from, to, timeZone, language, ct);
            body.Append(zh ? "【" : "## ").Append(rendered.Name).Append(zh ? "】\n" : "\n").Append(rendered.Figures).Append("\n\n");
            files.AddRange(rendered.Files);
        }
        var others = tiles.Where(t => ReportOf(t) is null).Select(t => t.Kind).Distinct().ToList();
        if (others.Count > 0)
            body.Append(zh ? "看板上另有（请在 Csm 中查看）：" : "Also on the dashboard (see it in Csm): ").Append(string.Join(", ", others)).Append('\n');
        if (files.Count == 0) body.Append(zh ? "此看板没有可发送数据的卡片。" : "This dashboard has no tile whose data an e-mail carries.");
        var name = $"{SubscribedReports.Title(SubscribedReports.Dashboard, language)}{(zh ? "「" : " “")}{dashboard.Name}{(zh ? "」" : "”")}";
        return new RenderedReport(name, body.ToString().TrimEnd(), files);
    }
}
