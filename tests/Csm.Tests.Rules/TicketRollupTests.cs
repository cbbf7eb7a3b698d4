using Csm.BuildingBlocks.Data;
using Csm.Modules.Rules.Evaluation;
using Csm.Modules.Rules.Facts;
using Csm.Modules.Rules.Events;
using Csm.Modules.Tickets.Contracts;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.Tests.Rules;

/// <summary>
/// The ticket windows kept as columns (rolled forward once a day by the scheduled job, added to by the ticket
/// handlers) read the same as summing the ticket days: tickets age out of a window, enter the baseline, and arrive late.
/// </summary>
public sealed class TicketRollupTests
{
    private static readonly string[] TicketFacts = ["ticketsLast7Days", "ticketsLast30Days", "ticketsLast90Days", "weeklyTicketBaseline", "monthlyTicketBaseline"];

    private static TicketCreated Ticket(long id, long customerId, DateTimeOffset createdAt) => new(id, $"T-{id}", customerId, "repair", TicketKind.Repair,
        TicketChannel.Email, TicketPriority.Normal, "Broken", null, null, "accept", createdAt, null);

    /// <summary>The customer's ticket facts as rules read them (not over HTTP: the admin's token does not outlive the days the clock moves).</summary>
    private static async Task<IReadOnlyDictionary<string, object?>> FactsAsync(RulesWorld world, long customerId)
    {
        await using var scope = world.Csm.Services.CreateAsyncScope();
        var matcher = scope.ServiceProvider.GetRequiredService<RuleMatcher>();
        return (await matcher.MatchAsync(null, TicketFacts.Select(f => FactCatalog.Find(f)!), null, 1, customerId, default)).Single().Facts;
    }

    private static async Task<T> QueryAsync<T>(RulesWorld world, string sql, object? parameters = null)
    {
        await using var c = await world.Csm.Service<Db>().OpenAsync();
        return await c.QuerySingleAsync<T>(sql, parameters);
    }

    private static Task<DateOnly?> RolledOnAsync(RulesWorld world) => QueryAsync<DateOnly?>(world, "SELECT rolled_on FROM rul_ticket_rollup");

    private static Task<long> ColumnAsync(RulesWorld world, string column, long customerId) =>
        QueryAsync<long>(world, $"SELECT {column} FROM rul_customer_facts WHERE customer_id = @CustomerId", new { CustomerId = customerId });

    [Test]
    public async Task A_ticket_ages_out_of_the_last_7_days_into_the_weekly_baseline_when_the_day_turns()
    {
        await using var world = await RulesWorld.StartAsync();
        await world.PublishAsync(RulesWorld.Customer(1), Ticket(11, 1, world.Clock.GetUtcNow().AddDays(-6)));
        await world.RunScheduledAsync();
        Assert.That(await RolledOnAsync(world), Is.EqualTo(world.Today), "the scheduled job rolled the windows to today");
        Assert.That(await ColumnAsync(world, "tickets_7d", 1), Is.EqualTo(1));
        var facts = await FactsAsync(world, 1);
        Assert.That(facts["ticketsLast7Days"], Is.EqualTo(1), "6 days old: inside the last 7 days");
        Assert.That(facts["weeklyTicketBaseline"], Is.EqualTo(0));

        world.Clock.Advance(TimeSpan.FromDays(1));
        facts = await FactsAsync(world, 1);
        Assert.That(facts["ticketsLast7Days"], Is.EqualTo(0), "7 days old, before the roll-forward: the facts sum the ticket days");
        Assert.That(facts["weeklyTicketBaseline"], Is.EqualTo(1 / 26.0).Within(1e-9));

        await world.RunScheduledAsync();
        Assert.That(await RolledOnAsync(world), Is.EqualTo(world.Today));
        Assert.That((await ColumnAsync(world, "tickets_7d", 1), await ColumnAsync(world, "tickets_weekly_base", 1)), Is.EqualTo((0L, 1L)),
            "rolled forward: the ticket left the 7-day window and entered the baseline");
        facts = await FactsAsync(world, 1);
        Assert.That(facts["ticketsLast7Days"], Is.EqualTo(0));
        Assert.That(facts["ticketsLast30Days"], Is.EqualTo(1));
        Assert.That(facts["weeklyTicketBaseline"], Is.EqualTo(1 / 26.0).Within(1e-9));
    }

    [Test]
    public async Task The_baselines_count_the_weeks_and_months_before_the_recent_window_and_late_tickets_land_in_theirs()
    {
        await using var world = await RulesWorld.StartAsync();
        var now = world.Clock.GetUtcNow();
        // One ticket a week from 8 to 183 days ago: 26 weeks of baseline, none in the last 7 days.
        await world.PublishAsync([RulesWorld.Customer(2), .. Enumerable.Range(0, 26).Select(w => Ticket(100 + w, 2, now.AddDays(-8 - 7 * w)))]);
        await world.RunScheduledAsync();
        var facts = await FactsAsync(world, 2);
        Assert.That(facts["weeklyTicketBaseline"], Is.EqualTo(1).Within(1e-9));
        Assert.That(facts["ticketsLast7Days"], Is.EqualTo(0));

        // After the roll-forward: one today, one 100 days old arriving late, one 200 days old (only in the monthly baseline's span).
        await world.PublishAsync(Ticket(200, 2, now), Ticket(201, 2, now.AddDays(-100)), Ticket(202, 2, now.AddDays(-200)));
        Assert.That(await RolledOnAsync(world), Is.EqualTo(world.Today), "still today's rollup: the handlers added to the columns");
        facts = await FactsAsync(world, 2);
        Assert.That(facts["ticketsLast7Days"], Is.EqualTo(1));
        Assert.That(facts["weeklyTicketBaseline"], Is.EqualTo(27 / 26.0).Within(1e-9), "the 100-day-old ticket is in the 26 weeks");
        await AssertColumnsEqualSumsAsync(world);
    }

    [TestCase(4)]
    [TestCase(5)]
    public async Task Rolled_windows_equal_the_sums_of_ticket_days_as_days_pass_and_tickets_arrive(int seed)
    {
        await using var world = await RulesWorld.StartAsync();
        var random = new Random(seed);
        var events = ConditionPropertyTests.RandomWorld(random, world.Clock.GetUtcNow(), world.Today);
        await world.PublishAsync(events[..(events.Length / 2)]);
        await world.RunScheduledAsync();
        await AssertColumnsEqualSumsAsync(world);
        await world.PublishAsync(events[(events.Length / 2)..]);
        long ticketId = 10_000;
        foreach (var days in new[] { 1, 1, 3, 6, 25, 1, 60 })
        {
            world.Clock.Advance(TimeSpan.FromDays(days) + TimeSpan.FromMinutes(random.Next(600)));
            await world.PublishAsync(Enumerable.Range(0, 20).Select(_ =>
                (Csm.BuildingBlocks.Messaging.IntegrationEvent)Ticket(ticketId++, random.Next(1, 61), world.Clock.GetUtcNow().AddMinutes(-random.Next(240 * 1440)))).ToArray());
            await world.RunScheduledAsync();
            Assert.That(await RolledOnAsync(world), Is.EqualTo(world.Today));
            await AssertColumnsEqualSumsAsync(world);
        }
    }

    /// <summary>Every customer's ticket facts read from the columns equal the same facts summed over the ticket days.</summary>
    private static async Task AssertColumnsEqualSumsAsync(RulesWorld world)
    {
        var facts = TicketFacts.Select(f => FactCatalog.Find(f)!).ToList();
        async Task<List<string>> ReadAsync()
        {
            await using var scope = world.Csm.Services.CreateAsyncScope();
            var matches = await scope.ServiceProvider.GetRequiredService<RuleMatcher>().MatchAsync(null, facts, null, 1, null, default);
            return matches.Select(m => $"{m.CustomerId}: " + string.Join(" ", TicketFacts.Select(f => Match.Show(m.Facts[f])))).ToList();
        }
        var fromColumns = await ReadAsync();
        var rolledOn = await RolledOnAsync(world);
        await using var c = await world.Csm.Service<Db>().OpenAsync();
        await c.ExecuteAsync("UPDATE rul_ticket_rollup SET rolled_on = NULL");
        var summed = await ReadAsync();
        await c.ExecuteAsync("UPDATE rul_ticket_rollup SET rolled_on = @RolledOn", new { RolledOn = rolledOn });
        Assert.That(fromColumns, Is.EqualTo(summed));
        Assert.That(summed.Any(s => !s.EndsWith(": 0 0 0 0 0", StringComparison.Ordinal)), "some customer has tickets, so the comparison means something");
    }
}
