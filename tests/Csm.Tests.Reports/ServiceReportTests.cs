using Csm.Modules.Tickets.Contracts;
using static Csm.Tests.Reports.ReportsApi;
using static Csm.Tests.Reports.Tickets;

namespace Csm.Tests.Reports;

public sealed class ServiceReportTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 0, 0, Beijing);

    private static async Task<CsmFixture> ThreeTicketsAsync()
    {
        // The clock stands a week later so the open ticket has an age (and sign-in tokens stay fresh).
        var csm = await CsmFixture.StartAsync(clock: Clocks.At(Monday.AddDays(8)));
        var quick = Created(1, Monday);
        var handedOver = Created(2, Monday.AddHours(1), team: "south", assignee: "wang");
        var waiting = Created(3, Monday.AddHours(2));
        var task = Created(4, Monday, kind: TicketKind.Task);
        await csm.PublishAsync(quick, handedOver, waiting, task,
            new TicketFirstResponded(1, 1, Monday.AddMinutes(30), 30),
            new TicketFirstResponded(2, 1, Monday.AddHours(3), 120),
            new TicketAssigned(2, 1, "zhao", "south", "wang"),
            new SlaBreached(2, 1, SlaTarget.Resolution, Monday.AddDays(2), "zhao"),
            Resolved(quick, Monday.AddDays(1), 600, firstResponseMinutes: 30),
            Resolved(handedOver, Monday.AddDays(2), 1500, slaMet: false, firstResponseMinutes: 120),
            new TicketReopened(2, 1, "diagnose", "zhao"),
            Resolved(handedOver, Monday.AddDays(3), 1800, slaMet: false, wasReopened: true, assignee: "zhao"),
            new TicketStageChanged(3, 1, "accept", "diagnose", "li"),
            Resolved(task, Monday.AddHours(5), 60));
        return csm;
    }

    [Test]
    public async Task Service_figures_count_resolution_sla_reopens_first_contact_escalations_and_backlog()
    {
        await using var csm = await ThreeTicketsAsync();
        var report = await csm.Admin.ReportAsync("/api/reports/service?from=2026-03-01&to=2026-03-31");
        var all = report["groups"]![0]!;
        var total = all["total"]!;
        Assert.Multiple(() =>
        {
            Assert.That(total["created"]!.GetValue<long>(), Is.EqualTo(3), "the proactive task is not service");
            Assert.That(total["resolved"]!.GetValue<long>(), Is.EqualTo(2));
            Assert.That(total["resolutionRate"].Number(), Is.EqualTo(200.0 / 3).Within(1e-9));
            Assert.That(total["firstContactResolution"].Number(), Is.EqualTo(50), "the handed-over, reopened ticket was not settled at first contact");
            Assert.That(total["slaCompliance"].Number(), Is.EqualTo(50));
            Assert.That(total["reopenRate"].Number(), Is.EqualTo(50));
            Assert.That(total["escalations"]!.GetValue<long>(), Is.EqualTo(1));
            Assert.That(total["resolution"]!["n"]!.GetValue<long>(), Is.EqualTo(2));
            Assert.That(total["resolution"]!["mean"].Number(), Is.EqualTo(1200), "(600 + 1800) / 2: the reopened ticket counts with its last resolution");
            Assert.That(total["firstResponse"]!["mean"].Number(), Is.EqualTo(75));
            Assert.That(total["firstResponse"]!["median"].Number(), Is.EqualTo(30).Within(30 * 0.05));
            Assert.That(all["backlog"]!["open"]!.GetValue<long>(), Is.EqualTo(1));
            Assert.That(all["backlog"]!["byStage"]![0]!["stage"]!.GetValue<string>(), Is.EqualTo("diagnose"));
            Assert.That(all["backlog"]!["byAge"]!.AsArray().Single(a => a!["tickets"]!.GetValue<long>() == 1)!["age"]!.GetValue<string>(), Is.EqualTo("7to30Days"));
        });
    }

    [Test]
    public async Task Service_figures_split_by_team_and_agent()
    {
        await using var csm = await ThreeTicketsAsync();
        var byTeam = await csm.Admin.ReportAsync("/api/reports/service?from=2026-03-01&to=2026-03-31&groupBy=team");
        var teams = byTeam["groups"]!.AsArray().ToDictionary(g => g!["value"]!.GetValue<string>(), g => g!);
        Assert.That(teams["north"]["total"]!["slaCompliance"].Number(), Is.EqualTo(100));
        Assert.That(teams["south"]["total"]!["slaCompliance"].Number(), Is.EqualTo(0));
        Assert.That(teams["north"]["backlog"]!["open"]!.GetValue<long>(), Is.EqualTo(1));

        var byAgent = await csm.Admin.ReportAsync("/api/reports/service?from=2026-03-01&to=2026-03-31&groupBy=agent");
        var agents = byAgent["groups"]!.AsArray().Select(g => g!["value"]!.GetValue<string>()).ToList();
        Assert.That(agents, Is.EquivalentTo(new[] { "li", "zhao" }), "a handed-over ticket belongs to whoever holds it now");
    }

    [Test]
    public async Task A_duplicated_ticket_event_changes_nothing()
    {
        await using var csm = await ThreeTicketsAsync();
        var before = (await csm.Admin.ReportAsync("/api/reports/service?from=2026-03-01&to=2026-03-31&interval=day")).ToJsonString();
        var created = Created(1, Monday);
        await csm.PublishAsync(created, new TicketFirstResponded(1, 1, Monday.AddMinutes(30), 30), Resolved(created, Monday.AddDays(1), 600, firstResponseMinutes: 30),
            new SlaBreached(2, 1, SlaTarget.Resolution, Monday.AddDays(2), "zhao"));
        Assert.That((await csm.Admin.ReportAsync("/api/reports/service?from=2026-03-01&to=2026-03-31&interval=day")).ToJsonString(), Is.EqualTo(before));
    }
}
