using System.Globalization;

namespace Csm.Modules.Reports.Reporting;

/// <summary>One bar of a trend: a day, ISO week (Monday first), month or quarter, clipped to the asked range.</summary>
internal sealed record Period(string Label, DateOnly Start, DateOnly End);

internal static class Periods
{
    public static DateOnly Start(DateOnly day, string interval) => interval switch
    {
        "day" => day,
        "week" => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        "month" => new DateOnly(day.Year, day.Month, 1),
        _ => new DateOnly(day.Year, (day.Month - 1) / 3 * 3 + 1, 1),
    };

    public static DateOnly Next(DateOnly start, string interval) => interval switch
    {
        "day" => start.AddDays(1),
        "week" => start.AddDays(7),
        "month" => start.AddMonths(1),
        _ => start.AddMonths(3),
    };

    public static string Label(DateOnly start, string interval) => interval switch
    {
        "day" => start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        "week" => $"{ISOWeek.GetYear(start.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(start.ToDateTime(TimeOnly.MinValue)):D2}",
        "month" => start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        _ => $"{start.Year}-Q{(start.Month - 1) / 3 + 1}",
    };

    /// <summary>The periods covering from..to, the first and last clipped to the range.</summary>
    public static IReadOnlyList<Period> Between(DateOnly from, DateOnly to, string interval)
    {
        var periods = new List<Period>();
        for (var start = Start(from, interval); start <= to; start = Next(start, interval))
        {
            var end = Next(start, interval).AddDays(-1);
            periods.Add(new Period(Label(start, interval), start < from ? from : start, end > to ? to : end));
        }
        return periods;
    }

    /// <summary>The whole period just before the one that holds <paramref name="day"/>, for the first bar's change.</summary>
    public static Period Before(DateOnly day, string interval)
    {
        var start = Start(Start(day, interval).AddDays(-1), interval);
        return new Period(Label(start, interval), start, Next(start, interval).AddDays(-1));
    }
}
