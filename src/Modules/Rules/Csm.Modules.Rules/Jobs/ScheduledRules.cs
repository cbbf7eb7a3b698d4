using Csm.Modules.Rules.Evaluation;
using Csm.Modules.Rules.Facts;
using Csm.Modules.Rules.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Csm.Modules.Rules.Jobs;

/// <summary>
/// Every minute, evaluates the scheduled rules that are due. Each rule is claimed by moving its next run time in
/// the run's own transaction, so two hosts (or an overlapping run) evaluate it once.
/// </summary>
internal sealed class ScheduledRules(IServiceScopeFactory scopes, RulesCalendar calendar, ILogger<ScheduledRules> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await RunDueAsync(cancellationToken);

    /// <param name="phases">Where the ticket roll-forward's time goes, when the caller wants to know.</param>
    public async Task<List<RunSummary>> RunDueAsync(CancellationToken ct = default, RunPhases? phases = null)
    {
        List<RuleRow> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            // First the ticket windows move to today (cheap when they are there already), so the rules read columns.
            var rolled = await scope.ServiceProvider.GetRequiredService<TicketRollup>().RollForwardAsync(ct);
            if (rolled.Kind != "current") logger.LogInformation("Ticket windows {Kind} from {From} to {To}: {Customers} customers", rolled.Kind, rolled.From, rolled.To, rolled.Customers);
            phases?.Lap("ticket rollup");
            var c = await scope.ServiceProvider.GetRequiredService<DbSession>().ConnectionAsync(ct);
            due = (await c.QueryAsync<RuleRow>(
                $"SELECT {RuleStore.Columns} FROM rul_rules WHERE is_enabled = 1 AND schedule IS NOT NULL AND next_run_at <= @Now ORDER BY next_run_at",
                new { calendar.Now })).ToList();
        }
        var runs = new List<RunSummary>();
        foreach (var rule in due)
        {
            if (await RunOneAsync(rule, ct) is { } run) runs.Add(run);
        }
        return runs;
    }

    private async Task<RunSummary?> RunOneAsync(RuleRow rule, CancellationToken ct)
    {
        var next = RuleSchedule.NextRun(rule.Schedule, calendar, calendar.Now);
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var phases = new RunPhases();
        try
        {
            var tx = await session.BeginAsync(ct);
            var c = await session.ConnectionAsync(ct);
            var claimed = await c.ExecuteAsync("UPDATE rul_rules SET next_run_at = @Next WHERE id = @Id AND next_run_at = @Old AND is_enabled = 1",
                new { Next = next, rule.Id, Old = rule.NextRunAt }, tx);
            if (claimed == 0)
            {
                await session.RollbackAsync(ct);
                return null;
            }
            phases.Lap("claim");
            var run = await scope.ServiceProvider.GetRequiredService<RuleRunner>().RunAsync(rule, "schedule", null, null, ct, phases);
            await session.CommitAsync(ct);
            phases.Lap("commit");
            return run;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            await session.RollbackAsync(CancellationToken.None);
            logger.LogError(e, "Scheduled rule {RuleId} failed", rule.Id);
            var c = await session.ConnectionAsync(ct);
            await c.ExecuteAsync("UPDATE rul_rules SET next_run_at = @Next WHERE id = @Id", new { Next = next, rule.Id });
            await scope.ServiceProvider.GetRequiredService<RuleRunner>().RecordFailureAsync(rule.Id, "schedule", e.Message, ct);
            return null;
        }
    }
}
