using System.Text.Json.Nodes;
using Csm.Modules.Surveys.Contracts;
using static Csm.Tests.Reports.ReportsApi;

namespace Csm.Tests.Reports;

/// <summary>The closed-loop report's re-survey figures, from events as the Surveys module writes them.</summary>
public sealed class ResurveyFigureTests
{
    private static readonly DateTimeOffset Day = new(2026, 3, 4, 10, 0, 0, Beijing);

    private static SurveyResponded Again(long id, long of, DateTimeOffset at, int? nps = null, int? csat = null, int? ces = null) =>
        Answer(id, at, nps: nps, csat: csat, ces: ces, surveyId: 9) with { ResurveyOf = of };

    private static ResurveyIssued Issued(long of, long invitation, bool suppressed = false) =>
        new(of, invitation, 9, 1, suppressed, suppressed ? "quiet period: already surveyed" : null, Day.AddDays(3));

    [Test]
    public async Task Recovery_is_read_per_metric_on_the_first_answers_day_and_survives_a_rebuild_and_a_recount_in_another_zone()
    {
        await using var csm = await CsmFixture.StartAsync();
        // Unhappy first answers: NPS 3, CSAT 2, CSAT 1, CES 6, NPS 0 (whose re-survey is suppressed), and a happy one never re-surveyed.
        await csm.PublishAsync(
            Answer(1, Day, nps: 3, tier: "vip"), Answer(2, Day, csat: 2, tier: "standard"), Answer(3, Day.AddDays(1), csat: 1, tier: "standard"),
            Answer(4, Day.AddDays(1), ces: 6, tier: "vip"), Answer(5, Day.AddDays(1), nps: 0, tier: "vip"), Answer(6, Day, nps: 10));
        // The second answer of one re-survey reaches Reports before the event that issued it: it still counts.
        await csm.PublishAsync(Again(104, 4, Day.AddDays(5), ces: 5));
        await csm.PublishAsync(Issued(1, 11), Issued(2, 12), Issued(3, 13), Issued(4, 14), Issued(5, 15, suppressed: true), Issued(1, 11));
        await csm.PublishAsync(
            Again(101, 1, Day.AddDays(4), nps: 7),   // detractor → passive: recovered
            Again(102, 2, Day.AddDays(4), csat: 3),  // CSAT 2 → 3: recovered
            Again(103, 3, Day.AddDays(5), csat: 2)); // CSAT 1 → 2: still unhappy
        await csm.PublishAsync(Again(101, 1, Day.AddDays(4), nps: 7)); // delivered again: counted once

        const string range = "/api/reports/closed-loop?from=2026-03-01&to=2026-03-31";
        var report = await csm.Admin.ReportAsync(range);
        AssertFigures(report["groups"]![0]!["total"]!["resurveys"]!);
        var byTier = (await csm.Admin.ReportAsync(range + "&groupBy=tier"))["groups"]!.AsArray().ToDictionary(g => g!["value"]!.GetValue<string>(), g => g!["total"]!["resurveys"]!);
        Assert.That((byTier["vip"]["sent"]!.GetValue<long>(), byTier["vip"]["suppressed"]!.GetValue<long>(), byTier["vip"]["recovered"]!.GetValue<long>()), Is.EqualTo((2L, 1L, 1L)),
            "vip: NPS 3 → 7 recovered, CES 6 → 5 not; NPS 0 suppressed");
        Assert.That((byTier["standard"]["answered"]!.GetValue<long>(), byTier["standard"]["recovered"]!.GetValue<long>()), Is.EqualTo((2L, 1L)));
        var days = report["groups"]![0]!["series"]!.AsArray().Where(p => p!["figures"]!["resurveys"]!["sent"]!.GetValue<long>() > 0)
            .Select(p => (p!["start"]!.GetValue<string>(), p["figures"]!["resurveys"]!["sent"]!.GetValue<long>())).ToList();
        Assert.That(days, Is.EqualTo(new[] { ("2026-03-01", 4L) }), "counted in the first answers' period (March, by month)");

        await csm.Admin.PostAsync("/api/reports/rollups/rebuild", null).ExpectAsync(200);
        AssertFigures((await csm.Admin.ReportAsync(range))["groups"]![0]!["total"]!["resurveys"]!);
        var recounted = await csm.Admin.ReportAsync(range + "&timeZone=Europe/Berlin");
        Assert.That(recounted["source"]!.GetValue<string>(), Is.EqualTo("facts"));
        AssertFigures(recounted["groups"]![0]!["total"]!["resurveys"]!);
    }

    private static void AssertFigures(JsonNode r)
    {
        // By hand: 4 answered, recovered NPS 3→7 and CSAT 2→3 (CSAT 1→2 and CES 6→5 are still unhappy).
        var recovered = new[] { (3, 7, "nps"), (2, 3, "csat"), (1, 2, "csat"), (6, 5, "ces") }
            .Count(x => x.Item3 switch { "nps" => x.Item2 >= 7, "csat" => x.Item2 >= 3, _ => x.Item2 < 5 });
        Assert.Multiple(() =>
        {
            Assert.That(r["sent"]!.GetValue<long>(), Is.EqualTo(4));
            Assert.That(r["suppressed"]!.GetValue<long>(), Is.EqualTo(1));
            Assert.That(r["answered"]!.GetValue<long>(), Is.EqualTo(4));
            Assert.That(r["recovered"]!.GetValue<long>(), Is.EqualTo(recovered));
            Assert.That(r["recoveredShare"]!.GetValue<double>(), Is.EqualTo(100.0 * recovered / 4).Within(1e-9));
            // Wilson 95% for 2 of 4, by hand.
            const double z = 1.959963984540054;
            var (p, n) = (0.5, 4.0);
            var low = (p + z * z / (2 * n) - z * Math.Sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / (1 + z * z / n);
            Assert.That(r["recoveredCiLow"]!.GetValue<double>(), Is.EqualTo(100 * low).Within(1e-9));
            Assert.That((r["nps"]!["n"]!.GetValue<long>(), r["nps"]!["value"]!.GetValue<double>()), Is.EqualTo((1L, 0.0)), "one passive: NPS 0");
            Assert.That((r["csat"]!["n"]!.GetValue<long>(), r["csat"]!["value"]!.GetValue<double>()), Is.EqualTo((2L, 0.0)), "3 and 2: none satisfied");
            Assert.That((r["ces"]!["n"]!.GetValue<long>(), r["ces"]!["value"]!.GetValue<double>()), Is.EqualTo((1L, 5.0)));
        });
    }
}
