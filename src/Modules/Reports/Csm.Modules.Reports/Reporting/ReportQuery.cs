using System.Globalization;
using Csm.Modules.Reports.Rollups;

namespace Csm.Modules.Reports.Reporting;

/// <summary>
/// The query every report shares: an inclusive range of local dates, an interval, an optional group and a time zone.
/// Parsed by hand from strings, so a malformed value answers 400 naming its parameter instead of a binding failure.
/// </summary>
internal sealed record ReportQuery(DateOnly From, DateOnly To, string Interval, string GroupBy, TimeZoneInfo Zone, string TimeZone)
{
    public static readonly string[] Intervals = ["day", "week", "month", "quarter"];
    public const int MaxYears = 5;

    /// <summary>The same number of days just before From: what "the previous period" means for a change.</summary>
    public (DateOnly From, DateOnly To) Previous
    {
        get
        {
            var days = To.DayNumber - From.DayNumber + 1;
            return (From.AddDays(-days), From.AddDays(-1));
        }
    }

    public static ReportQuery? Parse(
        string? from, string? to, string? interval, string? groupBy, string? timeZone, IReadOnlyCollection<string> groups,
        ReportingZone reporting, TimeProvider clock, Dictionary<string, string[]> errors)
    {
        var zoneId = string.IsNullOrWhiteSpace(timeZone) ? reporting.Zone.Id : timeZone.Trim();
        var zone = ReportingZone.Find(zoneId);
        if (zone is null) errors["timeZone"] = [$"'{zoneId}' is not a known time zone; use an IANA name such as Asia/Shanghai."];
        var today = ReportingZone.LocalDay(clock.GetUtcNow(), zone ?? reporting.Zone);
        var toDay = Date(to, "to", errors) ?? today;
        var fromDay = Date(from, "from", errors) ?? Periods.Start(toDay, "quarter");
        if (!errors.ContainsKey("from") && !errors.ContainsKey("to"))
        {
            if (fromDay > toDay) errors["from"] = [$"from ({fromDay:yyyy-MM-dd}) must be on or before to ({toDay:yyyy-MM-dd})."];
            else if (toDay > fromDay.AddYears(MaxYears)) errors["to"] = [$"The range may span at most {MaxYears} years; ask for a shorter one."];
        }
        var every = string.IsNullOrWhiteSpace(interval) ? "month" : interval.Trim();
        if (!Intervals.Contains(every, StringComparer.Ordinal)) errors["interval"] = [$"Unknown interval '{every}'; use one of: {string.Join(", ", Intervals)}."];
        var group = string.IsNullOrWhiteSpace(groupBy) ? Measures.All : groupBy.Trim();
        if (group != Measures.All && !groups.Contains(group, StringComparer.Ordinal))
            errors["groupBy"] = [$"Unknown group '{group}'; use one of: {string.Join(", ", groups)}."];
        return errors.Count > 0 ? null : new ReportQuery(fromDay, toDay, every, group, zone!, zoneId);
    }

    private static DateOnly? Date(string? text, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        errors[name] = [$"'{text}' is not a date; write it as yyyy-MM-dd."];
        return null;
    }
}
