using System.Text.Json.Nodes;
using Csm.BuildingBlocks.Messaging;
using Csm.Modules.Surveys.Contracts;
using static Csm.Tests.Reports.ReportsApi;

namespace Csm.Tests.Reports;

/// <summary>
/// Random answers go in as events; every satisfaction figure the API gives must equal one computed here, straight from
/// the raw answers, with formulas written out again (not the module's).
/// </summary>
public sealed class ReportPropertyTests
{
    private const double Z = 1.959963984540054;
    private static readonly string?[] Tiers = ["vip", "standard", "prospect", null];
    private static readonly string?[] Agents = ["li", "wang", "zhao", null];

    private static List<SurveyResponded> RandomAnswers(int seed, int count)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2025, 12, 1, 0, 0, 0, Beijing);
        return Enumerable.Range(1, count).Select(i =>
        {
            // A third of the answers land within an hour of a Beijing midnight, where day boundaries bite.
            var day = start.AddDays(random.Next(0, 150));
            var at = random.Next(3) == 0 ? day.AddMinutes(random.Next(-60, 60)) : day.AddMinutes(random.Next(0, 1440));
            int? Maybe(int low, int high, int percent) => random.Next(100) < percent ? random.Next(low, high + 1) : null;
            return Answer(i, at, nps: Maybe(0, 10, 70), csat: Maybe(1, 5, 60), ces: Maybe(1, 7, 50),
                tier: Tiers[random.Next(Tiers.Length)], agent: Agents[random.Next(Agents.Length)], customerId: random.Next(1, 50));
        }).ToList();
    }

    private sealed record Expected(long N, double? Value, double? Low, double? High, double? Change);

    private static int? Score(SurveyResponded a, string metric) => metric switch { "nps" => a.Nps, "csat" => a.Csat, _ => a.Ces };

    private static (double? Value, double? Low, double? High) Figure(string metric, IReadOnlyList<int> s)
    {
        double n = s.Count;
        if (n == 0) return (null, null, null);
        switch (metric)
        {
            case "nps":
            {
                double p = s.Count(x => x >= 9), d = s.Count(x => x <= 6);
                double pa = (p + 0.75) / (n + 3), da = (d + 0.75) / (n + 3);
                var half = Z * Math.Sqrt((pa + da - (pa - da) * (pa - da)) / (n + 3));
                return (100 * (p - d) / n, Math.Max(-100, 100 * (pa - da - half)), Math.Min(100, 100 * (pa - da + half)));
            }
            case "csat":
            {
                var p = s.Count(x => x >= 4) / n;
                var centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n);
                var half = Z * Math.Sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n);
                return (100 * p, 100 * Math.Max(0, centre - half), 100 * Math.Min(1, centre + half));
            }
            default:
            {
                var mean = s.Average();
                if (n < 2) return (mean, null, null);
                var sd = Math.Sqrt(s.Sum(x => (x - mean) * (x - mean)) / (n - 1));
                return (mean, mean - Z * sd / Math.Sqrt(n), mean + Z * sd / Math.Sqrt(n));
            }
        }
    }

    private static Expected Compute(IEnumerable<SurveyResponded> answers, string metric, DateOnly from, DateOnly to, TimeSpan offset)
    {
        var days = to.DayNumber - from.DayNumber + 1;
        List<int> In(DateOnly a, DateOnly b) => answers
            .Where(x => Score(x, metric) is not null)
            .Where(x => DateOnly.FromDateTime(x.RespondedAt.ToOffset(offset).DateTime) is var d && d >= a && d <= b)
            .Select(x => Score(x, metric)!.Value).ToList();
        var now = In(from, to);
        var before = In(from.AddDays(-days), from.AddDays(-1));
        var (value, low, high) = Figure(metric, now);
        return new Expected(now.Count, value, low, high, value - Figure(metric, before).Value);
    }

    private static void AssertFigure(JsonNode figure, Expected expected, string what)
    {
        Assert.That(figure["n"]!.GetValue<long>(), Is.EqualTo(expected.N), what + " n");
        AssertNumber(figure["value"], expected.Value, what + " value");
        AssertNumber(figure["ciLow"], expected.Low, what + " ciLow");
        AssertNumber(figure["ciHigh"], expected.High, what + " ciHigh");
        AssertNumber(figure["change"], expected.Change, what + " change");
    }

    private static void AssertNumber(JsonNode? actual, double? expected, string what)
    {
        if (expected is null) Assert.That(actual, Is.Null, what);
        else Assert.That(actual.Number(), Is.EqualTo(expected.Value).Within(1e-9), what);
    }

    [TestCase(20260301)]
    [TestCase(7)]
    public async Task Every_satisfaction_figure_matches_an_independent_computation_from_the_raw_answers(int seed)
    {
        await using var csm = await CsmFixture.StartAsync(clock: Clocks.At(new DateTimeOffset(2026, 5, 1, 9, 0, 0, Beijing)));
        var answers = RandomAnswers(seed, 400);
        await csm.PublishAsync(answers.Cast<IntegrationEvent>().ToArray());
        var from = new DateOnly(2026, 2, 1);
        var to = new DateOnly(2026, 3, 31);

        foreach (var (zone, offset) in new[] { ("Asia/Shanghai", Beijing), ("UTC", TimeSpan.Zero) })
        foreach (var metric in new[] { "nps", "csat", "ces" })
        foreach (var (groupBy, key) in new (string, Func<SurveyResponded, string?>)[] { ("", _ => "all"), ("tier", a => a.Tier), ("agent", a => a.Agent) })
        {
            var report = await csm.Admin.ReportAsync(
                $"/api/reports/satisfaction?metric={metric}&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}&interval=month&groupBy={groupBy}&timeZone={zone}");
            var groups = report["groups"]!.AsArray().ToDictionary(g => g!["value"]!.GetValue<string>(), g => g!);
            var expectedGroups = answers.GroupBy(a => key(a) ?? "(none)").ToList();
            foreach (var group in expectedGroups)
            {
                var what = $"{zone} {metric} {groupBy} {group.Key}";
                var expected = Compute(group, metric, from, to, offset);
                if (expected.N == 0) { Assert.That(groups.ContainsKey(group.Key), Is.False, what); continue; }
                AssertFigure(groups[group.Key]["total"]!, expected, what);
                foreach (var point in groups[group.Key]["series"]!.AsArray())
                {
                    var start = DateOnly.Parse(point!["start"]!.GetValue<string>());
                    var end = DateOnly.Parse(point["end"]!.GetValue<string>());
                    var inPeriod = Compute(group, metric, start, end, offset);
                    Assert.That(point["figure"]!["n"]!.GetValue<long>(), Is.EqualTo(inPeriod.N), what + " " + start);
                    AssertNumber(point["figure"]!["value"], inPeriod.Value, what + " " + start);
                }
            }
            Assert.That(groups.Keys, Is.SubsetOf(expectedGroups.Select(g => g.Key)), metric + groupBy);
        }
    }
}
