using Csm.BuildingBlocks.Messaging;

namespace Csm.Modules.Surveys.Contracts;

public enum SurveyMetric { Nps, Csat, Ces }

/// <summary>The stage of the customer journey a survey asks about.</summary>
public enum Touchpoint { Awareness, Purchase, Onboarding, Service }

/// <summary>How an answer reads: Unhappy is an NPS detractor (0–6), CSAT 1–2 or CES 5–7, and needs a follow-up.</summary>
public enum FeedbackClass { Happy, Neutral, Unhappy }

public sealed record SurveySent(long InvitationId, long SurveyId, long? CustomerId, long? TicketId, string Channel) : IntegrationEvent;

/// <summary>
/// One answered survey. Scores are null when the survey did not ask that metric. CustomerId is null for an
/// anonymous survey. Ticket fields are set when the survey followed a ticket. ResurveyOf names the unhappy answer this
/// answer re-surveys, after that answer's follow-up was resolved. Channel is how the answer came: the
/// invitation's ("email", "sms", "link") or a reusable link's ("widget", "link", "qr"); null in events older than it.
/// </summary>
public sealed record SurveyResponded(
    long ResponseId, long SurveyId, int SurveyVersion, long? CustomerId, string? Tier, Touchpoint Touchpoint,
    int? Nps, int? Csat, int? Ces, string? Comment, IReadOnlyList<string> Themes,
    long? TicketId, string? TicketType, string? Agent, string? Team, DateTimeOffset RespondedAt,
    FeedbackClass Classification, string? AccountManager, IReadOnlyList<CustomAnswer>? Answers = null, long? ResurveyOf = null,
    string? Channel = null) : IntegrationEvent;

/// <summary>
/// An answer to one of the survey's own rating or choice questions (the seeds' plain 满意/不满意), with the question as the
/// survey asked it so a report can show it without asking back.
/// </summary>
/// <param name="Kind">"rating", "singleChoice" or "multipleChoice".</param>
/// <param name="ScaleMax">For a rating: the top of its 1..ScaleMax scale.</param>
/// <param name="Chosen">For a choice question: the keys picked.</param>
/// <param name="Options">For a choice question: every choice offered, picked or not.</param>
public sealed record CustomAnswer(
    string Question, string Kind, string TextZh, string TextEn, int? Score, int? ScaleMax, IReadOnlyList<string>? Chosen, IReadOnlyList<AnswerOption>? Options);

public sealed record AnswerOption(string Key, string Zh, string En);

public sealed record SurveySuppressed(long SurveyId, long CustomerId, string Reason) : IntegrationEvent;

/// <summary>
/// The follow-up of an unhappy answer was resolved and the survey asks to check with the customer: the re-survey invitation
/// was queued for <paramref name="SendAt"/>, or suppressed (quiet period, cap, no address) with the reason.
/// </summary>
public sealed record ResurveyIssued(long ResponseId, long InvitationId, long SurveyId, long CustomerId, bool Suppressed, string? Reason, DateTimeOffset SendAt) : IntegrationEvent;
