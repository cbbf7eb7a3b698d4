using System.Diagnostics;
using Csm.BuildingBlocks.Data;
using Csm.Modules.Rules.Evaluation;
using Csm.Modules.Rules.Facts;
using Csm.Modules.Rules.Events;
using Csm.Modules.Rules.Templates;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.Tests.Rules;

/// <summary>
/// 100,000 customers' facts, the six templates enabled: one full evaluation set-wise, against the same rules
/// evaluated one customer at a time (on a sample, extrapolated). Explicit: run it on purpose, on a quiet machine.
/// </summary>
[Explicit("benchmark: seeds 100,000 customers")]
[Category("Benchmark")]
public sealed class EvaluationBenchmark
{
    private const int Customers = 100_000;
    private const int Sample = 500;

    private static async Task SeedAsync(RulesWorld world)
    {
        var random = new Random(7);
        var now = world.Clock.GetUtcNow();
        var today = world.Today;
        await using var c = await world.Csm.Service<Db>().OpenAsync();
        await using var tx = await c.BeginTransactionAsync();
        var tiers = new[] { "vip", "standard", "standard", "standard", "prospect" };
        await c.ExecuteAsync(
            """
            INSERT INTO rul_customer_facts (customer_id, customer_version, name, tier, account_manager, email, tags, first_seen_at, last_interaction_at, nps, nps_at, last_survey_at)
            VALUES (@Id, 1, @Name, @Tier, @Am, @Email, '|', @FirstSeen, @Interaction, @Nps, @SurveyAt, @SurveyAt)
            """,
            Enumerable.Range(1, Customers).Select(i => new
            {
                Id = i, Name = $"Customer {i}", Tier = tiers[random.Next(tiers.Length)], Am = $"am{i % 50}", Email = $"c{i}@example.com",
                FirstSeen = now.AddDays(-400), Interaction = (DateTimeOffset?)now.AddDays(-random.Next(100)),
                Nps = random.Next(3) == 0 ? (int?)random.Next(11) : null, SurveyAt = (DateTimeOffset?)now.AddDays(-random.Next(100)),
            }), tx);
        await c.ExecuteAsync("INSERT INTO rul_ticket_days (customer_id, day, tickets) VALUES (@Id, @Day, @Tickets) ON CONFLICT DO NOTHING",
            Enumerable.Range(0, Customers * 3).Select(_ => new { Id = random.Next(1, Customers + 1), Day = today.AddDays(-random.Next(240)), Tickets = random.Next(1, 3) }), tx);
        await c.ExecuteAsync("INSERT INTO rul_contracts (contract_id, customer_id, ends_on, value, status) VALUES (@Id, @Id, @EndsOn, 1000, 'active')",
            Enumerable.Range(1, Customers).Select(i => new { Id = i, EndsOn = today.AddDays(random.Next(-100, 700)) }), tx);
        await c.ExecuteAsync("INSERT INTO rul_assets (asset_id, customer_id, next_maintenance_on) VALUES (@Id, @Id, @On)",
            Enumerable.Range(1, Customers / 2).Select(i => new { Id = i, On = today.AddDays(random.Next(-10, 360)) }), tx);
        await tx.CommitAsync();
    }

    /// <summary>The machine's load average, printed beside the figures (they mean little without it).</summary>
    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    [Test]
    public async Task One_set_wise_evaluation_of_the_six_templates_over_100000_customers()
    {
        await using var world = await RulesWorld.StartAsync();
        var seeding = Stopwatch.StartNew();
        await SeedAsync(world);
        TestContext.Out.WriteLine($"seeded {Customers} customers in {seeding.Elapsed.TotalSeconds:0.0} s on {Environment.ProcessorCount} cores");
        foreach (var template in RuleTemplates.All) await world.EnableTemplateAsync(template.Key);
        // Yesterday's state, as the daily job leaves it: the ticket windows summed once from scratch (seeding bypasses the handlers).
        var rebuilding = Stopwatch.StartNew();
        await using (var rollupScope = world.Csm.Services.CreateAsyncScope())
        {
            var rebuilt = await rollupScope.ServiceProvider.GetRequiredService<TicketRollup>().RollForwardAsync(default);
            TestContext.Out.WriteLine($"ticket rollup {rebuilt.Kind} from scratch for {rebuilt.Customers} customers in {rebuilding.ElapsedMilliseconds} ms (once, not per run)");
        }

        await using var scope = world.Csm.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var c = await session.ConnectionAsync();
        var scheduled = (await c.QueryAsync<RuleRow>($"SELECT {RuleStore.Columns} FROM rul_rules WHERE schedule IS NOT NULL ORDER BY id")).ToList();
        var matcher = scope.ServiceProvider.GetRequiredService<RuleMatcher>();

        var matchOnly = Stopwatch.StartNew();
        foreach (var rule in scheduled)
        {
            var one = Stopwatch.StartNew();
            var matched = await matcher.MatchAsync(rule.Condition, [], rule.Id, 30, null, default);
            TestContext.Out.WriteLine($"{rule.Name}: {matched.Count} matched in {one.ElapsedMilliseconds} ms");
        }
        matchOnly.Stop();
        TestContext.Out.WriteLine($"{scheduled.Count} scheduled rules, set-wise matching only: {matchOnly.ElapsedMilliseconds} ms; load {Load()}");

        var oneByOne = Stopwatch.StartNew();
        for (var customer = 1; customer <= Sample; customer++)
            foreach (var rule in scheduled) await matcher.MatchAsync(rule.Condition, [], rule.Id, 30, customer, default);
        oneByOne.Stop();
        var extrapolated = oneByOne.Elapsed.TotalMilliseconds * Customers / Sample;
        TestContext.Out.WriteLine($"one customer at a time: {oneByOne.ElapsedMilliseconds} ms for {Sample} customers, ~{extrapolated / 1000:0.0} s for {Customers}; " +
            $"{extrapolated / matchOnly.Elapsed.TotalMilliseconds:0}x the set-wise matching");

        world.Clock.Advance(TimeSpan.FromDays(1));
        var whole = Stopwatch.StartNew();
        var rollup = new RunPhases();
        var runs = await world.RunScheduledAsync(rollup);
        whole.Stop();
        TestContext.Out.WriteLine($"before the rules, ms: {rollup}");
        foreach (var run in runs) TestContext.Out.WriteLine($"rule {run.RuleId}: matched {run.Matched}, fired {run.Fired}; ms: {run.Phases}");
        var byPhase = runs.SelectMany(r => r.Phases.Items).GroupBy(p => p.Phase).Select(g => $"{g.Key} {g.Sum(p => p.Elapsed.TotalMilliseconds):0}");
        TestContext.Out.WriteLine($"all rules, ms per phase: {string.Join(", ", byPhase)}");
        var fired = runs.Sum(r => r.Fired);
        TestContext.Out.WriteLine($"full scheduled evaluation (match, fire, actions, outbox): {whole.ElapsedMilliseconds} ms, {fired} firings; load {Load()}");
        // The job rolls the windows forward at its first tick after midnight, so a morning's rules usually find them rolled.
        var rolling = rollup.Items.Sum(i => i.Elapsed.TotalMilliseconds);
        TestContext.Out.WriteLine($"of which the day's ticket roll-forward {rolling:0} ms; the rules alone {whole.Elapsed.TotalMilliseconds - rolling:0} ms");
        Assert.That(fired, Is.GreaterThan(0));
    }
}
