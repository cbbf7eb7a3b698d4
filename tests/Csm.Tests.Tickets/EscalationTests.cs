using Csm.Modules.Customers.Contracts;
using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Jobs;
using Microsoft.Extensions.DependencyInjection;
using static Csm.Tests.Tickets.TicketKit;

namespace Csm.Tests.Tickets;

public sealed class EscalationTests
{
    private static async Task<int> ScanAsync(CsmFixture csm)
    {
        await using var scope = csm.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EscalationScan>().RunAsync();
    }

    [Test]
    public async Task A_breach_on_a_vip_customers_complaint_escalates_to_the_supervisor_exactly_once()
    {
        await using var csm = await CsmFixture.StartAsync();
        await csm.UserAsync("agent", "zhao.lei", team: "desk");
        await csm.UserAsync("manager", "chen.jing", team: "desk");
        await KnownCustomerAsync(csm, 8, CustomerTier.Vip);
        var ticket = await OpenAsync(csm.Admin, 8, type: "complaint", assignment: new { mode = "person", assignee = "zhao.lei" });
        Assert.That(await ScanAsync(csm), Is.Zero);

        // 48 of the 60 business minutes to first response: at risk (80%).
        csm.Clock.Advance(TimeSpan.FromMinutes(48));
        Assert.That(await ScanAsync(csm), Is.GreaterThan(0));
        Assert.That(await ScanAsync(csm), Is.Zero);
        var atRisk = (await EventsAsync<SlaAtRisk>(csm)).Where(e => e.Target == SlaTarget.FirstResponse).ToList();
        Assert.That(atRisk, Has.Count.EqualTo(1));
        Assert.That(atRisk[0].Assignee, Is.EqualTo("zhao.lei"));
        Assert.That(await EventsAsync<SlaBreached>(csm), Is.Empty);

        csm.Clock.Advance(TimeSpan.FromMinutes(13));
        Assert.That(await ScanAsync(csm), Is.GreaterThan(0));
        Assert.That(await ScanAsync(csm), Is.Zero);
        var breached = (await EventsAsync<SlaBreached>(csm)).Where(e => e.Target == SlaTarget.FirstResponse).ToList();
        Assert.That(breached, Has.Count.EqualTo(1));
        Assert.That(breached[0].DueAt, Is.EqualTo(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(8))));

        var admin = await csm.SignInAsync("admin", CsmFixture.AdminPassword);
        var now = await (await admin.GetAsync($"/api/tickets/{Id(ticket)}").ExpectAsync(200)).NodeAsync();
        Assert.That(now["assignee"]!.GetValue<string>(), Is.EqualTo("chen.jing"));
        Assert.That(now["priority"]!.GetValue<string>(), Is.EqualTo("urgent"));
        Assert.That(now["slaState"]!.GetValue<string>(), Is.EqualTo("breached"));
        var reassigned = (await EventsAsync<TicketAssigned>(csm)).Single();
        Assert.That(reassigned, Has.Property("PreviousAssignee").EqualTo("zhao.lei").And.Property("Assignee").EqualTo("chen.jing"));
        var history = await (await admin.GetAsync($"/api/tickets/{Id(ticket)}/history").ExpectAsync(200)).NodeAsync();
        Assert.That(history.AsArray().Count(h => h!["action"]!.GetValue<string>() == "escalated"), Is.EqualTo(1));
    }

    [Test]
    public async Task Two_overlapping_scans_raise_each_event_once()
    {
        await using var csm = await CsmFixture.StartAsync();
        await KnownCustomerAsync(csm, 1);
        for (var i = 0; i < 20; i++) await OpenAsync(csm.Admin, 1, type: "inquiry");
        csm.Clock.Advance(TimeSpan.FromDays(3));
        var counts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => ScanAsync(csm))));
        Assert.That(await ScanAsync(csm), Is.Zero);
        // Each ticket breached first response, resolution and the accept stage: 3 events per ticket, no more.
        Assert.That(counts.Sum(), Is.EqualTo(60));
        var breached = await EventsAsync<SlaBreached>(csm);
        Assert.That(breached, Has.Count.EqualTo(60));
        Assert.That(breached.GroupBy(b => (b.TicketId, b.Target)).All(g => g.Count() == 1), Is.True);
        Assert.That(await EventsAsync<SlaAtRisk>(csm), Is.Empty, "tickets already past due skip the at-risk warning");
    }

    [Test]
    public async Task A_ticket_waiting_for_the_customer_is_not_escalated()
    {
        await using var csm = await CsmFixture.StartAsync();
        await KnownCustomerAsync(csm, 1);
        var ticket = await OpenAsync(csm.Admin, 1, type: "inquiry");
        await csm.Admin.PutJsonAsync($"/api/tickets/{Id(ticket)}/waiting-for-customer", new { waiting = true, version = Version(ticket) }).ExpectAsync(200);
        csm.Clock.Advance(TimeSpan.FromDays(5));
        Assert.That(await ScanAsync(csm), Is.Zero);
    }
}
