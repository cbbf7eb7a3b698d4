using Csm.BuildingBlocks.Data;
using Csm.Modules.Tickets.Calendars;
using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Data;
using Csm.Modules.Tickets.Workflows;
using Dapper;

namespace Csm.Modules.Tickets.Sla;

/// <summary>The SLA a ticket runs under: the policy's targets and the calendar they are counted on.</summary>
internal sealed record SlaTerms(long? PolicyId, long? CalendarId, long? FirstResponseMinutes, long? ResolutionMinutes, double AtRiskShare);

/// <summary>Due and at-risk moments of a ticket's clocks; null when a clock does not run.</summary>
internal sealed record SlaDueTimes(
    DateTimeOffset? FirstResponseDueAt, DateTimeOffset? FirstResponseRiskAt,
    DateTimeOffset? ResolutionDueAt, DateTimeOffset? ResolutionRiskAt,
    DateTimeOffset? StageDueAt, DateTimeOffset? StageRiskAt)
{
    public DateTimeOffset? NextDueAt => Min(FirstResponseDueAt, ResolutionDueAt, StageDueAt);
    public DateTimeOffset? NextRiskAt => Min(FirstResponseRiskAt, ResolutionRiskAt, StageRiskAt);

    private static DateTimeOffset? Min(params DateTimeOffset?[] times) => times.Where(t => t is not null).Min();

    public static readonly SlaDueTimes None = new(null, null, null, null, null, null);
}

/// <summary>Chooses the SLA of a ticket and computes its due times in business time.</summary>
internal sealed class SlaPlanner(DbSession session)
{
    public const double DefaultAtRiskShare = 0.8;

    public async Task<SlaTerms> TermsAsync(string typeCode, TicketPriority priority, string tier, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var policy = await SlaPolicyStore.MatchAsync(connection, session.Transaction, typeCode, priority, tier);
        return policy is null
            ? new SlaTerms(null, null, null, null, DefaultAtRiskShare)
            : new SlaTerms(policy.Id, policy.CalendarId, policy.FirstResponseMinutes, policy.ResolutionMinutes, policy.AtRiskShare);
    }

    public async Task<BusinessCalendar> CalendarAsync(long? calendarId, CancellationToken ct) =>
        (await CalendarStore.ResolveAsync(await session.ConnectionAsync(ct), calendarId, session.Transaction)).Calendar;

    /// <summary>Due times of an open ticket (a paused or closed one has none: its clocks do not run).</summary>
    public static SlaDueTimes Compute(BusinessCalendar calendar, TicketRow t, int? stageLimitMinutes)
    {
        if (t.Status != TicketStatus.Open) return SlaDueTimes.None;
        (DateTimeOffset? Due, DateTimeOffset? Risk) Clock(DateTimeOffset start, long? minutes, double paused) => minutes is null
            ? (null, null)
            : (SlaClock.DueAt(calendar, start, minutes.Value, paused), SlaClock.DueAt(calendar, start, minutes.Value * t.AtRiskShare, paused));
        var fr = t.FirstRespondedAt is null ? Clock(t.CreatedAt, t.FirstResponseMinutes, t.PausedMinutes) : (null, null);
        var res = Clock(t.CreatedAt, t.ResolutionMinutes, t.PausedMinutes);
        // The stage's limit excludes the waits for the customer since the ticket entered the stage.
        var stage = Clock(t.StageEnteredAt, stageLimitMinutes, t.PausedMinutes - t.StagePausedBase);
        return new SlaDueTimes(fr.Due, fr.Risk, res.Due, res.Risk, stage.Due, stage.Risk);
    }

    public async Task<SlaDueTimes> ComputeAsync(TicketRow t, CancellationToken ct)
    {
        var calendar = await CalendarAsync(t.CalendarId, ct);
        var workflow = await WorkflowStore.ByIdAsync(await session.ConnectionAsync(ct), t.WorkflowId, session.Transaction);
        return Compute(calendar, t, workflow?.Parsed.Stage(t.Stage)?.TimeLimitMinutes);
    }

    /// <summary>A ticket's due-time columns and the parameters <see cref="SlaDueTimes"/> binds them to, for its INSERT.</summary>
    public const string DueColumnNames =
        "first_response_due_at, first_response_risk_at, resolution_due_at, resolution_risk_at, stage_due_at, stage_risk_at, next_due_at, next_risk_at";
    public const string DueValues =
        "@FirstResponseDueAt, @FirstResponseRiskAt, @ResolutionDueAt, @ResolutionRiskAt, @StageDueAt, @StageRiskAt, @NextDueAt, @NextRiskAt";

    private const string DueColumns = """
        first_response_due_at = @FirstResponseDueAt, first_response_risk_at = @FirstResponseRiskAt,
        resolution_due_at = @ResolutionDueAt, resolution_risk_at = @ResolutionRiskAt, stage_due_at = @StageDueAt,
        stage_risk_at = @StageRiskAt, next_due_at = @NextDueAt, next_risk_at = @NextRiskAt
        """;

    /// <summary>Writes a ticket's due times (in the session's transaction).</summary>
    public async Task SaveAsync(long ticketId, SlaDueTimes d, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var parameters = new DynamicParameters(d);
        parameters.Add("Id", ticketId);
        await connection.ExecuteAsync($"UPDATE tkt_tickets SET {DueColumns} WHERE id = @Id", parameters, session.Transaction);
    }

    /// <summary>
    /// After a policy, calendar or priority changed: every open ticket the condition selects gets the policy that now fits
    /// it and due times from the current calendar. One SELECT of the affected tickets, one policy lookup per kind of
    /// ticket, the arithmetic in memory, and one UPDATE for all of them (<see cref="DueTimeBatch"/>). Runs in the caller's
    /// transaction. A follow-up task keeps its own targets (it has no first-response clock and a due time of its own).
    /// </summary>
    public async Task<int> RecomputeOpenTicketsAsync(string condition, object parameters, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var tickets = (await connection.QueryAsync<TicketRow>(
            $"SELECT {TicketStore.Columns} FROM tkt_tickets WHERE status <> 'closed' AND ({condition})", parameters, session.Transaction)).ToList();
        var calendars = new Dictionary<long, BusinessCalendar>();
        var workflows = new Dictionary<long, WorkflowDefinition?>();
        var terms = new Dictionary<(string, TicketPriority, string), SlaTerms>();
        var replanned = new List<ReplannedTicket>(tickets.Count);
        foreach (var t in tickets)
        {
            if (!terms.TryGetValue((t.TypeCode, t.Priority, t.CustomerTier), out var term))
                terms[(t.TypeCode, t.Priority, t.CustomerTier)] = term = await TermsAsync(t.TypeCode, t.Priority, t.CustomerTier, ct);
            if (t.Kind == TicketKind.Task)
                term = term with { FirstResponseMinutes = t.FirstResponseMinutes, ResolutionMinutes = t.ResolutionMinutes };
            var next = t with
            {
                SlaPolicyId = term.PolicyId, CalendarId = term.CalendarId, FirstResponseMinutes = term.FirstResponseMinutes,
                ResolutionMinutes = term.ResolutionMinutes, AtRiskShare = term.AtRiskShare,
            };
            var calendarKey = term.CalendarId ?? 0;
            if (!calendars.TryGetValue(calendarKey, out var calendar)) calendars[calendarKey] = calendar = await CalendarAsync(term.CalendarId, ct);
            if (!workflows.TryGetValue(t.WorkflowId, out var workflow))
                workflows[t.WorkflowId] = workflow = (await WorkflowStore.ByIdAsync(connection, t.WorkflowId, session.Transaction))?.Parsed;
            replanned.Add(new ReplannedTicket(t.Id, term, Compute(calendar, next, workflow?.Stage(t.Stage)?.TimeLimitMinutes)));
        }
        return await DueTimeBatch.WriteAsync(session, replanned, ct);
    }
}
