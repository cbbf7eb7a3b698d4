using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Messaging;
using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Notifications;
using Csm.Modules.Tickets.Sla;
using Csm.Modules.Tickets.Data;
using Microsoft.Extensions.Logging;

namespace Csm.Modules.Tickets.Jobs;

/// <summary>
/// Finds every open ticket whose SLA clock is at risk or breached with one set-based INSERT … SELECT into
/// tkt_sla_events, whose unique key (ticket, target, kind, stage, reopen cycle) makes each event happen once however
/// often or concurrently the scan runs; then raises the events and applies the policies' escalation steps to the
/// tickets that scan claimed, writing the people they tell as in-app notifications (one batched insert per scan).
/// </summary>
internal sealed class EscalationScan(DbSession session, Outbox outbox, SlaPlanner planner, IStaffDirectory staff, TimeProvider clock, ILogger<EscalationScan> logger)
{
    // The tickets past a risk moment are read once (a CTE used six times is materialised), then each clock's at-risk
    // and breached conditions pick from that small set; the events' unique key skips what an earlier scan raised.
    private const string Candidates = """
        WITH due AS (
          SELECT id, stage, reopen_count, first_response_due_at, first_response_risk_at, resolution_due_at, resolution_risk_at,
            stage_due_at, stage_risk_at
          FROM tkt_tickets WHERE status = 'open' AND next_risk_at <= @Now),
        d AS (
          SELECT id, 'firstResponse' AS target, 'breached' AS kind, '' AS scope, reopen_count AS cycle, first_response_due_at AS due_at
            FROM due WHERE first_response_due_at <= @Now
          UNION ALL
          SELECT id, 'firstResponse', 'atRisk', '', reopen_count, first_response_due_at
            FROM due WHERE first_response_risk_at <= @Now AND first_response_due_at > @Now
          UNION ALL
          SELECT id, 'resolution', 'breached', '', reopen_count, resolution_due_at FROM due WHERE resolution_due_at <= @Now
          UNION ALL
          SELECT id, 'resolution', 'atRisk', '', reopen_count, resolution_due_at
            FROM due WHERE resolution_risk_at <= @Now AND resolution_due_at > @Now
          UNION ALL
          SELECT id, 'stage', 'breached', stage, reopen_count, stage_due_at FROM due WHERE stage_due_at <= @Now
          UNION ALL
          SELECT id, 'stage', 'atRisk', stage, reopen_count, stage_due_at FROM due WHERE stage_risk_at <= @Now AND stage_due_at > @Now)
        """;

    private sealed record Claimed
    {
        public long TicketId { get; init; }
        public SlaTarget Target { get; init; }
        public string Kind { get; init; } = "";
        public DateTimeOffset DueAt { get; init; }
        public long CustomerId { get; init; }
        public string? Assignee { get; init; }
        public string? Team { get; init; }
        public TicketPriority Priority { get; init; }
        public long? SlaPolicyId { get; init; }
    }

    /// <summary>Runs one scan. Returns how many (ticket, target) events it raised.</summary>
    /// <param name="scheduledAt">The scheduler's tick this run is for; recorded in tkt_escalation_runs.</param>
    /// <param name="ranBy">The scheduler instance (one per host) that ran it; else this machine and process.</param>
    public async Task<int> RunAsync(CancellationToken ct = default, DateTimeOffset? scheduledAt = null, string? ranBy = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ScanAsync(scheduledAt, ranBy ?? ThisProcess, ct);
            }
            catch (Exception e) when (session.Dialect.IsUniqueViolation(e) && attempt < 3)
            {
                // Another host's scan claimed some of the same events first; the next attempt skips them.
                await session.RollbackAsync(CancellationToken.None);
                logger.LogInformation("An overlapping escalation scan claimed the same events; retrying");
            }
        }
    }

    private async Task<int> ScanAsync(DateTimeOffset? scheduledAt, string ranBy, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var scan = Guid.NewGuid().ToString("N");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        var raised = await c.ExecuteAsync(
            $"""
            {Candidates}
            INSERT INTO tkt_sla_events (ticket_id, target, kind, scope, cycle, due_at, raised_at, scan_id)
            SELECT d.id, d.target, d.kind, d.scope, d.cycle, d.due_at, @Now, @Scan FROM d
            WHERE NOT EXISTS (SELECT 1 FROM tkt_sla_events e WHERE e.ticket_id = d.id AND e.target = d.target AND e.kind = d.kind
              AND e.scope = d.scope AND e.cycle = d.cycle)
            """, new { Now = now, Scan = scan }, tx);
        if (raised == 0)
        {
            // Nothing due: the run is recorded all the same (the INSERT above wrote nothing).
            await RecordRunAsync(c, tx, scheduledAt, now, System.Diagnostics.Stopwatch.GetElapsedTime(started), 0, ranBy);
            await session.CommitAsync(ct);
            return 0;
        }
        var claimedAt = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        var claimed = (await c.QueryAsync<Claimed>(
            """
            SELECT e.ticket_id AS TicketId, e.target, e.kind, e.due_at AS DueAt, t.customer_id AS CustomerId, t.assignee, t.team,
              t.priority, t.sla_policy_id AS SlaPolicyId
            FROM tkt_sla_events e JOIN tkt_tickets t ON t.id = e.ticket_id
            WHERE e.scan_id = @Scan ORDER BY e.ticket_id, e.kind DESC, e.id
            """, new { Scan = scan }, tx)).ToList();
        var policyIds = claimed.Where(x => x.SlaPolicyId is not null).Select(x => x.SlaPolicyId!.Value).Distinct().ToList();
        var policies = (await c.QueryAsync<SlaPolicyRow>($"SELECT {SlaPolicyStore.Columns} FROM tkt_sla_policies WHERE id IN @Ids", new { Ids = policyIds }, tx))
            .ToDictionary(p => p.Id, p => p.Steps);

        var readAt = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        await outbox.AddRangeAsync(claimed.Select(x => x.Kind == "breached"
            ? (IntegrationEvent)new SlaBreached(x.TicketId, x.CustomerId, x.Target, x.DueAt, x.Assignee)
            : new SlaAtRisk(x.TicketId, x.CustomerId, x.Target, x.DueAt, x.Assignee)), ct);

        var eventsAt = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        var raisedPriority = new List<long>();
        var notices = new List<Notice>();
        var managers = new Dictionary<string, string?>();
        foreach (var ticket in claimed.GroupBy(x => x.TicketId))
        {
            var first = ticket.First();
            if (first.SlaPolicyId is not { } policy || !policies.TryGetValue(policy, out var policySteps) || policySteps.Count == 0) continue;
            var stepsOf = ticket.ToDictionary(x => x, x => policySteps
                .Where(step => (step.When == EscalationWhen.Breached) == (x.Kind == "breached") && (step.Target is null || step.Target == x.Target))
                .ToList());
            var steps = stepsOf.Values.SelectMany(s => s).Distinct().ToList();
            // The owner hears of each target that this scan found at risk or breached (the events' unique key makes that
            // once per target); a ticket nobody owns goes to its team's manager, else to any manager.
            var told = ticket.Where(x => stepsOf[x].Any(s => s.Action == EscalationAction.Notify)).ToList();
            var owner = told.Count == 0 ? null : first.Assignee ?? await ManagerOfAsync(c, tx, first.Team, managers);
            if (owner is not null)
                notices.AddRange(told.Select(x => new Notice(owner, x.TicketId, x.Kind == "breached" ? NotificationKind.Breached : NotificationKind.AtRisk, x.Target)));
            var escalated = await EscalateAsync(c, tx, first, steps, now, ct);
            if (escalated.PriorityRaised) raisedPriority.Add(first.TicketId);
            // Whoever a ticket was escalated to hears why: the first target whose steps reassigned it (breaches sort first).
            if (escalated.ReassignedTo is { } to && ticket.FirstOrDefault(x => stepsOf[x].Any(s => s.Action is EscalationAction.ReassignToSupervisor
                    or EscalationAction.ReassignToTeamLead)) is { } why)
                notices.Add(new Notice(to, why.TicketId, NotificationKind.Escalated, why.Target, why.Kind));
        }
        await Notices.WriteAsync(c, tx, session.Dialect, notices, now, inHistory: true);
        // A raised priority may fall under another policy with shorter targets: re-plan those tickets together.
        foreach (var chunk in raisedPriority.Chunk(500))
            await planner.RecomputeOpenTicketsAsync("id IN @Ids", new { Ids = chunk }, ct);
        var escalatedAt = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        await RecordRunAsync(c, tx, scheduledAt, now, escalatedAt, claimed.Count, ranBy);
        await session.CommitAsync(ct);
        logger.LogInformation(
            "Escalation scan raised {Events} events: claimed in {Claimed:F0} ms, read back by {Read:F0} ms, events written by {Written:F0} ms, steps applied by {Escalated:F0} ms, committed by {Total:F0} ms",
            claimed.Count, claimedAt.TotalMilliseconds, readAt.TotalMilliseconds, eventsAt.TotalMilliseconds, escalatedAt.TotalMilliseconds,
            System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return claimed.Count;
    }

    /// <summary>One row of tkt_escalation_runs, in the scan's transaction; rows older than 30 days go.</summary>
    private static Task RecordRunAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, DateTimeOffset? scheduledAt,
        DateTimeOffset now, TimeSpan elapsed, int events, string ranBy) => c.ExecuteAsync(
        """
        INSERT INTO tkt_escalation_runs (scheduled_at, started_at, elapsed_ms, events, host) VALUES (@ScheduledAt, @Now, @Elapsed, @Events, @Host);
        DELETE FROM tkt_escalation_runs WHERE started_at < @Forget
        """,
        new { ScheduledAt = scheduledAt, Now = now, Elapsed = (long)elapsed.TotalMilliseconds, Events = (long)events, Host = ranBy, Forget = now.AddDays(-30) }, tx);

    private static readonly string ThisProcess = $"{Environment.MachineName}:{Environment.ProcessId}";

    private async Task<string?> ManagerOfAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, string? team,
        Dictionary<string, string?> managers)
    {
        // One directory question per team per scan, however many of its tickets nobody owns.
        if (!managers.TryGetValue(team ?? "", out var manager))
            managers[team ?? ""] = manager = await staff.WithRoleAsync(c, tx, Roles.Manager, team);
        return manager;
    }

    private readonly record struct Escalated(bool PriorityRaised, string? ReassignedTo);

    /// <summary>Applies the steps to one ticket: whether its priority was raised, and to whom it was reassigned.</summary>
    private async Task<Escalated> EscalateAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, Claimed t,
        IReadOnlyList<EscalationStep> steps, DateTimeOffset now, CancellationToken ct)
    {
        var assignee = t.Assignee;
        var priority = t.Priority;
        foreach (var step in steps)
        {
            switch (step.Action)
            {
                // Notify: the owners' notifications (and their history lines) are written for the whole scan at once.
                case EscalationAction.RaisePriority when priority < TicketPriority.Urgent:
                    priority++;
                    break;
                case EscalationAction.ReassignToSupervisor:
                case EscalationAction.ReassignToTeamLead:
                    var to = step.AssignTo ?? await staff.WithRoleAsync(c, tx, Roles.Manager, t.Team,
                        teamOnly: step.Action == EscalationAction.ReassignToTeamLead);
                    if (to is not null) assignee = to;
                    break;
            }
        }
        if (assignee == t.Assignee && priority == t.Priority) return default;
        await c.ExecuteAsync("UPDATE tkt_tickets SET assignee = @Assignee, priority = @Priority, version = version + 1, updated_at = @Now WHERE id = @Id",
            new { Id = t.TicketId, Assignee = assignee, Priority = EnumText.Of(priority), Now = now }, tx);
        await TicketStore.AddHistoryAsync(c, tx, t.TicketId, now, "sla", "escalated",
            new { from = t.Assignee, to = assignee, priorityFrom = t.Priority.ToString(), priorityTo = priority.ToString() });
        if (assignee != t.Assignee)
            await outbox.AddAsync(new TicketAssigned(t.TicketId, t.CustomerId, assignee, t.Team, t.Assignee), ct);
        return new Escalated(priority != t.Priority, assignee != t.Assignee ? assignee : null);
    }
}
