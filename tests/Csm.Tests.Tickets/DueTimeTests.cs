using Csm.Modules.Rules.Contracts;
using Csm.Modules.Tickets.Jobs;
using Microsoft.Extensions.DependencyInjection;
using static Csm.Tests.Tickets.TicketKit;

namespace Csm.Tests.Tickets;

/// <summary>Due times follow every change that moves them: a wait inside a stage, an escalation's priority raise, a rule's.</summary>
public sealed class DueTimeTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private static DateTimeOffset Due(System.Text.Json.Nodes.JsonNode ticket, string field) => ticket[field]!.GetValue<DateTimeOffset>();

    [Test]
    public async Task A_stage_time_limit_excludes_the_wait_for_the_customer_and_restarts_with_the_next_stage()
    {
        await using var csm = await CsmFixture.StartAsync();
        await KnownCustomerAsync(csm, 1);
        // Monday 09:00; the Repair accept stage has 60 business minutes.
        var ticket = await OpenAsync(csm.Admin, 1, type: "repair");
        Assert.That(Due(ticket, "stageDueAt"), Is.EqualTo(new DateTimeOffset(2026, 3, 2, 10, 0, 0, Beijing)));

        csm.Clock.Advance(TimeSpan.FromMinutes(10));
        ticket = await (await csm.Admin.PutJsonAsync($"/api/tickets/{Id(ticket)}/waiting-for-customer", new { waiting = true, version = Version(ticket) }).ExpectAsync(200)).NodeAsync();
        Assert.That(ticket["stageDueAt"], Is.Null, "the stage clock stops while waiting");
        csm.Clock.Advance(TimeSpan.FromMinutes(60));
        ticket = await (await csm.Admin.PutJsonAsync($"/api/tickets/{Id(ticket)}/waiting-for-customer", new { waiting = false, version = Version(ticket) }).ExpectAsync(200)).NodeAsync();
        // 60 minutes of waiting push the stage's limit from 10:00 to 11:00, as they push the resolution clock.
        Assert.That(Due(ticket, "stageDueAt"), Is.EqualTo(new DateTimeOffset(2026, 3, 2, 11, 0, 0, Beijing)));

        // The diagnose stage (240 minutes) starts at 10:10 with none of the accept stage's waits.
        ticket = await MoveAsync(csm.Admin, ticket, "diagnose");
        Assert.That(Due(ticket, "stageDueAt"), Is.EqualTo(new DateTimeOffset(2026, 3, 2, 14, 10, 0, Beijing)));
    }

    [Test]
    public async Task An_escalation_step_that_raises_the_priority_moves_the_ticket_under_the_higher_prioritys_policy()
    {
        await using var csm = await CsmFixture.StartAsync();
        await KnownCustomerAsync(csm, 1);
        var manager = await csm.UserAsync("manager");
        await manager.PostJsonAsync("/api/sla-policies", new
        {
            name = "Normal inquiry", typeCode = "inquiry", priority = "normal", firstResponseMinutes = 120, resolutionMinutes = 1440,
            escalation = new[] { new { when = "atRisk", action = "raisePriority" } },
        }).ExpectAsync(201);
        await manager.PostJsonAsync("/api/sla-policies", new { name = "High inquiry", typeCode = "inquiry", priority = "high", firstResponseMinutes = 60, resolutionMinutes = 600 })
            .ExpectAsync(201);
        var ticket = await OpenAsync(csm.Admin, 1, type: "inquiry");
        // 1,440 business minutes from Monday 09:00 on a 9-hour day: Wednesday 15:00.
        Assert.That(Due(ticket, "resolutionDueAt"), Is.EqualTo(new DateTimeOffset(2026, 3, 4, 15, 0, 0, Beijing)));

        csm.Clock.Advance(TimeSpan.FromMinutes(96)); // 80% of the 120-minute first response
        await using (var scope = csm.Services.CreateAsyncScope())
            Assert.That(await scope.ServiceProvider.GetRequiredService<EscalationScan>().RunAsync(), Is.GreaterThan(0));

        ticket = await (await csm.Admin.GetAsync($"/api/tickets/{Id(ticket)}").ExpectAsync(200)).NodeAsync();
        Assert.That(ticket["priority"]!.GetValue<string>(), Is.EqualTo("high"));
        // Under the High policy: 600 business minutes from Monday 09:00 is Tuesday 10:00; first response was due at 10:00.
        Assert.That(Due(ticket, "resolutionDueAt"), Is.EqualTo(new DateTimeOffset(2026, 3, 3, 10, 0, 0, Beijing)));
        Assert.That(Due(ticket, "firstResponseDueAt"), Is.EqualTo(new DateTimeOffset(2026, 3, 2, 10, 0, 0, Beijing)));
    }

    [Test]
    public async Task A_rule_raising_the_priority_moves_the_tickets_due_times_under_the_urgent_policy()
    {
        await using var csm = await CsmFixture.StartAsync();
        await KnownCustomerAsync(csm, 5);
        var ticket = await OpenAsync(csm.Admin, 5, priority: "normal");
        Assert.That(Due(ticket, "firstResponseDueAt"), Is.EqualTo(new DateTimeOffset(2026, 3, 2, 13, 0, 0, Beijing)));
        await csm.PublishAsync(new TicketEscalationRequested(Id(ticket), 5, "urgent", "manager", "VIP waiting", "rule:7:70"));

        ticket = await (await csm.Admin.GetAsync($"/api/tickets/{Id(ticket)}").ExpectAsync(200)).NodeAsync();
        // The shipped Urgent policy: 30 minutes to first response, 240 to resolution.
        Assert.That(Due(ticket, "firstResponseDueAt"), Is.EqualTo(new DateTimeOffset(2026, 3, 2, 9, 30, 0, Beijing)));
        Assert.That(Due(ticket, "resolutionDueAt"), Is.EqualTo(new DateTimeOffset(2026, 3, 2, 13, 0, 0, Beijing)));
    }
}
