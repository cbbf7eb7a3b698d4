namespace Csm.Modules.Reports.Rollups;

/// <summary>The time zone whose calendar days the rollups are kept in ("Reports:TimeZone", default Asia/Shanghai).</summary>
internal sealed class ReportingZone(TimeZoneInfo zone)
{
    public const string Default = "Asia/Shanghai";

    public TimeZoneInfo Zone { get; } = zone;

    public static DateOnly LocalDay(DateTimeOffset at, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);

    /// <summary>The instant a local day starts in the zone (the first valid local time when a DST gap swallows midnight).</summary>
    public static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(15);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    public static TimeZoneInfo? Find(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
}
