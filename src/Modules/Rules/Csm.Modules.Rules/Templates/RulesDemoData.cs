using Csm.BuildingBlocks.Modules;
using Csm.Modules.Rules.Evaluation;
using Csm.Modules.Rules.Facts;
using Csm.Modules.Rules.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.Modules.Rules.Templates;

/// <summary>
/// With --demo, every template is there, enabled so the first morning shows proactive tasks, except the detractor
/// follow-up: the Tickets module already opens one task per unhappy answer, and two tasks for one call help nobody.
/// </summary>
internal sealed class RulesDemoData : IDemoData
{
    public int Order => 40;

    internal const string DuplicatesTicketsFollowUp = "detractor-follow-up";

    public async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var session = services.GetRequiredService<DbSession>();
        var calendar = services.GetRequiredService<RulesCalendar>();
        var c = await session.ConnectionAsync(ct);
        if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM rul_rules") > 0) return;
        await session.BeginAsync(ct);
        foreach (var template in RuleTemplates.All)
        {
            var rule = template.Rule with { Enabled = template.Key != DuplicatesTicketsFollowUp, Owner = "admin" };
            await RuleStore.InsertAsync(session, rule, RuleSchedule.NextRun(rule.Trigger.Schedule, calendar, calendar.Now), calendar.Now, template.Key, ct);
        }
        await session.CommitAsync(ct);
    }
}
