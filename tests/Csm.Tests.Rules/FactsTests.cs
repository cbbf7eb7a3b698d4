using System.Text.Json.Nodes;
using Csm.Modules.Customers.Contracts;
using Csm.Modules.Surveys.Contracts;
using Csm.Modules.Tickets.Contracts;

namespace Csm.Tests.Rules;

/// <summary>The facts table follows the other modules' events: at least once, in any order, newest state wins.</summary>
public sealed class FactsTests
{
    private RulesWorld _world = null!;

    [OneTimeSetUp]
    public async Task Start() => _world = await RulesWorld.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _world.DisposeAsync();

    private async Task<JsonNode> FactsAsync(long customerId) =>
        (await (await _world.Admin.GetAsync($"/api/rules/customer-facts/{customerId}").ExpectAsync(200)).NodeAsync())["facts"]!;

    private TicketCreated Ticket(long id, long customerId, TicketKind kind = TicketKind.Repair) => new(id, $"T-{id}", customerId, "repair", kind,
        TicketChannel.Email, TicketPriority.Normal, "Broken", null, null, "accept", _world.Clock.GetUtcNow().AddHours(-1), null);

    private TicketResolved Resolved(long id, long customerId) => new(id, $"T-{id}", customerId, "repair", TicketKind.Repair, TicketPriority.Normal,
        TicketChannel.Email, null, null, _world.Clock.GetUtcNow().AddHours(-1), _world.Clock.GetUtcNow(), 10, 60, true, false, null, null);

    [Test]
    public async Task An_older_customer_version_arriving_late_does_not_overwrite_the_newer_one()
    {
        await _world.PublishAsync(RulesWorld.Customer(1, CustomerTier.Vip, tags: ["key", "north"], version: 3));
        await _world.PublishAsync(RulesWorld.Customer(1, CustomerTier.Prospect, tags: [], version: 2));
        var facts = await FactsAsync(1);
        Assert.That(facts["tier"]!.GetValue<string>(), Is.EqualTo("vip"));
        Assert.That(facts["tags"]!.AsArray().Select(t => t!.GetValue<string>()), Is.EqualTo(new[] { "key", "north" }));
    }

    [Test]
    public async Task A_ticket_announced_twice_or_resolved_before_its_creation_arrives_counts_once()
    {
        await _world.PublishAsync(RulesWorld.Customer(2));
        await _world.PublishAsync(Ticket(201, 2), Ticket(201, 2));
        await _world.PublishAsync(Resolved(202, 2));
        await _world.PublishAsync(Ticket(202, 2));
        await _world.PublishAsync(Ticket(203, 2, TicketKind.Task));
        var facts = await FactsAsync(2);
        Assert.That(facts["ticketsLast7Days"]!.GetValue<double>(), Is.EqualTo(2), "201 once, 202 once, the task not at all");
        Assert.That(facts["openTickets"]!.GetValue<double>(), Is.EqualTo(1), "202 stays resolved although its creation arrived later");
    }

    [Test]
    public async Task A_reopening_newer_than_a_late_resolution_keeps_the_ticket_open()
    {
        await _world.PublishAsync(RulesWorld.Customer(3), Ticket(301, 3));
        var now = _world.Clock.GetUtcNow();
        await _world.PublishAsync(new TicketReopened(301, 3, "diagnose", "agent.wu") { OccurredAt = now.AddMinutes(10) });
        await _world.PublishAsync(Resolved(301, 3) with { OccurredAt = now.AddMinutes(5) });
        Assert.That((await FactsAsync(3))["openTickets"]!.GetValue<double>(), Is.EqualTo(1));
        await _world.PublishAsync(new TicketClosed(301, 3, now.AddMinutes(20)));
        Assert.That((await FactsAsync(3))["openTickets"]!.GetValue<double>(), Is.Zero, "closed after the reopening");
    }

    [Test]
    public async Task The_newest_survey_answer_wins_whatever_order_answers_arrive_in()
    {
        await _world.PublishAsync(RulesWorld.Customer(4));
        var now = _world.Clock.GetUtcNow();
        SurveyResponded Answer(long id, int nps, DateTimeOffset at) => new(id, 1, 1, 4, "standard", Touchpoint.Service, nps, null, null, null, [],
            null, null, null, null, at, nps <= 6 ? FeedbackClass.Unhappy : FeedbackClass.Happy, null);
        await _world.PublishAsync(Answer(41, 9, now.AddDays(-1)));
        await _world.PublishAsync(Answer(40, 2, now.AddDays(-3)));
        var facts = await FactsAsync(4);
        Assert.That(facts["latestNps"]!.GetValue<double>(), Is.EqualTo(9));
        Assert.That(facts["latestFeedback"]!.GetValue<string>(), Is.EqualTo("happy"));
        Assert.That(facts["daysSinceLastSurvey"]!.GetValue<double>(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_run_of_answers_delivered_at_once_keeps_each_customers_newest_scores()
    {
        await _world.PublishAsync(RulesWorld.Customer(5), RulesWorld.Customer(6));
        var now = _world.Clock.GetUtcNow();
        SurveyResponded Answer(long id, long customerId, int? nps, int? csat, DateTimeOffset at) => new(id, 1, 1, customerId, "standard", Touchpoint.Service,
            nps, csat, null, null, [], null, null, null, null, at, nps <= 6 || csat <= 2 ? FeedbackClass.Unhappy : FeedbackClass.Happy, null);
        // One commit, one delivery: the facts handler takes the answers as a run, newest first and oldest last.
        await _world.PublishAsync(
            Answer(51, 5, 10, null, now.AddDays(-1)), Answer(61, 6, null, 2, now.AddDays(-2)),
            Answer(50, 5, 3, 4, now.AddDays(-5)), Answer(60, 6, 8, 5, now.AddDays(-6)));
        var five = await FactsAsync(5);
        Assert.That(five["latestNps"]!.GetValue<double>(), Is.EqualTo(10));
        Assert.That(five["latestCsat"]!.GetValue<double>(), Is.EqualTo(4), "an older answer still gives the CSAT the newer one lacks");
        Assert.That(five["latestFeedback"]!.GetValue<string>(), Is.EqualTo("happy"));
        Assert.That(five["daysSinceLastSurvey"]!.GetValue<double>(), Is.EqualTo(1));
        var six = await FactsAsync(6);
        Assert.That(six["latestNps"]!.GetValue<double>(), Is.EqualTo(8));
        Assert.That(six["latestCsat"]!.GetValue<double>(), Is.EqualTo(2));
        Assert.That(six["latestFeedback"]!.GetValue<string>(), Is.EqualTo("unhappy"));
        Assert.That(six["daysSinceLastSurvey"]!.GetValue<double>(), Is.EqualTo(2));
    }

    [Test]
    public async Task Contracts_orders_maintenance_and_custom_fields_become_facts()
    {
        var today = _world.Today;
        await _world.PublishAsync(RulesWorld.Customer(5, fields: new() { ["region"] = "north" }));
        await _world.PublishAsync(
            new ContractUpserted(51, 5, "C-51", today.AddYears(-1), today.AddDays(90), 1000m, "active"),
            new ContractUpserted(52, 5, "C-52", today.AddYears(-1), today.AddDays(12), 500m, "active"),
            new ContractUpserted(53, 5, "C-53", today.AddYears(-2), today.AddDays(-30), 700m, "expired"),
            new AssetUpserted(54, 5, "Boiler", null, null, today.AddDays(-2)),
            new OrderRecorded(55, 5, today.AddDays(-40), 99m, "filter"),
            new OrderRecorded(56, 5, today.AddDays(-10), 99m, "filter"),
            new OrderRecorded(56, 5, today.AddDays(-10), 99m, "filter"));
        var facts = await FactsAsync(5);
        Assert.That(facts["daysToContractEnd"]!.GetValue<double>(), Is.EqualTo(12));
        Assert.That(facts["activeContractValue"]!.GetValue<double>(), Is.EqualTo(1500));
        Assert.That(facts["daysToNextMaintenance"]!.GetValue<double>(), Is.EqualTo(-2), "overdue");
        Assert.That(facts["orderCount"]!.GetValue<double>(), Is.EqualTo(2), "the repeated order counts once");
        Assert.That(facts["daysSinceLastOrder"]!.GetValue<double>(), Is.EqualTo(10));
        Assert.That(facts["customFields.region"]!.GetValue<string>(), Is.EqualTo("north"));
    }

    [Test]
    public async Task An_erased_customer_leaves_the_facts_rules_read()
    {
        await _world.PublishAsync(RulesWorld.Customer(6, CustomerTier.Vip));
        await _world.PublishAsync(new CustomerErased(6));
        await _world.PublishAsync(RulesWorld.Customer(6, CustomerTier.Vip, version: 9));
        await _world.Admin.GetAsync("/api/rules/customer-facts/6").ExpectAsync(404);
    }
}
