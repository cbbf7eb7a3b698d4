using Csm.BuildingBlocks.Modules;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.Modules.Reports.Dashboards;

/// <summary>
/// With --demo, dashboards people of the demo composed beside their roles' defaults: the service-desk lead's weekly
/// dashboard, one the field-repair team shares and one the account managers share. Nothing is added when anyone has saved one.
/// </summary>
internal sealed class DashboardsDemo : IDemoData
{
    public int Order => 50;

    private static readonly (string Owner, string Name, Audience Audience, Tile[] Tiles)[] Composed =
    [
        ("chen.jing", "服务台周会 · Service desk weekly", new(Audience.Person, null),
        [
            new("headline", 0, 0, 4, 6, Metric: "nps"), new("headline", 4, 0, 4, 6, Metric: "csat"), new("closedLoop", 8, 0, 4, 6),
            new("satisfaction", 0, 6, 8, 6, Metric: "csat", GroupBy: "agent", Interval: "week"), new("serviceLevel", 8, 6, 4, 6),
            new("voiceThemes", 0, 12, 8, 6), new("improvementPlans", 8, 12, 4, 6),
        ]),
        ("wu.qiang", "现场维修 · Field repair", new(Audience.Team, "field-repair"),
        [
            new("myTickets", 0, 0, 4, 5), new("ticketViews", 4, 0, 4, 5), new("backlog", 8, 0, 4, 5),
            new("satisfaction", 0, 5, 12, 6, Metric: "csat", GroupBy: "ticketType", Interval: "month"),
        ]),
        ("chen.jing", "客户经理 · Accounts", new(Audience.Team, "accounts"),
        [
            new("headline", 0, 0, 6, 6, Metric: "nps"), new("retention", 6, 0, 6, 6), new("complaintRate", 0, 6, 6, 5), new("closedLoop", 6, 6, 6, 5),
        ]),
    ];

    public async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var session = services.GetRequiredService<DbSession>();
        var clock = services.GetRequiredService<TimeProvider>();
        var c = await session.ConnectionAsync(ct);
        if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM rpt_dashboards WHERE owner <> @System", new { DashboardStore.System }) > 0) return;
        var tx = await session.BeginAsync(ct);
        foreach (var (owner, name, audience, tiles) in Composed)
            await DashboardStore.InsertAsync(c, tx, session.Dialect, owner, name, audience, tiles, clock.GetUtcNow());
        await session.CommitAsync(ct);
    }
}
