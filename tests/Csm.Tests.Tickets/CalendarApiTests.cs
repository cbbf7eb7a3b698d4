using System.Text.Json.Nodes;

namespace Csm.Tests.Tickets;

public sealed class CalendarApiTests
{
    private static object Week(params object[] extra) => new
    {
        name = "Shanghai service desk",
        timeZone = "Asia/Shanghai",
        weeklyHours = new[] { "monday", "tuesday", "wednesday", "thursday", "friday" }
            .Select(d => (object)new { day = d, start = "09:00", end = "12:00" })
            .Concat(new[] { "monday", "tuesday", "wednesday", "thursday", "friday" }.Select(d => (object)new { day = d, start = "13:00", end = "18:00" }))
            .Concat(extra).ToArray(),
        holidays = new[] { "2026-05-01" },
        makeUpDays = new[] { "2026-05-09" },
        isDefault = false,
    };

    [Test]
    public async Task A_manager_defines_a_calendar_and_reads_it_back()
    {
        await using var csm = await CsmFixture.StartAsync();
        var manager = await csm.UserAsync("manager");
        var created = await (await manager.PostJsonAsync("/api/calendars", Week()).ExpectAsync(201)).NodeAsync();
        var id = created["id"]!.GetValue<long>();

        var read = await (await manager.GetAsync($"/api/calendars/{id}").ExpectAsync(200)).NodeAsync();
        Assert.That(read["timeZone"]!.GetValue<string>(), Is.EqualTo("Asia/Shanghai"));
        Assert.That(read["weeklyHours"]!.AsArray(), Has.Count.EqualTo(10));
        Assert.That(read["holidays"]![0]!.GetValue<string>(), Is.EqualTo("2026-05-01"));
        Assert.That(read["makeUpDays"]![0]!.GetValue<string>(), Is.EqualTo("2026-05-09"));

        var list = await (await manager.GetAsync("/api/calendars").ExpectAsync(200)).NodeAsync();
        Assert.That(list["items"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()),
            Is.EquivalentTo(new[] { "Standard working week (Asia/Shanghai)", "Shanghai service desk" }));
    }

    [Test]
    public async Task Holidays_and_make_up_days_keep_their_names()
    {
        await using var csm = await CsmFixture.StartAsync();
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Week(), Json.Options))!.AsObject();
        body["dayNames"] = new JsonObject { ["2026-05-01"] = "劳动节", ["2026-05-09"] = "劳动节调休" };
        var created = await (await csm.Admin.PostJsonAsync("/api/calendars", body).ExpectAsync(201)).NodeAsync();

        var read = await (await csm.Admin.GetAsync($"/api/calendars/{created["id"]}").ExpectAsync(200)).NodeAsync();
        Assert.That(read["dayNames"]!["2026-05-01"]!.GetValue<string>(), Is.EqualTo("劳动节"));
        Assert.That(read["dayNames"]!["2026-05-09"]!.GetValue<string>(), Is.EqualTo("劳动节调休"));
    }

    [Test]
    public async Task A_name_for_a_day_that_is_neither_a_holiday_nor_a_make_up_day_is_refused_naming_the_day()
    {
        await using var csm = await CsmFixture.StartAsync();
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Week(), Json.Options))!.AsObject();
        body["dayNames"] = new JsonObject { ["2026-05-01"] = "劳动节", ["2026-06-01"] = "儿童节", ["2026-05-09"] = " " };
        var problem = await (await csm.Admin.PostJsonAsync("/api/calendars", body).ExpectAsync(400)).NodeAsync();
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "dayNames.2026-06-01", "dayNames.2026-05-09" }));
    }

    [Test]
    public async Task A_calendar_edit_with_a_stale_version_is_refused()
    {
        await using var csm = await CsmFixture.StartAsync();
        var created = await (await csm.Admin.PostJsonAsync("/api/calendars", Week()).ExpectAsync(201)).NodeAsync();
        var id = created["id"]!.GetValue<long>();
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Week(), Json.Options))!.AsObject();
        body["version"] = 1;
        await csm.Admin.PutJsonAsync($"/api/calendars/{id}", body).ExpectAsync(200);
        var stale = await (await csm.Admin.PutJsonAsync($"/api/calendars/{id}", body).ExpectAsync(409)).NodeAsync();
        Assert.That(stale["currentVersion"]!.GetValue<long>(), Is.EqualTo(2));
    }

    [Test]
    public async Task Working_hours_that_overlap_are_refused_naming_the_hours()
    {
        await using var csm = await CsmFixture.StartAsync();
        var problem = await (await csm.Admin.PostJsonAsync("/api/calendars", Week(new { day = "monday", start = "11:00", end = "14:00" })).ExpectAsync(400)).NodeAsync();
        Assert.That(problem["errors"]!["weeklyHours[10]"]![0]!.GetValue<string>(), Does.Contain("overlap"));
    }

    [Test]
    public async Task Working_hours_that_end_before_they_start_are_refused()
    {
        await using var csm = await CsmFixture.StartAsync();
        var problem = await (await csm.Admin.PostJsonAsync("/api/calendars", Week(new { day = "saturday", start = "18:00", end = "09:00" })).ExpectAsync(400)).NodeAsync();
        Assert.That(problem["errors"]!["weeklyHours[10].end"]![0]!.GetValue<string>(), Does.Contain("end after they start"));
    }

    [Test]
    public async Task A_holiday_list_with_a_bad_date_is_refused_naming_the_date()
    {
        await using var csm = await CsmFixture.StartAsync();
        var body = new { name = "x", timeZone = "Asia/Shanghai", weeklyHours = new[] { new { day = "monday", start = "09:00", end = "18:00" } }, holidays = new[] { "2026-10-01", "2026-02-30" }, isDefault = false };
        var problem = await (await csm.Admin.PostJsonAsync("/api/calendars", body).ExpectAsync(400)).NodeAsync();
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "holidays[1]" }));
    }

    [Test]
    public async Task An_unknown_time_zone_and_an_unknown_weekday_are_refused()
    {
        await using var csm = await CsmFixture.StartAsync();
        var zone = await (await csm.Admin.PostJsonAsync("/api/calendars", new { name = "x", timeZone = "Mars/Olympus", weeklyHours = new[] { new { day = "monday", start = "09:00", end = "18:00" } }, isDefault = false }).ExpectAsync(400)).NodeAsync();
        Assert.That(zone["errors"]!["timeZone"], Is.Not.Null);
        var day = await (await csm.Admin.PostJsonAsync("/api/calendars", new { name = "x", timeZone = "Asia/Shanghai", weeklyHours = new[] { new { day = "caturday", start = "09:00", end = "18:00" } }, isDefault = false }).ExpectAsync(400)).NodeAsync();
        Assert.That(day["errors"]!.AsObject().Single().Key, Does.StartWith("weeklyHours[0].day"));
    }

    [Test]
    public async Task Agents_cannot_change_calendars()
    {
        await using var csm = await CsmFixture.StartAsync();
        var agent = await csm.UserAsync("agent");
        await agent.PostJsonAsync("/api/calendars", Week()).ExpectAsync(403);
        await agent.GetAsync("/api/calendars").ExpectAsync(200);
    }
}
