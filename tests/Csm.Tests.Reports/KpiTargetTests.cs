using Csm.BuildingBlocks.Messaging;
using static Csm.Tests.Reports.ReportsApi;
using static Csm.Tests.Reports.Tickets;

namespace Csm.Tests.Reports;

public sealed class KpiTargetTests
{
    private static readonly DateTimeOffset Day = new(2026, 3, 4, 10, 0, 0, Beijing);

    [Test]
    public async Task Targets_per_agent_and_team_are_shown_against_actuals_counted_by_hand()
    {
        await using var csm = await CsmFixture.StartAsync(clock: Clocks.At(Day.AddDays(20)));
        var tickets = Enumerable.Range(1, 5).Select(i => Created(i, Day, team: "north", assignee: i <= 4 ? "li" : "wang")).ToArray();
        var slaMet = new[] { true, true, false, true, true };
        await csm.PublishAsync(tickets.Cast<IntegrationEvent>()
            .Concat(tickets.Select((t, i) => (IntegrationEvent)Resolved(t, Day.AddHours(3), 180, slaMet: slaMet[i])))
            .Concat(new[] { 5, 4, 2, 4 }.Select((csat, i) => (IntegrationEvent)Answer(i + 1, Day, csat: csat, agent: i < 3 ? "li" : "wang", team: "north")))
            .ToArray());

        var manager = await csm.UserAsync("manager");
        async Task<long> SetAsync(string scope, string subject, string kpi, double value) =>
            (await (await manager.PutJsonAsync("/api/kpi-targets", new { scope, subject, kpi, value }).ExpectAsync(200)).NodeAsync())["id"]!.GetValue<long>();
        await SetAsync("agent", "li", "slaCompliance", 90);
        await SetAsync("agent", "li", "slaCompliance", 70);   // replaces the first
        await SetAsync("agent", "li", "resolved", 5);
        await SetAsync("team", "north", "csat", 70);
        await SetAsync("agent", "zhao", "nps", 10);
        var removed = await SetAsync("agent", "zhao", "resolved", 1);
        await manager.DeleteAsync($"/api/kpi-targets/{removed}").ExpectAsync(204);
        await manager.DeleteAsync($"/api/kpi-targets/{removed}").ExpectAsync(404);

        var report = await csm.Admin.ReportAsync("/api/reports/kpis?from=2026-03-01&to=2026-03-31");
        var rows = report["targets"]!.AsArray().ToDictionary(t => $"{t!["subject"]}/{t["kpi"]}", t => t!);
        Assert.Multiple(() =>
        {
            Assert.That(rows.Keys, Is.EquivalentTo(new[] { "li/slaCompliance", "li/resolved", "north/csat", "zhao/nps" }));
            Assert.That(rows["li/slaCompliance"]["target"].Number(), Is.EqualTo(70));
            Assert.That(rows["li/slaCompliance"]["actual"].Number(), Is.EqualTo(100.0 * 3 / 4), "li resolved 4, 3 within SLA");
            Assert.That(rows["li/slaCompliance"]["met"]!.GetValue<bool>(), Is.True);
            Assert.That(rows["li/resolved"]["actual"].Number(), Is.EqualTo(4));
            Assert.That(rows["li/resolved"]["met"]!.GetValue<bool>(), Is.False);
            Assert.That(rows["north/csat"]["actual"].Number(), Is.EqualTo(100.0 * 3 / 4), "3 of north's 4 answers are 4–5");
            Assert.That(rows["north/csat"]["n"]!.GetValue<long>(), Is.EqualTo(4));
            Assert.That(rows["zhao/nps"]["actual"], Is.Null, "nothing measured");
            Assert.That(rows["zhao/nps"]["met"], Is.Null);
        });
    }

    [TestCase("scope", "desk")]
    [TestCase("kpi", "happiness")]
    [TestCase("value", 150.0)]
    public async Task A_bad_target_is_a_400_naming_the_field_and_sets_nothing(string field, object bad)
    {
        await using var csm = await CsmFixture.StartAsync();
        var body = new Dictionary<string, object> { ["scope"] = "agent", ["subject"] = "li", ["kpi"] = "csat", ["value"] = 80.0 };
        body[field] = bad;
        var problem = await (await csm.Admin.PutJsonAsync("/api/kpi-targets", body).ExpectAsync(400)).NodeAsync();
        Assert.That(problem.ErrorsFor(field), Is.Not.Empty);
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM rpt_kpi_targets"), Is.Zero);
    }

    [Test]
    public async Task Only_managers_set_targets()
    {
        await using var csm = await CsmFixture.StartAsync();
        var agent = await csm.UserAsync("agent");
        await agent.PutJsonAsync("/api/kpi-targets", new { scope = "agent", subject = "li", kpi = "csat", value = 80.0 }).ExpectAsync(403);
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM rpt_kpi_targets"), Is.Zero);
    }
}
