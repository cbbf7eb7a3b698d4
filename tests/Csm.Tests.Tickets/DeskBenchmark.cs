using System.Diagnostics;
using System.Text.Json.Nodes;
using Csm.BuildingBlocks.Data;
using Dapper;
using static Csm.Tests.Tickets.TicketKit;

namespace Csm.Tests.Tickets;

/// <summary>
/// The desk at scale: the views list with its live counts over 100,000 tickets (one pass for all views), and a bulk
/// priority change of 10,000 tickets (each checked and saved on its own). Explicit: rows written straight into
/// tkt_tickets, which only a measurement may do. Prints figures; never fails on a timing.
/// </summary>
[Explicit("benchmark")]
public sealed class DeskBenchmark
{
    [Test]
    public async Task Views_over_100000_tickets_and_a_bulk_change_of_10000()
    {
        await using var csm = await CsmFixture.StartAsync();
        await KnownCustomerAsync(csm, 1);
        var now = csm.Clock.GetUtcNow();
        await using (var c = await csm.Service<Db>().OpenAsync())
        {
            var workflow = await c.ExecuteScalarAsync<long>("SELECT id FROM tkt_workflows WHERE code = 'inquiry' AND is_current = 1");
            await using var tx = await c.BeginTransactionAsync();
            var rows = Enumerable.Range(1, 100_000).Select(i => new
            {
                Number = $"B-{i:D6}", Workflow = workflow, Due = now.AddMinutes(i % 10 == 0 ? -30 : 600), Risk = now.AddMinutes(i % 10 is 0 or 1 ? -60 : 300),
                Created = now.AddHours(-1), Assignee = $"agent{i % 50}", Status = i % 4 == 0 ? "closed" : "open",
            });
            await c.ExecuteAsync(
                """
                INSERT INTO tkt_tickets (number, type_code, kind, workflow_id, stage, status, customer_id, customer_tier, channel, priority, subject,
                  fields, at_risk_share, created_at, updated_at, stage_entered_at, resolution_due_at, resolution_risk_at, next_due_at, next_risk_at, assignee)
                VALUES (@Number, 'inquiry', 'inquiry', @Workflow, 'accept', @Status, 1, 'standard', 'phone', 'normal', 'bench', '{}', 0.8,
                  @Created, @Created, @Created, @Due, @Risk, @Due, @Risk, @Assignee)
                """, rows, tx);
            await tx.CommitAsync();
        }
        var agent = await csm.UserAsync("agent", "agent7");
        await agent.GetAsync("/api/ticket-views").ExpectAsync(200);
        var watch = Stopwatch.StartNew();
        const int reads = 5;
        JsonArray views = [];
        for (var i = 0; i < reads; i++) views = (await (await agent.GetAsync("/api/ticket-views").ExpectAsync(200)).NodeAsync()).AsArray();
        var perList = watch.Elapsed.TotalMilliseconds / reads;
        var mine = views.Single(v => v!["name"]!.GetValue<string>().Contains("My open tickets"))!["count"]!.GetValue<long>();
        Assert.That(mine, Is.EqualTo(Enumerable.Range(1, 100_000).Count(i => i % 50 == 7 && i % 4 != 0)), "the count is the rows behind it");

        var targets = (await (await csm.Admin.GetAsync("/api/tickets?Status=open&PageSize=200").ExpectAsync(200)).NodeAsync())["total"]!.GetValue<long>();
        await using (var c = await csm.Service<Db>().OpenAsync())
        {
            var ids = (await c.QueryAsync<(long Id, long Version)>("SELECT id, version FROM tkt_tickets WHERE status = 'open' ORDER BY id LIMIT 10000")).ToList();
            watch.Restart();
            var result = await (await csm.Admin.PostJsonAsync("/api/tickets/bulk", new { tickets = ids.Select(x => new { id = x.Id, version = x.Version }), action = "setPriority", priority = "high" })
                .ExpectAsync(200)).NodeAsync();
            var bulk = watch.Elapsed;
            Assert.That(result["done"]!.GetValue<int>(), Is.EqualTo(10_000));
            Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM tkt_tickets WHERE priority = 'high'"), Is.EqualTo(10_000));
            TestContext.Progress.WriteLine($"Views list with live counts over 100,000 tickets ({targets:N0} open, {views.Count} views): {perList:F0} ms per list; " +
                $"bulk priority change of 10,000 tickets: {bulk.TotalSeconds:F1} s ({10_000 / bulk.TotalSeconds:F0} tickets/s) on {Environment.ProcessorCount} cores");
        }
    }
}
