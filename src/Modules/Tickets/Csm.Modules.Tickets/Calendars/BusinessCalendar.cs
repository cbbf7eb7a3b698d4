namespace Csm.Modules.Tickets.Calendars;

/// <summary>One working period of a weekday, in the calendar's local time.</summary>
internal readonly record struct WorkingHours(DayOfWeek Day, TimeOnly Start, TimeOnly End);

/// <summary>
/// Working time in a time zone: weekly hours, public holidays (no work), and make-up working days (调休: a weekend
/// day worked in exchange for a holiday, with the hours of an ordinary Monday). SLA targets are counted in its minutes.
/// </summary>
internal sealed class BusinessCalendar
{
    // A calendar with hours finds a working minute within a few weeks; this bound only stops a runaway search.
    private const int MaxDaysSearched = 3 * 366;

    private readonly Dictionary<DayOfWeek, (TimeOnly Start, TimeOnly End)[]> _week;
    private readonly HashSet<DateOnly> _holidays;
    private readonly HashSet<DateOnly> _makeUpDays;

    public BusinessCalendar(TimeZoneInfo zone, IEnumerable<WorkingHours> hours, IEnumerable<DateOnly> holidays, IEnumerable<DateOnly> makeUpDays)
    {
        Zone = zone;
        _week = hours.GroupBy(h => h.Day).ToDictionary(g => g.Key, g => g.Select(h => (h.Start, h.End)).OrderBy(p => p.Start).ToArray());
        _holidays = holidays.ToHashSet();
        _makeUpDays = makeUpDays.ToHashSet();
        if (_week.Count == 0 && _makeUpDays.Count == 0) throw new ArgumentException("A business calendar needs working hours.");
    }

    public TimeZoneInfo Zone { get; }

    /// <summary>Weekdays 09:00–18:00 in Asia/Shanghai, no holidays: what a new installation starts with.</summary>
    public static BusinessCalendar Standard(string timeZone = "Asia/Shanghai") => new(
        TimeZoneInfo.FindSystemTimeZoneById(timeZone),
        new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(d => new WorkingHours(d, new TimeOnly(9, 0), new TimeOnly(18, 0))),
        [], []);

    public IReadOnlyList<(TimeOnly Start, TimeOnly End)> HoursOn(DateOnly date)
    {
        if (_holidays.Contains(date)) return [];
        if (_makeUpDays.Contains(date))
            return _week.GetValueOrDefault(DayOfWeek.Monday) ?? _week.OrderBy(d => d.Key).First().Value;
        return _week.GetValueOrDefault(date.DayOfWeek) ?? [];
    }

    /// <summary>The working intervals (UTC) from the local day of <paramref name="from"/> onwards, clipped to start at it.</summary>
    public IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> WorkingIntervals(DateTimeOffset from)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, Zone).DateTime);
        for (var i = 0; i < MaxDaysSearched; i++, day = day.AddDays(1))
        {
            foreach (var (start, end) in HoursOn(day))
            {
                var s = ToUtc(day, start);
                var e = ToUtc(day, end);
                if (e <= from) continue;
                yield return (s < from ? from : s, e);
            }
        }
    }

    /// <summary>The moment when <paramref name="minutes"/> business minutes have passed since <paramref name="start"/>.</summary>
    public DateTimeOffset AddBusinessMinutes(DateTimeOffset start, double minutes)
    {
        start = start.ToUniversalTime();
        if (minutes <= 0) return start;
        var left = TimeSpan.FromMinutes(minutes);
        foreach (var (s, e) in WorkingIntervals(start))
        {
            var length = e - s;
            if (left <= length) return s + left;
            left -= length;
        }
        throw new InvalidOperationException("The calendar has no working time in the next three years.");
    }

    /// <summary>Business minutes between two moments (0 when <paramref name="to"/> is not after <paramref name="from"/>).</summary>
    public double BusinessMinutesBetween(DateTimeOffset from, DateTimeOffset to)
    {
        from = from.ToUniversalTime();
        to = to.ToUniversalTime();
        if (to <= from) return 0;
        var total = TimeSpan.Zero;
        foreach (var (s, e) in WorkingIntervals(from))
        {
            if (s >= to) break;
            total += (e < to ? e : to) - s;
        }
        return total.TotalMinutes;
    }

    /// <summary>A local wall-clock time on a day, as UTC. A time skipped by a daylight-saving jump moves forward by the gap.</summary>
    private DateTimeOffset ToUtc(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local)) local = local.AddHours(1);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
