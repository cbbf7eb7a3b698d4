using Csm.Modules.Customers.Contracts;
using static Csm.Tests.Tickets.TicketKit;

namespace Csm.Tests.Tickets;

public sealed class SlaPolicyApiTests
{
    [Test]
    public async Task A_new_policy_for_a_tier_applies_to_open_tickets_and_a_changed_target_moves_their_due_times()
    {
        await using var csm = await CsmFixture.StartAsync();
        await KnownCustomerAsync(csm, 3, CustomerTier.Vip);
        var manager = await csm.UserAsync("manager");
        var ticket = await OpenAsync(csm.Admin, 3, type: "repair");
        Assert.That(ticket["firstResponseDueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(new DateTimeOffset(2026, 3, 2, 13, 0, 0, TimeSpan.FromHours(8))));

        var policy = await (await manager.PostJsonAsync("/api/sla-policies", new
        {
            name = "VIP repair", typeCode = "repair", tier = "vip", firstResponseMinutes = 30, resolutionMinutes = 960, atRiskShare = 0.75,
            escalation = new[] { new { when = "breached", action = "reassignToSupervisor" } },
        }).ExpectAsync(201)).NodeAsync();
        Assert.That(policy["tier"]!.GetValue<string>(), Is.EqualTo("vip"));
        ticket = await (await csm.Admin.GetAsync($"/api/tickets/{Id(ticket)}").ExpectAsync(200)).NodeAsync();
        Assert.That(ticket["firstResponseDueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.FromHours(8))));
        // 960 business minutes from Monday 09:00 is Tuesday 16:00 on a 9-hour day.
        Assert.That(ticket["resolutionDueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(new DateTimeOffset(2026, 3, 3, 16, 0, 0, TimeSpan.FromHours(8))));

        await manager.PutJsonAsync($"/api/sla-policies/{policy["id"]}", new
        {
            name = "VIP repair", typeCode = "repair", tier = "vip", firstResponseMinutes = 90, resolutionMinutes = 960, isActive = true, version = 1,
        }).ExpectAsync(200);
        ticket = await (await csm.Admin.GetAsync($"/api/tickets/{Id(ticket)}").ExpectAsync(200)).NodeAsync();
        Assert.That(ticket["firstResponseDueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(new DateTimeOffset(2026, 3, 2, 10, 30, 0, TimeSpan.FromHours(8))));
        await manager.PutJsonAsync($"/api/sla-policies/{policy["id"]}", new
        {
            name = "stale", firstResponseMinutes = 90, resolutionMinutes = 960, isActive = true, version = 1,
        }).ExpectAsync(409);
    }

    [Test]
    public async Task A_policy_with_impossible_targets_or_unknown_references_is_refused_naming_the_field()
    {
        await using var csm = await CsmFixture.StartAsync();
        var targets = await (await csm.Admin.PostJsonAsync("/api/sla-policies", new { name = "x", firstResponseMinutes = 120, resolutionMinutes = 60, atRiskShare = 1.5 })
            .ExpectAsync(400)).NodeAsync();
        Assert.That(targets["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "resolutionMinutes", "atRiskShare" }));
        var type = await (await csm.Admin.PostJsonAsync("/api/sla-policies", new { name = "x", typeCode = "ghost", firstResponseMinutes = 10, resolutionMinutes = 60 })
            .ExpectAsync(400)).NodeAsync();
        Assert.That(type["errors"]!["typeCode"], Is.Not.Null);
        var calendar = await (await csm.Admin.PostJsonAsync("/api/sla-policies", new { name = "x", calendarId = 999, firstResponseMinutes = 10, resolutionMinutes = 60 })
            .ExpectAsync(400)).NodeAsync();
        Assert.That(calendar["errors"]!["calendarId"], Is.Not.Null);
        var step = await (await csm.Admin.PostJsonAsync("/api/sla-policies", new { name = "x", firstResponseMinutes = 10, resolutionMinutes = 60, escalation = new[] { new { when = "later", action = "notify" } } })
            .ExpectAsync(400)).NodeAsync();
        Assert.That(step["errors"]!.AsObject().Single().Key, Does.StartWith("escalation[0].when"));
        var agent = await csm.UserAsync("agent");
        await agent.PostJsonAsync("/api/sla-policies", new { name = "x", firstResponseMinutes = 10, resolutionMinutes = 60 }).ExpectAsync(403);
    }

    [Test]
    public async Task A_calendar_change_recomputes_the_due_times_of_open_tickets_on_it()
    {
        await using var csm = await CsmFixture.StartAsync();
        await KnownCustomerAsync(csm, 1);
        var ticket = await OpenAsync(csm.Admin, 1, type: "inquiry");
        Assert.That(ticket["firstResponseDueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(new DateTimeOffset(2026, 3, 2, 13, 0, 0, TimeSpan.FromHours(8))));
        var calendars = await (await csm.Admin.GetAsync("/api/calendars").ExpectAsync(200)).NodeAsync();
        var standard = calendars["items"]![0]!;
        // Monday 2 March becomes a holiday: the four business hours start on Tuesday.
        await csm.Admin.PutJsonAsync($"/api/calendars/{standard["id"]}", new
        {
            name = standard["name"]!.GetValue<string>(), timeZone = "Asia/Shanghai", weeklyHours = standard["weeklyHours"],
            holidays = new[] { "2026-03-02" }, isDefault = true, version = 1,
        }).ExpectAsync(200);
        ticket = await (await csm.Admin.GetAsync($"/api/tickets/{Id(ticket)}").ExpectAsync(200)).NodeAsync();
        Assert.That(ticket["firstResponseDueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(new DateTimeOffset(2026, 3, 3, 13, 0, 0, TimeSpan.FromHours(8))));
    }
}

public sealed class PriorityChangeTests
{
    [Test]
    public async Task Raising_a_tickets_priority_to_urgent_moves_it_under_the_urgent_policy()
    {
        await using var csm = await CsmFixture.StartAsync();
        await TicketKit.KnownCustomerAsync(csm, 1);
        var ticket = await TicketKit.OpenAsync(csm.Admin, 1, type: "inquiry");
        Assert.That(ticket["firstResponseDueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(new DateTimeOffset(2026, 3, 2, 13, 0, 0, TimeSpan.FromHours(8))));
        ticket = await (await csm.Admin.PutJsonAsync($"/api/tickets/{TicketKit.Id(ticket)}", new { priority = "urgent", subject = "Line down", version = TicketKit.Version(ticket) })
            .ExpectAsync(200)).NodeAsync();
        // The shipped Urgent policy: first response within 30 business minutes.
        Assert.That(ticket["firstResponseDueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.FromHours(8))));
        Assert.That(ticket["subject"]!.GetValue<string>(), Is.EqualTo("Line down"));
        var bad = await (await csm.Admin.PutJsonAsync($"/api/tickets/{TicketKit.Id(ticket)}", new { priority = "whenever", subject = "x", version = 2 }).ExpectAsync(400)).NodeAsync();
        Assert.That(bad["errors"]!["priority"], Is.Not.Null);
        await csm.Admin.PutJsonAsync($"/api/tickets/{TicketKit.Id(ticket)}", new { priority = "low", subject = "x", version = 1 }).ExpectAsync(409);
    }
}
