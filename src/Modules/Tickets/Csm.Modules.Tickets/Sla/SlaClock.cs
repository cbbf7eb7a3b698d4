using Csm.Modules.Tickets.Calendars;

namespace Csm.Modules.Tickets.Sla;

/// <summary>
/// An SLA clock counts business minutes from a start, minus the business minutes spent waiting for the customer.
/// Pauses are kept as a running total, so a due time is the start plus the target plus every pause so far.
/// </summary>
internal static class SlaClock
{
    public static DateTimeOffset DueAt(BusinessCalendar calendar, DateTimeOffset startedAt, double targetMinutes, double pausedMinutes) =>
        calendar.AddBusinessMinutes(startedAt, targetMinutes + pausedMinutes);

    /// <summary>Business minutes the clock has run at <paramref name="now"/>; a running pause stops it at its start.</summary>
    public static double Elapsed(BusinessCalendar calendar, DateTimeOffset startedAt, DateTimeOffset now, double pausedMinutes, DateTimeOffset? pausedSince) =>
        Math.Max(0, calendar.BusinessMinutesBetween(startedAt, pausedSince ?? now) - pausedMinutes);
}
