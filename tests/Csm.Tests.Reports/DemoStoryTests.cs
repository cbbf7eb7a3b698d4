using System.Globalization;
using Csm.BuildingBlocks.Data;
using Dapper;

namespace Csm.Tests.Reports;

/// <summary>
/// The demo tells one story across the modules (DemoStory): spare parts began arriving late three weeks before the
/// start and detractors jumped; a rule caught the customers unhappy after a recent ticket; the improvement plan
/// started ten days before the start, and since then the answers got better. Checked as a manager would read it, and
/// against the raw answers.
/// </summary>
public sealed class DemoStoryTests
{
    [Test]
    public async Task The_demo_has_a_dip_a_rule_caught_and_a_running_plan_whose_effect_the_raw_answers_bear_out()
    {
        await using var csm = await CsmFixture.StartAsync(new Dictionary<string, string?> { ["Demo:Enabled"] = "true" });
        while (await csm.DrainOutboxAsync() > 0) { }
        var now = csm.Clock.GetUtcNow();
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);
        var today = Day(now);
        await using var db = await csm.Service<Db>().OpenAsync();
        var answers = (await db.QueryAsync<(long? CustomerId, int? Nps, string Classification, string RespondedAt)>(
                "SELECT customer_id, nps, classification, responded_at FROM srv_responses"))
            .Select(a => (a.CustomerId, a.Nps, a.Classification, At: DateTimeOffset.Parse(a.RespondedAt, CultureInfo.InvariantCulture)))
            .ToList();

        // The rule caught customers who answered unhappily in the dip; each is tagged at-risk.
        var rules = await (await csm.Admin.GetAsync("/api/rules?enabled=true").ExpectAsync(200)).NodeAsync();
        var rule = rules["items"]!.AsArray().Single(r => r!["templateKey"]?.GetValue<string>() == "unhappy-after-ticket")!;
        var firings = await (await csm.Admin.GetAsync($"/api/rules/{rule["id"]}/firings?pageSize=200").ExpectAsync(200)).NodeAsync();
        var caught = firings["items"]!.AsArray().Select(f => f!["customerId"]!.GetValue<long>()).ToList();
        // "At most 21 days since" counts whole days, as every days-since fact does: less than 22 days ago.
        var unhappyInDip = answers.Where(a => a.Classification == "unhappy" && a.At > now.AddDays(-22) && a.CustomerId is not null)
            .Select(a => a.CustomerId!.Value).ToHashSet();
        Assert.That(caught, Is.Not.Empty.And.Unique.And.SubsetOf(unhappyInDip));
        var tagged = await (await csm.Admin.GetAsync($"/api/customers/{caught[0]}").ExpectAsync(200)).NodeAsync();
        Assert.That(tagged["tags"]!.AsArray().Select(t => t!.GetValue<string>()), Does.Contain("at-risk"));

        // The plan runs since ten days before the start; its effect is the NPS of the raw answers before and after.
        var plans = await (await csm.Admin.GetAsync("/api/improvement-plans").ExpectAsync(200)).NodeAsync();
        var planId = plans["items"]!.AsArray().Single()!["id"]!.GetValue<long>();
        var plan = await (await csm.Admin.GetAsync($"/api/improvement-plans/{planId}").ExpectAsync(200)).NodeAsync();
        Assert.That(plan["startsOn"]!.GetValue<string>(), Is.EqualTo(today.AddDays(-10).ToString("yyyy-MM-dd")));
        Assert.That(plan["actions"]!.AsArray(), Has.Count.EqualTo(4));
        var effect = plan["effect"]!;
        double? Nps(string window)
        {
            var from = DateOnly.Parse(effect[window]!["from"]!.GetValue<string>(), CultureInfo.InvariantCulture);
            var to = DateOnly.Parse(effect[window]!["to"]!.GetValue<string>(), CultureInfo.InvariantCulture);
            var scores = answers.Where(a => a.Nps is not null && Day(a.At) >= from && Day(a.At) <= to).Select(a => a.Nps!.Value).ToList();
            return scores.Count == 0 ? null : 100.0 * (scores.Count(s => s >= 9) - scores.Count(s => s <= 6)) / scores.Count;
        }
        var before = Nps("before");
        var after = Nps("after");
        Assert.That(effect["before"]!["figure"]!["value"]!.GetValue<double>(), Is.EqualTo(before).Within(1e-9));
        Assert.That(effect["after"]!["figure"]!["value"]!.GetValue<double>(), Is.EqualTo(after).Within(1e-9));
        Assert.That(after, Is.GreaterThan(before), "since the plan started the answers got better");
    }

    [Test]
    public async Task The_demo_has_answers_through_the_feedback_button_and_the_qr_code_that_the_report_by_how_answers_came_counts()
    {
        await using var csm = await CsmFixture.StartAsync(new Dictionary<string, string?> { ["Demo:Enabled"] = "true" });
        while (await csm.DrainOutboxAsync() > 0) { }
        await using var db = await csm.Service<Db>().OpenAsync();
        var stored = (await db.QueryAsync<(string Channel, long N, long WithPage)>(
                "SELECT channel, COUNT(*), SUM(CASE WHEN page LIKE 'https://%' THEN 1 ELSE 0 END) FROM srv_responses WHERE channel IN ('widget', 'qr') GROUP BY channel"))
            .ToDictionary(r => r.Channel, r => (r.N, r.WithPage));
        Assert.That(stored["widget"].N + stored["qr"].N, Is.EqualTo(36));
        Assert.That(stored["widget"].WithPage, Is.EqualTo(stored["widget"].N), "each widget answer carries its page");
        Assert.That(stored["qr"].WithPage, Is.Zero);

        var now = csm.Clock.GetUtcNow();
        var beijing = TimeSpan.FromHours(8);
        var fromDay = DateOnly.FromDateTime(now.ToOffset(beijing).AddDays(-120).DateTime);
        var from = fromDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var report = await (await csm.Admin.GetAsync($"/api/reports/satisfaction?metric=nps&from={from}&to={to}&groupBy=answeredVia").ExpectAsync(200)).NodeAsync();
        var groups = report["groups"]!.AsArray().ToDictionary(g => g!["value"]!.GetValue<string>(), g => g!["total"]!["n"]!.GetValue<long>());
        var raw = (await db.QueryAsync<(string Channel, long N)>(
                "SELECT channel, COUNT(*) FROM srv_responses WHERE nps IS NOT NULL AND responded_at >= @From GROUP BY channel",
                new { From = new DateTimeOffset(fromDay.ToDateTime(TimeOnly.MinValue), beijing) }))
            .ToDictionary(r => r.Channel, r => r.N);
        Assert.That(groups["widget"], Is.EqualTo(raw["widget"]));
        Assert.That(groups["qr"], Is.EqualTo(raw["qr"]));
        Assert.That(groups["email"], Is.EqualTo(raw["email"]), "the invitations' answers, beside them");
    }
}
