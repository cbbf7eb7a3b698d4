using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.Tests.Tickets;

public sealed class DemoDataTests
{
    [Test]
    public async Task A_demo_start_brings_tickets_of_every_type_resolved_in_progress_at_risk_and_breached_and_a_second_start_adds_none()
    {
        var file = Path.Combine(Path.GetTempPath(), "csm-tests", Guid.NewGuid().ToString("N") + ".db");
        var demo = new Dictionary<string, string?> { ["Demo:Enabled"] = "true" };
        long first;
        await using (var start = await CsmFixture.StartAsync(demo, databaseFile: file)) first = await TotalAsync(start, "");
        await using var csm = await CsmFixture.StartAsync(demo, databaseFile: file);
        Assert.That(await TotalAsync(csm, ""), Is.EqualTo(first).And.GreaterThanOrEqualTo(100), "a second start adds nothing");

        foreach (var type in new[] { "repair", "complaint", "inquiry", "task" })
            Assert.That(await TotalAsync(csm, "type=" + type), Is.GreaterThan(0), type);
        Assert.That(await TotalAsync(csm, "status=closed"), Is.GreaterThan(first / 2));
        Assert.That(await TotalAsync(csm, "status=waitingForCustomer"), Is.GreaterThan(0));
        Assert.That(await TotalAsync(csm, "stage=supervisorReview") + await TotalAsync(csm, "type=complaint&status=closed"), Is.GreaterThan(0));
        Assert.That(await TotalAsync(csm, "breached=true"), Is.GreaterThan(0), "some are late");
        Assert.That(await TotalAsync(csm, "atRisk=true"), Is.GreaterThan(0), "some are close to their due time");
        var teams = await (await csm.Admin.GetAsync("/api/tickets?pageSize=200&status=closed").ExpectAsync(200)).NodeAsync();
        Assert.That(teams["items"]!.AsArray().Select(t => t!["team"]?.GetValue<string>()).Distinct(), Is.SupersetOf(new[] { "field-repair", "service-desk" }));

        // A year of history up to the moment of the start: resolved in the last day and a year ago, in every stage.
        var now = csm.Clock.GetUtcNow();
        await using (var db = await csm.Services.GetRequiredService<Csm.BuildingBlocks.Data.Db>().OpenAsync())
        {
            var resolvedAt = (await Dapper.SqlMapper.QueryAsync<DateTimeOffset>(db, "SELECT resolved_at FROM tkt_tickets WHERE status = 'closed'")).ToList();
            Assert.That(resolvedAt, Has.Some.GreaterThan(now.AddDays(-1)), "resolved today");
            Assert.That(resolvedAt, Has.Some.LessThan(now.AddDays(-330)), "and a year ago");
            Assert.That(resolvedAt, Has.All.LessThan(now));
            var repairStages = (await Dapper.SqlMapper.QueryAsync<string>(db, "SELECT DISTINCT stage FROM tkt_tickets WHERE type_code = 'repair' AND status <> 'closed'")).ToList();
            Assert.That(repairStages, Is.SupersetOf(new[] { "accept", "diagnose", "partsRequest", "onSiteRepair", "followUp" }));
            // Subjects in the customer's language: Chinese for Chinese customers, none for English ones.
            var subjects = (await Dapper.SqlMapper.QueryAsync<(string Subject, string? Language)>(db,
                "SELECT t.subject, c.language FROM tkt_tickets t JOIN tkt_customers c ON c.customer_id = t.customer_id WHERE t.source IS NULL")).ToList();
            bool Cjk(string text) => text.Any(ch => ch is >= '\u4e00' and <= '\u9fff');
            Assert.That(subjects.Where(x => x.Language == "en").Select(x => x.Subject), Is.Not.Empty.And.None.Matches<string>(Cjk));
            Assert.That(subjects.Where(x => x.Language == "zh-CN").Select(x => x.Subject), Is.Not.Empty.And.All.Matches<string>(Cjk));
            Assert.That(subjects.Select(x => x.Subject).Distinct().Count(), Is.GreaterThanOrEqualTo(20), "varied");
        }

        // The resolutions went out as events like any others, and the escalation job finds the late tickets once.
        var resolved = await TicketKit.EventsAsync<TicketResolved>(csm);
        Assert.That(resolved, Has.Count.EqualTo(await TotalAsync(csm, "status=closed")));
        Assert.That(resolved.Select(r => r.ResolvedAt), Has.All.LessThan(csm.Clock.GetUtcNow()));
        await using var scope = csm.Services.CreateAsyncScope();
        Assert.That(await scope.ServiceProvider.GetRequiredService<EscalationScan>().RunAsync(), Is.GreaterThan(0));
        Assert.That(await TicketKit.EventsAsync<SlaBreached>(csm), Is.Not.Empty);
        Assert.That(await TicketKit.EventsAsync<SlaAtRisk>(csm), Is.Not.Empty);
    }

    private static async Task<long> TotalAsync(CsmFixture csm, string query) =>
        (await (await csm.Admin.GetAsync("/api/tickets?pageSize=1&" + query).ExpectAsync(200)).NodeAsync())["total"]!.GetValue<long>();

    [TearDown]
    public void ForgetFiles() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
}
