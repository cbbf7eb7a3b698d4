using Csm.Modules.Tickets.Calendars;
using Csm.Modules.Tickets.Sla;

namespace Csm.Tests.Tickets;

public sealed class BusinessCalendarTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private static DateTimeOffset Bj(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, Beijing);

    private static BusinessCalendar Standard(IEnumerable<DateOnly>? holidays = null, IEnumerable<DateOnly>? makeUp = null, string zone = "Asia/Shanghai") => new(
        TimeZoneInfo.FindSystemTimeZoneById(zone),
        new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(d => new WorkingHours(d, new TimeOnly(9, 0), new TimeOnly(18, 0))),
        holidays ?? [], makeUp ?? []);

    [Test]
    public void Minutes_within_one_working_day_are_added_as_they_are()
    {
        // 2026-03-02 is a Monday.
        Assert.That(Standard().AddBusinessMinutes(Bj(3, 2, 10), 90), Is.EqualTo(Bj(3, 2, 11, 30)));
    }

    [Test]
    public void Time_after_closing_carries_over_the_night_to_the_next_morning()
    {
        var calendar = Standard();
        Assert.That(calendar.AddBusinessMinutes(Bj(3, 2, 17), 120), Is.EqualTo(Bj(3, 3, 10)));
        Assert.That(calendar.BusinessMinutesBetween(Bj(3, 2, 17), Bj(3, 3, 10)), Is.EqualTo(120));
    }

    [Test]
    public void A_ticket_opened_at_night_starts_its_clock_at_opening_time()
    {
        Assert.That(Standard().AddBusinessMinutes(Bj(3, 2, 23), 60), Is.EqualTo(Bj(3, 3, 10)));
        Assert.That(Standard().BusinessMinutesBetween(Bj(3, 2, 19), Bj(3, 3, 8, 59)), Is.Zero);
    }

    [Test]
    public void A_weekend_is_skipped()
    {
        // Friday 2026-03-06 16:00 plus 4 business hours: 2 on Friday, 2 on Monday.
        var calendar = Standard();
        Assert.That(calendar.AddBusinessMinutes(Bj(3, 6, 16), 240), Is.EqualTo(Bj(3, 9, 11)));
        Assert.That(calendar.BusinessMinutesBetween(Bj(3, 6, 16), Bj(3, 9, 11)), Is.EqualTo(240));
    }

    [Test]
    public void A_public_holiday_is_not_working_time()
    {
        // Labour Day 2026-05-01 is a Friday.
        var calendar = Standard(holidays: [new DateOnly(2026, 5, 1)]);
        Assert.That(calendar.AddBusinessMinutes(Bj(4, 30, 17), 120), Is.EqualTo(Bj(5, 4, 10)));
        Assert.That(calendar.BusinessMinutesBetween(Bj(4, 30, 17), Bj(5, 4, 10)), Is.EqualTo(120));
    }

    [Test]
    public void A_make_up_working_Saturday_counts_as_a_working_day()
    {
        // 调休: Saturday 2026-05-09 is worked with Monday's hours.
        var calendar = Standard(makeUp: [new DateOnly(2026, 5, 9)]);
        Assert.That(calendar.AddBusinessMinutes(Bj(5, 8, 17), 120), Is.EqualTo(Bj(5, 9, 10)));
        Assert.That(Standard().AddBusinessMinutes(Bj(5, 8, 17), 120), Is.EqualTo(Bj(5, 11, 10)));
    }

    [Test]
    public void Working_hours_are_read_in_the_calendars_time_zone_not_in_utc()
    {
        // 2026-03-01 23:30 UTC is already Monday 07:30 in Beijing: work starts 90 minutes later, 01:00 UTC.
        var lateSundayUtc = new DateTimeOffset(2026, 3, 1, 23, 30, 0, TimeSpan.Zero);
        var calendar = Standard();
        Assert.That(calendar.AddBusinessMinutes(lateSundayUtc, 30), Is.EqualTo(new DateTimeOffset(2026, 3, 2, 1, 30, 0, TimeSpan.Zero)));
        Assert.That(calendar.BusinessMinutesBetween(lateSundayUtc, lateSundayUtc.AddHours(3)), Is.EqualTo(90));
    }

    [Test]
    public void A_daylight_saving_change_keeps_local_opening_hours()
    {
        // London moves to summer time on Sunday 2026-03-29: Monday 09:00 local is 08:00 UTC, Friday's was 09:00 UTC.
        var london = Standard(zone: "Europe/London");
        var fridayAfternoon = new DateTimeOffset(2026, 3, 27, 17, 0, 0, TimeSpan.Zero);
        Assert.That(london.AddBusinessMinutes(fridayAfternoon, 120), Is.EqualTo(new DateTimeOffset(2026, 3, 30, 9, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public void Waiting_for_the_customer_moves_the_due_time_by_the_business_minutes_of_the_pause()
    {
        var calendar = Standard();
        var opened = Bj(3, 2, 9);
        var dueWithoutPause = SlaClock.DueAt(calendar, opened, 8 * 60, 0);
        Assert.That(dueWithoutPause, Is.EqualTo(Bj(3, 2, 17)));

        // Waiting from Monday 11:00 to Tuesday 10:00 is 7 + 1 = 8 business hours (the night does not count).
        var paused = calendar.BusinessMinutesBetween(Bj(3, 2, 11), Bj(3, 3, 10));
        Assert.That(paused, Is.EqualTo(480));
        Assert.That(SlaClock.DueAt(calendar, opened, 8 * 60, paused), Is.EqualTo(Bj(3, 3, 16)));
        Assert.That(SlaClock.Elapsed(calendar, opened, Bj(3, 3, 12), paused, pausedSince: null), Is.EqualTo(240));
        Assert.That(SlaClock.Elapsed(calendar, opened, Bj(3, 3, 12), 0, pausedSince: Bj(3, 2, 11)), Is.EqualTo(120));
    }

    [Test]
    public void Split_shifts_with_a_lunch_break_count_only_the_shifts()
    {
        var calendar = new BusinessCalendar(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"),
            [new WorkingHours(DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(12, 0)), new WorkingHours(DayOfWeek.Monday, new TimeOnly(13, 0), new TimeOnly(18, 0))],
            [], []);
        Assert.That(calendar.AddBusinessMinutes(Bj(3, 2, 11), 120), Is.EqualTo(Bj(3, 2, 14)));
        Assert.That(calendar.AddBusinessMinutes(Bj(3, 2, 17), 120), Is.EqualTo(Bj(3, 9, 10)));
    }
}
