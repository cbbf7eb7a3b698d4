using Csm.Modules.Rules.Facts;
using Csm.Modules.Rules.Events;
using Quartz;

namespace Csm.Modules.Rules.Evaluation;

internal static class RuleSchedule
{
    /// <summary>The next time a cron schedule fires after <paramref name="after"/>, read in the tenant's time zone.</summary>
    public static DateTimeOffset? NextRun(string? cron, RulesCalendar calendar, DateTimeOffset after) =>
        cron is null ? null : new CronExpression(cron, calendar.Zone).GetNextValidTimeAfter(after);
}
