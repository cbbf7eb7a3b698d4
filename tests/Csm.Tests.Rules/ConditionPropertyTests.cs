using System.Text.Json;
using Csm.BuildingBlocks.Messaging;
using Csm.Modules.Customers.Contracts;
using Csm.Modules.Rules.Conditions;
using Csm.Modules.Rules.Evaluation;
using Csm.Modules.Rules.Facts;
using Csm.Modules.Rules.Events;
using Csm.Modules.Surveys.Contracts;
using Csm.Modules.Tickets.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.Tests.Rules;

/// <summary>
/// The SQL a condition compiles to selects exactly the customers the in-memory evaluation of the same tree
/// accepts, on random fact tables and random trees (day boundaries, NULLs, NOT, between, in, fact-vs-fact).
/// </summary>
public sealed class ConditionPropertyTests
{
    private static readonly string[] NumberFacts =
        ["ticketsLast7Days", "ticketsLast30Days", "ticketsLast90Days", "openTickets", "openComplaints", "latestNps", "latestCsat", "orderCount", "monthlyTicketBaseline"];
    private static readonly string[] DayFacts =
        ["daysToContractEnd", "daysToNextMaintenance", "daysSinceLastInteraction", "daysSinceLastSurvey", "daysSinceLastOrder", "daysSinceLastSlaBreach"];

    internal static IntegrationEvent[] RandomWorld(Random random, DateTimeOffset now, DateOnly today)
    {
        var events = new List<IntegrationEvent>();
        long ids = 1;
        // Whole days exactly (day boundaries) or any time within them.
        TimeSpan Ago(int maxDays) => random.Next(2) == 0 ? TimeSpan.FromDays(random.Next(maxDays)) : TimeSpan.FromMinutes(random.Next(maxDays * 1440));
        for (long c = 1; c <= 60; c++)
        {
            var tags = new[] { "key", "north", "late-payer" }.Where(_ => random.Next(3) == 0).ToArray();
            var fields = random.Next(3) == 0 ? new Dictionary<string, string?>() : new Dictionary<string, string?> { ["region"] = random.Next(2) == 0 ? "north" : "south" };
            events.Add(RulesWorld.Customer(c, (CustomerTier)random.Next(3), new[] { "am.li", "am.wang", null }[random.Next(3)], tags, fields));
            for (var t = random.Next(6); t > 0; t--)
            {
                var id = ids++;
                var created = now - Ago(250);
                var kind = (TicketKind)random.Next(4);
                events.Add(new TicketCreated(id, $"T-{id}", c, "x", kind, TicketChannel.Web, TicketPriority.Normal, "s", null, null, "accept", created, null));
                if (random.Next(2) == 0)
                    events.Add(new TicketResolved(id, $"T-{id}", c, "x", kind, TicketPriority.Normal, TicketChannel.Web, null, null, created, now, null, 1, true, false, null, null));
            }
            if (random.Next(4) > 0) events.Add(new InteractionRecorded(ids++, c, "phone", "in", "s", null, now - Ago(150)));
            if (random.Next(3) > 0)
            {
                var nps = random.Next(11);
                events.Add(new SurveyResponded(ids++, 1, 1, c, null, Touchpoint.Service, nps, random.Next(1, 6), null, null, [], null, null, null, null,
                    now - Ago(100), (FeedbackClass)random.Next(3), null));
            }
            if (random.Next(3) > 0) events.Add(new ContractUpserted(ids++, c, "K", today.AddYears(-1), today.AddDays(random.Next(-30, 120)), random.Next(1, 30) * 100m,
                new[] { "active", "active", "cancelled" }[random.Next(3)]));
            if (random.Next(3) > 0) events.Add(new AssetUpserted(ids++, c, "M", null, null, random.Next(4) == 0 ? null : today.AddDays(random.Next(-20, 60))));
            if (random.Next(3) > 0) events.Add(new OrderRecorded(ids++, c, today.AddDays(-random.Next(200)), 10m, "p"));
            if (random.Next(4) == 0) events.Add(new SlaBreached(ids++, c, SlaTarget.Resolution, now - Ago(60), null));
        }
        return events.ToArray();
    }

    private static Condition RandomCondition(Random random, int depth)
    {
        if (depth < 3 && random.Next(3) == 0)
        {
            var items = Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomCondition(random, depth + 1)).ToList();
            return random.Next(3) switch { 0 => new Condition { All = items }, 1 => new Condition { Any = items }, _ => new Condition { Not = items[0] } };
        }
        JsonElement Json(object value) => JsonSerializer.SerializeToElement(value);
        switch (random.Next(6))
        {
            case 0:
                return new Condition { Fact = "ticketsLast30Days", Op = new[] { "gte", "lt", "eq" }[random.Next(3)], ValueFact = "monthlyTicketBaseline", Factor = new[] { 0.5, 1, 2 }[random.Next(3)] };
            case 1:
                var text = new (string Fact, string[] Values)[]
                {
                    ("tier", ["vip", "standard", "prospect"]), ("accountManager", ["am.li", "am.wang"]), ("customFields.region", ["north", "south"]),
                    ("latestFeedback", ["happy", "neutral", "unhappy"]),
                }[random.Next(4)];
                var textOp = new[] { "eq", "ne", "in", "isSet", "isNotSet" }[random.Next(5)];
                return new Condition
                {
                    Fact = text.Fact, Op = textOp,
                    Value = textOp switch { "in" => Json(text.Values.Where(_ => random.Next(2) == 0).DefaultIfEmpty(text.Values[0]).ToArray()), "isSet" or "isNotSet" => null, _ => Json(text.Values[random.Next(text.Values.Length)]) },
                };
            case 2:
                return new Condition { Fact = "tags", Op = "contains", Value = Json(new[] { "key", "north", "KEY", "nobody" }[random.Next(4)]) };
            default:
                var days = random.Next(2) == 0;
                var fact = days ? DayFacts[random.Next(DayFacts.Length)] : NumberFacts[random.Next(NumberFacts.Length)];
                var ops = days ? new[] { "eq", "ne", "lt", "lte", "gt", "gte", "between", "in", "within", "isSet", "isNotSet" } : new[] { "eq", "ne", "lt", "lte", "gt", "gte", "between", "in", "isSet", "isNotSet" };
                var op = ops[random.Next(ops.Length)];
                int Number() => days ? random.Next(-30, 130) : random.Next(0, 11);
                var low = Number();
                return new Condition
                {
                    Fact = fact, Op = op,
                    Value = op switch
                    {
                        "between" => Json(new[] { low, low + random.Next(0, 40) }),
                        "in" => Json(Enumerable.Range(0, random.Next(1, 5)).Select(_ => Number()).ToArray()),
                        "within" => Json(Math.Abs(low)),
                        "isSet" or "isNotSet" => null,
                        _ => Json(low),
                    },
                };
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public async Task Compiled_sql_selects_the_customers_the_in_memory_evaluation_accepts(int seed)
    {
        await using var world = await RulesWorld.StartAsync();
        world.Clock.Advance(TimeSpan.FromMinutes(seed * 397));
        var random = new Random(seed);
        await world.PublishAsync(RandomWorld(random, world.Clock.GetUtcNow(), world.Today));

        await using var scope = world.Csm.Services.CreateAsyncScope();
        var matcher = scope.ServiceProvider.GetRequiredService<RuleMatcher>();
        var everyone = await matcher.MatchAsync(null, FactCatalog.All.Append(FactCatalog.Find("customFields.region")!), null, 1, null, default);
        Assert.That(everyone, Has.Count.EqualTo(60));
        var nonTrivial = 0;
        for (var i = 0; i < 150; i++)
        {
            var condition = RandomCondition(random, 0);
            var (node, errors) = ConditionParser.Parse(condition);
            Assert.That(errors, Is.Empty, JsonSerializer.Serialize(condition));
            var bySql = (await matcher.MatchAsync(node, [], null, 1, null, default)).Select(m => m.CustomerId).ToList();
            var inMemory = everyone.Where(c => ConditionEvaluator.Evaluate(node!, f => c.Facts[f.Name])).Select(c => c.CustomerId).ToList();
            Assert.That(bySql, Is.EqualTo(inMemory), $"seed {seed}, condition {JsonSerializer.Serialize(condition, RuleStore.Json)}");
            if (bySql.Count is > 0 and < 60) nonTrivial++;
        }
        Assert.That(nonTrivial, Is.GreaterThan(50), "most random conditions split the customers, so the comparison means something");
    }
}
