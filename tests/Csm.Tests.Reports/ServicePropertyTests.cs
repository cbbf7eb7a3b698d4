using System.Text.Json.Nodes;
using Csm.BuildingBlocks.Messaging;
using Csm.Modules.Reports.Statistics;
using Csm.Modules.Tickets.Contracts;
using static Csm.Tests.Reports.ReportsApi;
using static Csm.Tests.Reports.Tickets;

namespace Csm.Tests.Reports;

/// <summary>Random ticket lives go in as events; the service report must match a count made here from the same lives.</summary>
public sealed class ServicePropertyTests
{
    private sealed record Life(
        long Id, string? Team, DateTimeOffset CreatedAt, DateTimeOffset? RespondedAt, double? FirstMinutes,
        DateTimeOffset? ResolvedAt, double? Minutes, bool SlaMet, bool Reassigned, bool Reopened);

    private static List<Life> RandomLives(int seed, int count)
    {
        var random = new Random(seed);
        string?[] teams = ["north", "south", null];
        var start = new DateTimeOffset(2026, 1, 20, 0, 0, 0, Beijing);
        return Enumerable.Range(1, count).Select(i =>
        {
            var created = start.AddMinutes(random.Next(0, 75 * 1440));
            var responded = random.Next(10) < 7 ? created.AddMinutes(random.Next(1, 900)) : (DateTimeOffset?)null;
            var resolved = random.Next(10) < 6 ? created.AddMinutes(random.Next(60, 20 * 1440)) : (DateTimeOffset?)null;
            return new Life(i, teams[random.Next(teams.Length)], created, responded, responded is null ? null : random.Next(1, 600),
                resolved, resolved is null ? null : random.Next(30, 9000), random.Next(4) > 0, random.Next(10) == 0, resolved is not null && random.Next(8) == 0);
        }).ToList();
    }

    private static IEnumerable<IntegrationEvent> Events(Life life)
    {
        var created = Created(life.Id, life.CreatedAt, team: life.Team, assignee: "li");
        yield return created;
        if (life.RespondedAt is { } at) yield return new TicketFirstResponded(life.Id, 1, at, life.FirstMinutes!.Value);
        if (life.Reassigned) yield return new TicketAssigned(life.Id, 1, "wang", life.Team, "li");
        if (life.ResolvedAt is not { } resolvedAt) yield break;
        if (life.Reopened)
        {
            yield return Resolved(created, resolvedAt.AddHours(-1), life.Minutes!.Value / 2, slaMet: !life.SlaMet);
            yield return new TicketReopened(life.Id, 1, "diagnose", "li");
        }
        yield return Resolved(created, resolvedAt, life.Minutes!.Value, slaMet: life.SlaMet, wasReopened: life.Reopened);
    }

    private static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(Beijing).DateTime);

    private static void AssertShare(JsonNode? actual, int part, int whole, string what)
    {
        if (whole == 0) Assert.That(actual, Is.Null, what);
        else Assert.That(actual.Number(), Is.EqualTo(100.0 * part / whole).Within(1e-9), what);
    }

    [TestCase(11)]
    [TestCase(2026)]
    public async Task Every_service_figure_matches_an_independent_count_of_the_ticket_lives(int seed)
    {
        await using var csm = await CsmFixture.StartAsync(clock: Clocks.At(new DateTimeOffset(2026, 5, 1, 9, 0, 0, Beijing)));
        var lives = RandomLives(seed, 200);
        await csm.PublishAsync(lives.SelectMany(Events).ToArray());
        var from = new DateOnly(2026, 2, 1);
        var to = new DateOnly(2026, 3, 15);
        bool In(DateTimeOffset? at) => at is { } t && Day(t) >= from && Day(t) <= to;

        var report = await csm.Admin.ReportAsync($"/api/reports/service?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}&groupBy=team");
        var groups = report["groups"]!.AsArray().ToDictionary(g => g!["value"]!.GetValue<string>(), g => g!["total"]!);
        foreach (var team in lives.GroupBy(l => l.Team ?? "(none)"))
        {
            var total = groups[team.Key];
            var created = team.Where(l => In(l.CreatedAt)).ToList();
            var resolved = team.Where(l => In(l.ResolvedAt)).ToList();
            var responded = team.Where(l => In(l.RespondedAt)).Select(l => l.FirstMinutes!.Value).Order().ToList();
            Assert.Multiple(() =>
            {
                Assert.That(total["created"]!.GetValue<long>(), Is.EqualTo(created.Count), team.Key + " created");
                Assert.That(total["resolved"]!.GetValue<long>(), Is.EqualTo(resolved.Count), team.Key + " resolved");
                AssertShare(total["resolutionRate"], created.Count(l => l.ResolvedAt is not null), created.Count, team.Key + " resolution rate");
                AssertShare(total["slaCompliance"], resolved.Count(l => l.SlaMet), resolved.Count, team.Key + " sla");
                AssertShare(total["reopenRate"], resolved.Count(l => l.Reopened), resolved.Count, team.Key + " reopen");
                AssertShare(total["firstContactResolution"], resolved.Count(l => !l.Reopened && !l.Reassigned), resolved.Count, team.Key + " fcr");
                Assert.That(total["firstResponse"]!["n"]!.GetValue<long>(), Is.EqualTo(responded.Count), team.Key + " responded");
                Assert.That(total["resolution"]!["mean"].Number(), Is.EqualTo(resolved.Average(l => l.Minutes!.Value)).Within(1e-6), team.Key + " mean");
                var median = responded[(int)Math.Ceiling(0.5 * responded.Count) - 1];
                var p90 = responded[(int)Math.Ceiling(0.9 * responded.Count) - 1];
                Assert.That(MinuteHistogram.Bucket(total["firstResponse"]!["median"].Number()!.Value), Is.EqualTo(MinuteHistogram.Bucket(median)), team.Key + " median");
                Assert.That(MinuteHistogram.Bucket(total["firstResponse"]!["p90"].Number()!.Value), Is.EqualTo(MinuteHistogram.Bucket(p90)), team.Key + " p90");
            });
        }
    }
}
