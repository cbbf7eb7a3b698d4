using Csm.Modules.Reports.Reporting;
using Csm.Modules.Reports.Rollups;

namespace Csm.Modules.Reports.Subscriptions;

/// <summary>The last whole day, ISO week (Monday to Sunday) or month before now in a time zone: what a subscription sends.</summary>
internal sealed record SubscriptionPeriod(DateOnly From, DateOnly To)
{
    public static readonly string[] Frequencies = ["daily", "weekly", "monthly"];

    /// <summary>The key a delivery is recorded under, one per subscription and recipient.</summary>
    public string Key => $"{From:yyyy-MM-dd}/{To:yyyy-MM-dd}";

    public string Label => From == To ? $"{From:yyyy-MM-dd}" : $"{From:yyyy-MM-dd} – {To:yyyy-MM-dd}";

    public static SubscriptionPeriod LastBefore(DateTimeOffset now, TimeZoneInfo zone, string frequency)
    {
        var today = ReportingZone.LocalDay(now, zone);
        var interval = frequency switch { "daily" => "day", "weekly" => "week", _ => "month" };
        var current = Periods.Start(today, interval);
        var previous = Periods.Start(current.AddDays(-1), interval);
        return new SubscriptionPeriod(previous, current.AddDays(-1));
    }
}
