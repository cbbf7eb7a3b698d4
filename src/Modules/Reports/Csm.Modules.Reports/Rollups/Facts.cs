namespace Csm.Modules.Reports.Rollups;

/// <summary>One answered survey as Reports keeps it, with the follow-up that closed its loop and the re-survey that checked it, if any.</summary>
internal sealed record ResponseFact
{
    public long ResponseId { get; init; }
    public long SurveyId { get; init; }
    public long? CustomerId { get; init; }
    public string? Tier { get; init; }
    public string Touchpoint { get; init; } = "";
    public long? Nps { get; init; }
    public long? Csat { get; init; }
    public long? Ces { get; init; }
    public string? Comment { get; init; }
    public string Themes { get; init; } = "[]";
    public long? TicketId { get; init; }
    public string? TicketType { get; init; }
    public string? Channel { get; init; }
    /// <summary>How the answer came: the invitation's channel (email, sms, link) or a reusable link's (widget, link, qr).</summary>
    public string? AnsweredVia { get; init; }
    public string? Agent { get; init; }
    public string? Team { get; init; }
    public string Classification { get; init; } = "";
    public DateTimeOffset RespondedAt { get; init; }
    public DateTimeOffset? FollowUpResolvedAt { get; init; }
    public string? FollowUpOutcome { get; init; }
    /// <summary>"queued" or "suppressed" once a re-survey was issued after the resolved follow-up.</summary>
    public string? ResurveyStatus { get; init; }
    public long? ResurveyNps { get; init; }
    public long? ResurveyCsat { get; init; }
    public long? ResurveyCes { get; init; }
    /// <summary>The re-survey answer's classification, once answered.</summary>
    public string? ResurveyClassification { get; init; }

    public const string Select = """
        SELECT r.response_id AS ResponseId, r.survey_id AS SurveyId, r.customer_id AS CustomerId, r.tier, r.touchpoint,
          r.nps, r.csat, r.ces, r.comment, r.themes, r.ticket_id AS TicketId, r.ticket_type AS TicketType, r.channel, r.answered_via AS AnsweredVia,
          r.agent, r.team, r.classification, r.responded_at AS RespondedAt,
          f.resolved_at AS FollowUpResolvedAt, f.outcome AS FollowUpOutcome, z.status AS ResurveyStatus, z.nps AS ResurveyNps,
          z.csat AS ResurveyCsat, z.ces AS ResurveyCes, z.classification AS ResurveyClassification
        FROM rpt_responses r LEFT JOIN rpt_follow_ups f ON f.response_id = r.response_id LEFT JOIN rpt_resurveys z ON z.response_id = r.response_id
        """;
}

/// <summary>One ticket as Reports keeps it: the latest of what the Tickets module said about it.</summary>
internal sealed record TicketFact
{
    public long TicketId { get; init; }
    public long CustomerId { get; init; }
    public string? Kind { get; init; }
    public string? TypeCode { get; init; }
    public string? Channel { get; init; }
    public string? Priority { get; init; }
    public string? Tier { get; init; }
    public string? Assignee { get; init; }
    public string? Team { get; init; }
    public string? Stage { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? FirstRespondedAt { get; init; }
    public double? FirstResponseMinutes { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public double? ResolutionMinutes { get; init; }
    public long? SlaMet { get; init; }
    public long Reopened { get; init; }
    public long Reassigned { get; init; }
    public DateTimeOffset? FirstBreachedAt { get; init; }
    public long IsOpen { get; init; } = 1;
    public DateTimeOffset? ClosedAt { get; init; }
    public string? Source { get; init; }
    public string? Outcome { get; init; }

    public const string Columns =
        "ticket_id, customer_id, kind, type_code, channel, priority, tier, assignee, team, stage, created_at, first_responded_at, " +
        "first_response_minutes, resolved_at, resolution_minutes, sla_met, reopened, reassigned, first_breached_at, is_open, closed_at, source, outcome";

    public const string Select = """
        SELECT ticket_id AS TicketId, customer_id AS CustomerId, kind, type_code AS TypeCode, channel, priority, tier, assignee, team,
          stage, created_at AS CreatedAt, first_responded_at AS FirstRespondedAt, first_response_minutes AS FirstResponseMinutes,
          resolved_at AS ResolvedAt, resolution_minutes AS ResolutionMinutes, sla_met AS SlaMet, reopened, reassigned,
          first_breached_at AS FirstBreachedAt, is_open AS IsOpen, closed_at AS ClosedAt, source, outcome
        FROM rpt_tickets
        """;
}
