using System.Diagnostics;
using Csm.BuildingBlocks.Data;
using Csm.Modules.Tickets.Jobs;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.Tests.Tickets;

/// <summary>
/// The issue's benchmark: one escalation scan over 100,000 open tickets (target under a second). Explicit: it fills a
/// database with rows written straight into tkt_tickets, which only a measurement may do.
/// </summary>
[Explicit("benchmark")]
public sealed class EscalationScanBenchmark
{
    /// <param name="notifying">Under the shipped Standard policy, whose steps notify each ticket's owner (one
    /// notification and one history line per event), instead of under no policy.</param>
    [TestCase(false)]
    [TestCase(true)]
    public async Task One_scan_over_100000_open_tickets(bool notifying)
    {
        await using var csm = await CsmFixture.StartAsync();
        var now = csm.Clock.GetUtcNow();
        long? policy = null;
        await using (var c = await csm.Service<Db>().OpenAsync())
        {
            await using var tx = await c.BeginTransactionAsync();
            if (notifying) policy = await c.ExecuteScalarAsync<long>("SELECT id FROM tkt_sla_policies WHERE name = 'Standard'", transaction: tx);
            // One in ten tickets is past its resolution due time, one in ten at risk, the rest on track.
            var rows = Enumerable.Range(1, 100_000).Select(i => new
            {
                Number = $"B-{i:D6}", Due = now.AddMinutes(i % 10 == 0 ? -30 : 600), Risk = now.AddMinutes(i % 10 is 0 or 1 ? -60 : 300),
                Created = now.AddHours(-1), Policy = policy, Assignee = notifying ? $"agent{i % 50}" : null,
            });
            await c.ExecuteAsync(
                """
                INSERT INTO tkt_tickets (number, type_code, kind, workflow_id, stage, status, customer_id, customer_tier, channel, priority, subject,
                  fields, at_risk_share, created_at, updated_at, stage_entered_at, resolution_due_at, resolution_risk_at, next_due_at, next_risk_at,
                  sla_policy_id, assignee)
                VALUES (@Number, 'inquiry', 'inquiry', 1, 'accept', 'open', 1, 'standard', 'phone', 'normal', 'bench', '{}', 0.8,
                  @Created, @Created, @Created, @Due, @Risk, @Due, @Risk, @Policy, @Assignee)
                """, rows, tx);
            await tx.CommitAsync();
        }
        var watch = Stopwatch.StartNew();
        int raised;
        await using (var scope = csm.Services.CreateAsyncScope())
        {
            raised = await scope.ServiceProvider.GetRequiredService<EscalationScan>().RunAsync();
        }
        var first = watch.Elapsed;
        watch.Restart();
        await using (var scope = csm.Services.CreateAsyncScope())
        {
            Assert.That(await scope.ServiceProvider.GetRequiredService<EscalationScan>().RunAsync(), Is.Zero);
        }
        TestContext.Progress.WriteLine($"Escalation scan over 100,000 open tickets{(notifying ? " (owners notified)" : "")}: {raised} events raised in {first.TotalMilliseconds:F0} ms; " +
            $"a repeat scan that finds nothing new: {watch.Elapsed.TotalMilliseconds:F0} ms ({Environment.ProcessorCount} cores)");
        Assert.That(raised, Is.EqualTo(20_000));
        if (!notifying) return;
        await using var read = await csm.Service<Db>().OpenAsync();
        Assert.That(await read.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM tkt_notifications"), Is.EqualTo(20_000));
    }
}
