using Csm.BuildingBlocks.Modules;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.Modules.Reports.Dashboards;

/// <summary>
/// On every start, gives each role that has no default dashboard one composed for its work (an agent's queue, an account
/// manager's customers' satisfaction, a manager's whole picture). A manager may replace a role's default; deleting it
/// brings this one back at the next start.
/// </summary>
internal sealed class RoleDefaults(TimeProvider clock) : IAfterMigrations
{
    private static readonly Tile[] Manager =
    [
        new("headline", 0, 0, 4, 6, Metric: "nps"), new("headline", 4, 0, 4, 6, Metric: "csat"), new("headline", 8, 0, 4, 6, Metric: "ces"),
        new("serviceLevel", 0, 6, 4, 5), new("backlog", 4, 6, 4, 5), new("closedLoop", 8, 6, 4, 5),
        new("voiceThemes", 0, 11, 8, 6), new("improvementPlans", 8, 11, 4, 6), new("kpis", 0, 17, 12, 5),
    ];

    public static readonly IReadOnlyDictionary<string, (string Name, Tile[] Tiles)> Layouts = new Dictionary<string, (string, Tile[])>
    {
        [Roles.Agent] = ("坐席看板 · Agent", [new("myTickets", 0, 0, 4, 4), new("ticketViews", 4, 0, 8, 4)]),
        [Roles.AccountManager] = ("客户经理看板 · Account manager",
        [
            new("headline", 0, 0, 4, 6, Metric: "nps"), new("headline", 4, 0, 4, 6, Metric: "csat"), new("myTickets", 8, 0, 4, 4),
            new("closedLoop", 0, 6, 6, 5), new("retention", 6, 6, 6, 5),
        ]),
        [Roles.Manager] = ("经理看板 · Manager", Manager),
        [Roles.Admin] = ("管理员看板 · Admin", Manager),
    };

    public async Task RunAsync(IServiceProvider services, CancellationToken ct) =>
        await services.GetRequiredService<IServiceScopeFactory>().WriteAsync(async (session, c, tx) =>
        {
            var have = (await c.QueryAsync<string>("SELECT role FROM rpt_role_dashboards", transaction: tx)).ToHashSet();
            foreach (var (role, (name, tiles)) in Layouts.Where(l => !have.Contains(l.Key)))
            {
                var id = await DashboardStore.InsertAsync(c, tx, session.Dialect, DashboardStore.System, name, new Audience(Audience.Role, role), tiles, clock.GetUtcNow());
                await DashboardStore.SetDefaultAsync(c, tx, session.Dialect, id, role);
            }
            return true;
        }, ct);
}
