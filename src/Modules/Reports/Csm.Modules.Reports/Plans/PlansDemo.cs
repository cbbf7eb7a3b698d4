using Csm.BuildingBlocks.Modules;
using Csm.Modules.Reports.Rollups;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.Modules.Reports.Plans;

/// <summary>
/// With --demo: the improvement plan the field-repair manager started <see cref="DemoStory.PlanDays"/> days before the
/// start, when spare parts began arriving late (<see cref="DemoStory"/>): its problem, goal, owner and actions due in
/// the coming days. Its effect is what the plan page computes from the demo's answers, like any plan's.
/// </summary>
internal sealed class PlansDemo : IDemoData
{
    public int Order => 50;

    public async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var session = services.GetRequiredService<DbSession>();
        var zone = services.GetRequiredService<ReportingZone>().Zone;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var c = await session.ConnectionAsync(ct);
        if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM rpt_plans") > 0) return;
        var today = ReportingZone.LocalDay(now, zone);
        var starts = today.AddDays(-DemoStory.PlanDays);
        var plan = new ImprovementPlan.Form(
            "备件到货提速 Spare parts on time",
            new ImprovementPlan.Problem(
                "近三周贬损者升至四成，评论多是备件缺货、物流慢、设备停机等件。Detractors rose to 40% in three weeks; most comments are about spare parts out of stock or arriving late.",
                ["delivery"], "nps", new ImprovementPlan.Segment(Measures.All, null)),
            new ImprovementPlan.Goal("nps", 30, starts.AddDays(60)),
            "wu.qiang", starts,
            [
                new("与备件供应商重新约定 48 小时到货 Agree 48-hour delivery with the parts supplier", "wu.qiang", today.AddDays(2)),
                new("区域仓常备十种易损件 Stock the ten most used parts in the regional warehouse", "wu.qiang", today.AddDays(14)),
                new("备件延迟超过 3 天主动致电客户 Call the customer when a part is more than 3 days late", "chen.jing", today.AddDays(1)),
                new("每周复盘延迟工单 Review late-part tickets every week", "chen.jing", today.AddDays(7)),
            ]);
        var tx = await session.BeginAsync(ct);
        await PlanStore.InsertAsync(c, tx, session.Dialect, plan, now);
        await session.CommitAsync(ct);
    }
}
