using Microsoft.Extensions.Options;

namespace Csm.Modules.Rules.Facts;

internal sealed class RulesOptions
{
    /// <summary>The tenant's calendar: "today", ticket days and cron schedules are read in this zone.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>Scheduled rules may not fire more often than this.</summary>
    public TimeSpan MinimumScheduleInterval { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>Turns instants into the tenant's calendar days.</summary>
internal sealed class RulesCalendar(IOptions<RulesOptions> options, TimeProvider clock)
{
    public TimeZoneInfo Zone { get; } = FindZone(options.Value.TimeZone);

    public DateTimeOffset Now => clock.GetUtcNow();

    public DateOnly Today => DayOf(clock.GetUtcNow());

    public DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    private static TimeZoneInfo FindZone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)
            ? zone
            : TimeZoneInfo.CreateCustomTimeZone(id, TimeSpan.FromHours(8), id, id);
}
