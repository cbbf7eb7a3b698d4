using System.Text.Json;
using Csm.BuildingBlocks.Messaging;
using Csm.Modules.Rules.Contracts;
using Csm.Modules.Rules.Facts;
using Csm.Modules.Rules.Events;

namespace Csm.Modules.Rules.Evaluation;

internal sealed record RunSummary(long RunId, long RuleId, string Trigger, int Matched, int Fired, int SkippedByCooldown)
{
    /// <summary>Time per phase, for the benchmark and the log; not part of the API's answer.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public RunPhases Phases { get; init; } = new();
}

/// <summary>
/// One evaluation of one rule: a recorded run, one set-based match query, and a firing per matched customer
/// outside the cool-down, written in batches (one prepared statement per step, not a round of statements per customer). Runs inside the caller's transaction, so firings, actions and events commit together.
/// </summary>
internal sealed class RuleRunner(DbSession session, Outbox outbox, RuleMatcher matcher, ActionRunner actions, RulesCalendar calendar)
{
    public async Task<RunSummary> RunAsync(RuleRow rule, string trigger, long? onlyCustomer, long? ticketId, CancellationToken ct, RunPhases? phases = null,
        long? surveyResponseId = null)
    {
        phases ??= new RunPhases();
        var tx = session.Transaction ?? throw new InvalidOperationException("A rule runs inside a transaction.");
        var c = await session.ConnectionAsync(ct);
        var now = calendar.Now;
        // Writing first takes SQLite's write lock, so an overlapping run waits and then sees this run's firings.
        var runId = await c.ExecuteScalarAsync<long>(session.Dialect.InsertReturningId("rul_runs", "rule_id, trigger_kind, started_at",
            "@RuleId, @Trigger, @Now"), new { RuleId = rule.Id, Trigger = trigger, Now = now }, tx);
        phases.Lap("run row");

        var definition = rule.Definition;
        var alsoRead = definition.Actions.SelectMany(ActionRunner.Texts).SelectMany(TemplateText.Facts);
        var matches = await matcher.MatchAsync(rule.Condition, alsoRead, rule.Id, definition.CooldownDays, onlyCustomer, ct);
        phases.Lap("match");
        var window = now.UtcTicks / TimeSpan.FromDays(definition.CooldownDays).Ticks;
        var candidates = matches.Where(m => !m.CoolingDown).ToList();

        // One prepared insert for all candidates. The unique (rule, customer, window) key is the last word when two runs
        // overlap: a key another run holds is not inserted, and that customer counts as skipped.
        await c.ExecuteAsync(session.Dialect.InsertIfAbsent("rul_firings",
                "rule_id, run_id, customer_id, cooldown_window, fired_at, reason, actions_json",
                "@RuleId, @RunId, @CustomerId, @Window, @Now, @Reason, '[]'", "rule_id, customer_id, cooldown_window"),
            candidates.Select(m => new { RuleId = rule.Id, RunId = runId, m.CustomerId, Window = window, Now = now, m.Reason }), tx);
        var firingIds = (await c.QueryAsync<(long Id, long CustomerId)>("SELECT id, customer_id FROM rul_firings WHERE run_id = @RunId",
            new { RunId = runId }, tx)).ToDictionary(f => f.CustomerId, f => f.Id);
        phases.Lap("firings");

        var events = new List<IntegrationEvent>();
        var plan = new ActionPlan();
        var fired = new List<(long FiringId, Match Match, List<ActionResult> Results)>();
        foreach (var match in candidates.Where(m => firingIds.ContainsKey(m.CustomerId)))
        {
            var firingId = firingIds[match.CustomerId];
            fired.Add((firingId, match, await actions.PlanAsync(rule, definition, match, firingId, ticketId, surveyResponseId, events, plan, ct)));
        }
        phases.Lap("action plan");
        await actions.QueueAsync(plan, ct);
        phases.Lap("outbound");
        await c.ExecuteAsync("UPDATE rul_firings SET actions_json = @Actions WHERE id = @Id",
            fired.Select(f => new { Id = f.FiringId, Actions = JsonSerializer.Serialize(f.Results, RuleStore.Json) }), tx);
        events.AddRange(fired.Select(f => new RuleFired(rule.Id, rule.Name, f.FiringId, f.Match.CustomerId, f.Match.Reason,
            f.Results.Select(r => r.Type).ToList())));
        phases.Lap("action results");
        var skipped = matches.Count - fired.Count;
        await outbox.AddRangeAsync(events, ct);
        phases.Lap("outbox");
        await c.ExecuteAsync(
            "UPDATE rul_runs SET finished_at = @Now, matched = @Matched, fired = @Fired, skipped_by_cooldown = @Skipped WHERE id = @RunId",
            new { Now = calendar.Now, Matched = matches.Count, Fired = fired.Count, Skipped = skipped, RunId = runId }, tx);
        phases.Lap("run end");
        return new RunSummary(runId, rule.Id, trigger, matches.Count, fired.Count, skipped) { Phases = phases };
    }

    /// <summary>
    /// Records a run that failed, in a transaction of its own, so the history shows it: whatever the failed run left
    /// uncommitted is rolled back first.
    /// </summary>
    public async Task RecordFailureAsync(long ruleId, string trigger, string error, CancellationToken ct)
    {
        await session.RollbackAsync(ct);
        var tx = await session.BeginAsync(ct);
        await (await session.ConnectionAsync(ct)).ExecuteAsync(
            "INSERT INTO rul_runs (rule_id, trigger_kind, started_at, finished_at, error) VALUES (@RuleId, @Trigger, @Now, @Now, @Error)",
            new { RuleId = ruleId, Trigger = trigger, Now = calendar.Now, Error = error.Length > 4000 ? error[..4000] : error }, tx);
        await session.CommitAsync(ct);
    }
}
