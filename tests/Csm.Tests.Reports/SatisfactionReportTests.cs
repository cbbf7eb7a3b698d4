using System.Text.Json.Nodes;
using static Csm.Tests.Reports.ReportsApi;

namespace Csm.Tests.Reports;

public sealed class SatisfactionReportTests
{
    [Test]
    public async Task Nps_counts_promoters_and_detractors_with_its_interval_and_warns_on_a_small_sample()
    {
        await using var csm = await CsmFixture.StartAsync();
        var day = new DateTimeOffset(2026, 3, 2, 10, 0, 0, Beijing);
        int[] scores = [10, 9, 9, 9, 9, 8, 7, 6, 3, 0];
        await csm.PublishAsync(scores.Select((s, i) => (Csm.BuildingBlocks.Messaging.IntegrationEvent)Answer(i + 1, day.AddMinutes(i), nps: s)).ToArray());

        var report = await csm.Admin.ReportAsync("/api/reports/satisfaction?metric=nps&from=2026-03-01&to=2026-03-31");
        var total = report["groups"]![0]!["total"]!;
        Assert.Multiple(() =>
        {
            Assert.That(report["source"]!.GetValue<string>(), Is.EqualTo("rollups"));
            Assert.That(total["n"]!.GetValue<long>(), Is.EqualTo(10));
            Assert.That(total["counts"]!["promoters"]!.GetValue<long>(), Is.EqualTo(5));
            Assert.That(total["counts"]!["detractors"]!.GetValue<long>(), Is.EqualTo(3));
            Assert.That(total["value"].Number(), Is.EqualTo(20).Within(1e-9));
            Assert.That(total["ciLow"].Number(), Is.LessThan(20));
            Assert.That(total["ciHigh"].Number(), Is.GreaterThan(20));
            Assert.That(total["smallSample"]!.GetValue<bool>(), Is.True);
            Assert.That(total["warning"]!.GetValue<string>(), Does.Contain("10 answers"));
            Assert.That(total["distribution"]!["9"]!.GetValue<long>(), Is.EqualTo(4));
        });
    }

    [Test]
    public async Task An_empty_period_answers_zero_and_nulls_never_nan()
    {
        await using var csm = await CsmFixture.StartAsync();
        foreach (var metric in new[] { "nps", "csat", "ces" })
        {
            var response = await csm.Admin.GetAsync($"/api/reports/satisfaction?metric={metric}&from=2026-01-01&to=2026-03-31&interval=month").ExpectAsync(200);
            var body = await response.Content.ReadAsStringAsync();
            Assert.That(body, Does.Not.Contain("NaN").And.Not.Contain("Infinity"));
            var total = JsonNode.Parse(body)!["groups"]![0]!["total"]!;
            Assert.That(total["n"]!.GetValue<long>(), Is.EqualTo(0), metric);
            Assert.That(total["value"], Is.Null, metric);
            Assert.That(total["ciLow"], Is.Null, metric);
            Assert.That(total["change"], Is.Null, metric);
            Assert.That(JsonNode.Parse(body)!["groups"]![0]!["series"]!.AsArray(), Has.Count.EqualTo(3), metric);
        }
    }

    [Test]
    public async Task A_response_at_23_30_beijing_time_counts_on_that_beijing_day()
    {
        await using var csm = await CsmFixture.StartAsync();
        // 23:30 on 5 March in Beijing is 15:30 UTC the same day, but 00:30 on 6 March would be 16:30 UTC on 5 March.
        await csm.PublishAsync(
            Answer(1, new DateTimeOffset(2026, 3, 5, 23, 30, 0, Beijing), csat: 5),
            Answer(2, new DateTimeOffset(2026, 3, 6, 0, 30, 0, Beijing), csat: 1));

        var report = await csm.Admin.ReportAsync("/api/reports/satisfaction?metric=csat&from=2026-03-05&to=2026-03-06&interval=day");
        var series = report["groups"]![0]!["series"]!.AsArray();
        Assert.That(series.Select(p => p!["period"]!.GetValue<string>()), Is.EqualTo(new[] { "2026-03-05", "2026-03-06" }));
        Assert.That(series[0]!["figure"]!["distribution"]!["5"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(series[0]!["figure"]!["n"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(series[1]!["figure"]!["distribution"]!["1"]!.GetValue<long>(), Is.EqualTo(1));

        var utc = await csm.Admin.ReportAsync("/api/reports/satisfaction?metric=csat&from=2026-03-05&to=2026-03-06&interval=day&timeZone=UTC");
        Assert.That(utc["source"]!.GetValue<string>(), Is.EqualTo("facts"));
        Assert.That(utc["groups"]![0]!["series"]![0]!["figure"]!["n"]!.GetValue<long>(), Is.EqualTo(2), "in UTC both fall on 5 March");
    }

    [Test]
    public async Task A_duplicated_response_changes_nothing()
    {
        await using var csm = await CsmFixture.StartAsync();
        var answer = Answer(7, new DateTimeOffset(2026, 3, 2, 10, 0, 0, Beijing), nps: 10, csat: 5);
        await csm.PublishAsync(answer);
        var rollups = await csm.ScalarAsync("SELECT SUM(n) FROM rpt_daily");
        await csm.PublishAsync(answer with { EventId = Guid.NewGuid() });

        Assert.That(await csm.ScalarAsync("SELECT COUNT(*) FROM rpt_responses"), Is.EqualTo(1));
        Assert.That(await csm.ScalarAsync("SELECT SUM(n) FROM rpt_daily"), Is.EqualTo(rollups));
        var report = await csm.Admin.ReportAsync("/api/reports/satisfaction?metric=nps&from=2026-03-01&to=2026-03-31");
        Assert.That(report["groups"]![0]!["total"]!["n"]!.GetValue<long>(), Is.EqualTo(1));
    }

    [Test]
    public async Task Grouping_by_tier_gives_each_tier_its_own_figure_and_a_change_against_the_previous_period()
    {
        await using var csm = await CsmFixture.StartAsync();
        var march = new DateTimeOffset(2026, 3, 10, 12, 0, 0, Beijing);
        var february = new DateTimeOffset(2026, 2, 10, 12, 0, 0, Beijing);
        var events = new List<Csm.BuildingBlocks.Messaging.IntegrationEvent>();
        for (var i = 0; i < 40; i++)
        {
            events.Add(Answer(i + 1, march, csat: 5, tier: "vip"));
            events.Add(Answer(i + 101, february, csat: 1, tier: "vip"));
            events.Add(Answer(i + 201, march, csat: i % 2 == 0 ? 4 : 2, tier: "standard"));
        }
        await csm.PublishAsync(events.ToArray());

        var report = await csm.Admin.ReportAsync("/api/reports/satisfaction?metric=csat&from=2026-03-01&to=2026-03-31&groupBy=tier");
        var groups = report["groups"]!.AsArray().ToDictionary(g => g!["value"]!.GetValue<string>(), g => g!["total"]!);
        Assert.That(groups.Keys, Is.EquivalentTo(new[] { "vip", "standard" }));
        Assert.That(groups["vip"]["value"].Number(), Is.EqualTo(100));
        Assert.That(groups["vip"]["change"].Number(), Is.EqualTo(100), "February's vip answers were all 1");
        Assert.That(groups["vip"]["beyondNoise"]!.GetValue<bool>(), Is.True);
        Assert.That(groups["standard"]["value"].Number(), Is.EqualTo(50));
        Assert.That(groups["standard"]["change"], Is.Null, "standard had no answers before");
        Assert.That(report["previousFrom"]!.GetValue<string>(), Is.EqualTo("2026-01-29"));
    }

    [Test]
    public async Task Effort_states_that_1_is_very_easy_and_7_very_hard_and_names_5_to_7_high_effort()
    {
        await using var csm = await CsmFixture.StartAsync();
        var day = new DateTimeOffset(2026, 3, 3, 9, 0, 0, Beijing);
        await csm.PublishAsync(Answer(1, day, ces: 7), Answer(2, day, ces: 5), Answer(3, day, ces: 6), Answer(4, day, ces: 4), Answer(5, day, ces: 2));

        var report = await csm.Admin.ReportAsync("/api/reports/satisfaction?metric=ces&from=2026-03-01&to=2026-03-31");
        var total = report["groups"]![0]!["total"]!;
        // One scale for the whole system: the survey question's anchors, the Surveys classification (5–7 unhappy), this report.
        Assert.That(report["scale"]!.GetValue<string>(), Does.Contain("1 = very easy … 7 = very hard").And.Contain("lower is better"));
        Assert.That(total["value"].Number(), Is.EqualTo(4.8));
        Assert.That(total["highEffortShare"].Number(), Is.EqualTo(60), "5, 6 and 7 of five answers are high effort");
        Assert.That(total["easyShare"].Number(), Is.EqualTo(20), "only the 2 is low effort");
        Assert.That(total["counts"]!["difficult"]!.GetValue<long>(), Is.EqualTo(3));
        Assert.That(total["counts"]!["easy"]!.GetValue<long>(), Is.EqualTo(1));
    }

    [Test]
    public async Task Rebuilding_the_rollups_from_the_facts_gives_the_same_report()
    {
        await using var csm = await CsmFixture.StartAsync();
        var day = new DateTimeOffset(2026, 3, 3, 22, 0, 0, Beijing);
        await csm.PublishAsync(Answer(1, day, nps: 10, tier: "vip"), Answer(2, day.AddHours(3), nps: 2, tier: "standard"), Answer(3, day, nps: 8));
        const string url = "/api/reports/satisfaction?metric=nps&from=2026-03-01&to=2026-03-31&interval=day&groupBy=tier";
        var before = (await csm.Admin.ReportAsync(url)).ToJsonString();
        var rows = await csm.ScalarAsync("SELECT COUNT(*) FROM rpt_daily WHERE n <> 0");

        var manager = await csm.UserAsync("manager");
        var rebuilt = await (await manager.PostAsync("/api/reports/rollups/rebuild", null).ExpectAsync(200)).NodeAsync();

        Assert.That(rebuilt["rows"]!.GetValue<int>(), Is.EqualTo(rows));
        Assert.That((await csm.Admin.ReportAsync(url)).ToJsonString(), Is.EqualTo(before));
        var agent = await csm.UserAsync("agent");
        await agent.PostAsync("/api/reports/rollups/rebuild", null).ExpectAsync(403);
        // Reports are for account managers and up (the permission matrix); an agent is told which permission it takes.
        var refused = await (await agent.GetAsync(url).ExpectAsync(403)).NodeAsync();
        Assert.That(refused["permission"]!.GetValue<string>(), Is.EqualTo("reports.view"));
        await (await csm.UserAsync("accountManager")).GetAsync(url).ExpectAsync(200);
        await csm.Anonymous().GetAsync(url).ExpectAsync(401);
    }
}
