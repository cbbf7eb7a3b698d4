using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Messaging;
using Dapper;
using static Csm.Tests.Reports.ReportsApi;

namespace Csm.Tests.Reports;

/// <summary>How answers came (an invitation's channel or a reusable link's) as a group of the reports, and the rollups rebuilt when their shape changes.</summary>
public sealed class AnsweredViaTests
{
    private static readonly DateTimeOffset Day = new(2026, 3, 4, 10, 0, 0, Beijing);

    /// <summary>Three through the widget (5, 5, 1), two by e-mail invitation (4, 2), one from a printed QR code (5), one kept before the channel was recorded (3).</summary>
    private static IntegrationEvent[] Answers() =>
    [
        Answer(1, Day, csat: 5) with { Channel = "widget" }, Answer(2, Day, csat: 5) with { Channel = "widget" }, Answer(3, Day, csat: 1) with { Channel = "widget" },
        Answer(4, Day, csat: 4) with { Channel = "email" }, Answer(5, Day, csat: 2) with { Channel = "email" },
        Answer(6, Day, csat: 5) with { Channel = "qr" },
        Answer(7, Day, csat: 3),
    ];

    private static async Task<Dictionary<string, (long N, double? Value)>> ByChannelAsync(CsmFixture csm)
    {
        var report = await csm.Admin.ReportAsync("/api/reports/satisfaction?metric=csat&from=2026-03-01&to=2026-03-31&groupBy=answeredVia");
        Assert.That(report["groupBy"]!.GetValue<string>(), Is.EqualTo("answeredVia"));
        return report["groups"]!.AsArray().ToDictionary(g => g!["value"]!.GetValue<string>(),
            g => (g!["total"]!["n"]!.GetValue<long>(), g["total"]!["value"].Number()));
    }

    [Test]
    public async Task Satisfaction_is_grouped_by_how_the_answers_came_and_the_groups_add_up_to_every_answer()
    {
        await using var csm = await CsmFixture.StartAsync();
        await csm.PublishAsync(Answers());

        var groups = await ByChannelAsync(csm);
        Assert.Multiple(() =>
        {
            Assert.That(groups.Keys, Is.EquivalentTo(new[] { "widget", "email", "qr", "(none)" }));
            Assert.That(groups["widget"].N, Is.EqualTo(3));
            Assert.That(groups["widget"].Value, Is.EqualTo(200.0 / 3).Within(1e-9), "two of three satisfied (4 or 5)");
            Assert.That(groups["email"], Is.EqualTo((2L, (double?)50)));
            Assert.That(groups["qr"], Is.EqualTo((1L, (double?)100)));
            Assert.That(groups["(none)"].N, Is.EqualTo(1), "an answer kept before the channel was recorded is counted, under no channel");
            Assert.That(groups.Values.Sum(g => g.N), Is.EqualTo(7));
        });
        Assert.That(await csm.ScalarAsync("SELECT COUNT(*) FROM rpt_responses WHERE answered_via = 'widget'"), Is.EqualTo(3));
    }

    [Test]
    public async Task Rollups_built_with_another_shape_are_rebuilt_from_the_facts_at_start_up_and_only_then()
    {
        var file = Path.Combine(Path.GetTempPath(), "csm-tests", Guid.NewGuid() + ".db");
        string rebuiltAt;
        await using (var first = await CsmFixture.StartAsync(databaseFile: file))
        {
            await first.PublishAsync(Answers());
            Assert.That((await ByChannelAsync(first)).Values.Sum(g => g.N), Is.EqualTo(7));
            await using var c = await first.Service<Db>().OpenAsync();
            // As a host of an older release left them: built without the answeredVia group.
            await c.ExecuteAsync("DELETE FROM rpt_daily WHERE dimension = 'answeredVia'; DELETE FROM rpt_period WHERE dimension = 'answeredVia'");
            await c.ExecuteAsync("UPDATE rpt_rollup_shape SET shape = 'zone=Asia/Shanghai;responses=tier,touchpoint,ticketType,channel,agent,team,survey'");
            Assert.That(await ByChannelAsync(first), Is.Empty, "the rollups no longer hold the group");
        }

        await using (var second = await CsmFixture.StartAsync(databaseFile: file))
        {
            var groups = await ByChannelAsync(second);
            Assert.That(groups["widget"].N, Is.EqualTo(3));
            Assert.That(groups.Values.Sum(g => g.N), Is.EqualTo(7));
            await using var c = await second.Service<Db>().OpenAsync();
            Assert.That(await c.ExecuteScalarAsync<string>("SELECT shape FROM rpt_rollup_shape"), Does.Contain("answeredVia"));
            rebuiltAt = (await c.ExecuteScalarAsync<object>("SELECT rebuilt_at FROM rpt_rollup_shape"))!.ToString()!;
            // A rollup row removed now is not brought back by a start whose shape matches: nothing is rebuilt without need.
            await c.ExecuteAsync("DELETE FROM rpt_daily WHERE dimension = 'answeredVia' AND dim_value = 'qr'; DELETE FROM rpt_period WHERE dimension = 'answeredVia' AND dim_value = 'qr'");
        }

        await using var third = await CsmFixture.StartAsync(databaseFile: file);
        Assert.That((await ByChannelAsync(third)).ContainsKey("qr"), Is.False, "the shape matched: no rebuild");
        await using var connection = await third.Service<Db>().OpenAsync();
        Assert.That((await connection.ExecuteScalarAsync<object>("SELECT rebuilt_at FROM rpt_rollup_shape"))!.ToString(), Is.EqualTo(rebuiltAt));
    }
}
