using Csm.Modules.Rules.Contracts;
using static Csm.Tests.Tickets.TicketKit;

namespace Csm.Tests.Tickets;

public sealed class RuleEscalationTests
{
    [Test]
    public async Task A_rule_escalation_raises_an_open_ticket_never_lowers_it_and_says_why_in_the_history()
    {
        await using var csm = await CsmFixture.StartAsync();
        await KnownCustomerAsync(csm, 5);
        var ticket = await OpenAsync(csm.Admin, 5, priority: "normal");
        await csm.PublishAsync(new TicketEscalationRequested(Id(ticket), 5, "urgent", "manager", "SLA breached on a VIP", "rule:7:70"));
        await csm.PublishAsync(new TicketEscalationRequested(Id(ticket), 5, "high", null, "later, milder rule", "rule:8:80"));

        var read = await (await csm.Admin.GetAsync($"/api/tickets/{Id(ticket)}").ExpectAsync(200)).NodeAsync();
        Assert.That(read["priority"]!.GetValue<string>(), Is.EqualTo("urgent"));
        var history = (await (await csm.Admin.GetAsync($"/api/tickets/{Id(ticket)}/history").ExpectAsync(200)).Content.ReadAsStringAsync());
        Assert.That(history, Does.Contain("rule:7:70").And.Contain("SLA breached on a VIP").And.Contain("rule:8:80"));
    }
}
