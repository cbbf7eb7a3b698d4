using System.Text.Json;
using Csm.BuildingBlocks.Messaging;
using Csm.Modules.Rules.Contracts;
using Csm.Modules.Rules.Facts;

namespace Csm.Modules.Rules.Evaluation;

internal sealed record RunSummary(long RunId, long RuleId, string Trigger, int Matched, int Fired, int SkippedByCooldown);

/// <summary>
/// One evaluation of one rule: a recorded run, one set-based match query, and a firing per matched customer
/// outside the cool-down. Runs inside the caller's transaction, so firings, actions and events commit together.
/// </summary>
internal sealed class RuleRunner(DbSession session, Outbox outbox, RuleMatcher matcher, ActionRunner actions, RulesCalendar calendar)
{
    public async Task<RunSummary> RunAsync(RuleRow rule, string trigger, long? onlyCustomer, long? ticketId, CancellationToken ct)
    {
        var tx = session.Transaction ?? throw new InvalidOperationException("A rule runs inside a transaction.");
        var c = await session.ConnectionAsync(ct);
        var now = calendar.Now;
        // Writing first takes SQLite's write lock, so an overlapping run waits and then sees this run's firings.
        var runId = await c.ExecuteScalarAsync<long>(session.Dialect.InsertReturningId("rul_runs", "rule_id, trigger_kind, started_at",
            "@RuleId, @Trigger, @Now"), new { RuleId = rule.Id, Trigger = trigger, Now = now }, tx);

        var definition = rule.Definition;
        var alsoRead = definition.Actions.SelectMany(ActionRunner.Texts).SelectMany(TemplateText.Facts);
        var matches = await matcher.MatchAsync(rule.Condition, alsoRead, rule.Id, definition.CooldownDays, onlyCustomer, ct);
        var window = now.UtcTicks / TimeSpan.FromDays(definition.CooldownDays).Ticks;
        var events = new List<IntegrationEvent>();
        var fired = 0;
        var skipped = matches.Count(m => m.CoolingDown);
        foreach (var match in matches.Where(m => !m.CoolingDown))
        {
            // The unique (rule, customer, window) key is the last word when two runs overlap: the loser skips the customer.
            long firingId;
            try
            {
                firingId = await c.ExecuteScalarAsync<long>(session.Dialect.InsertReturningId("rul_firings",
                    "rule_id, run_id, customer_id, cooldown_window, fired_at, reason, actions_json",
                    "@RuleId, @RunId, @CustomerId, @Window, @Now, @Reason, '[]'"),
                    new { RuleId = rule.Id, RunId = runId, match.CustomerId, Window = window, Now = now, match.Reason }, tx);
            }
            catch (Exception e) when (session.Dialect.IsUniqueViolation(e))
            {
                skipped++;
                continue;
            }
            var results = await actions.RunAsync(rule, definition, match, firingId, ticketId, events, ct);
            await c.ExecuteAsync("UPDATE rul_firings SET actions_json = @Actions WHERE id = @Id",
                new { Id = firingId, Actions = JsonSerializer.Serialize(results, RuleStore.Json) }, tx);
            events.Add(new RuleFired(rule.Id, rule.Name, firingId, match.CustomerId, match.Reason, results.Select(r => r.Type).ToList()));
            fired++;
        }
        await outbox.AddRangeAsync(events, ct);
        await c.ExecuteAsync(
            "UPDATE rul_runs SET finished_at = @Now, matched = @Matched, fired = @Fired, skipped_by_cooldown = @Skipped WHERE id = @RunId",
            new { Now = calendar.Now, Matched = matches.Count, Fired = fired, Skipped = skipped, RunId = runId }, tx);
        return new RunSummary(runId, rule.Id, trigger, matches.Count, fired, skipped);
    }

    /// <summary>Records a run that failed, in its own transaction, so the history shows it.</summary>
    public async Task RecordFailureAsync(long ruleId, string trigger, string error, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        await c.ExecuteAsync(
            "INSERT INTO rul_runs (rule_id, trigger_kind, started_at, finished_at, error) VALUES (@RuleId, @Trigger, @Now, @Now, @Error)",
            new { RuleId = ruleId, Trigger = trigger, Now = calendar.Now, Error = error.Length > 4000 ? error[..4000] : error });
    }
}
