using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Messaging;
using Csm.Modules.Surveys.Contracts;
using Csm.Modules.Surveys.Data;
using Csm.Modules.Surveys.Delivery;
using Csm.Modules.Surveys.Invitations;
using Csm.Modules.Tickets.Contracts;
using Dapper;
using MediatR;

namespace Csm.Modules.Surveys.Events;

/// <summary>
/// Checks that the fix held: the follow-up task of an unhappy answer closed as resolved, and the answer's survey asks for a
/// re-survey, so the customer is invited again (by the survey the setting names) after its delay, through the issuer like
/// every invitation — the quiet period and the cap apply, and a suppressed re-survey is recorded with its reason. One
/// re-survey per answer, whatever happens to the task afterwards; a re-survey's own answer is not re-surveyed again.
/// </summary>
internal sealed class ResurveyAfterFollowUp(DbSession session, Outbox outbox, InvitationIssuer issuer) : INotificationHandler<TicketResolved>
{
    public const string Resolved = "resolved";

    private sealed record Unhappy
    {
        public long Id { get; init; }
        public long SurveyId { get; init; }
        public long? CustomerId { get; init; }
        public long? ResurveyOf { get; init; }
        public long? TicketId { get; init; }
        public string? TicketType { get; init; }
        public string? Agent { get; init; }
        public string? Team { get; init; }
        public string? Channel { get; init; }
        public long? ResurveySurveyId { get; init; }
        public long DelayHours { get; init; }
        public long ValidDays { get; init; }
    }

    public async Task Handle(TicketResolved e, CancellationToken ct)
    {
        if (e.Outcome != Resolved || FollowUpOutcome.ResponseOf(e.Source) is not { } responseId) return;
        var c = await session.ConnectionAsync(ct);
        var tx = session.Transaction;
        var answer = await c.QuerySingleOrDefaultAsync<Unhappy>(
            """
            SELECT r.id, r.survey_id AS SurveyId, r.customer_id AS CustomerId, r.resurvey_of AS ResurveyOf, r.ticket_id AS TicketId,
              r.ticket_type AS TicketType, r.agent, r.team, i.channel, s.resurvey_survey_id AS ResurveySurveyId, s.delay_hours AS DelayHours,
              s.valid_days AS ValidDays
            FROM srv_responses r
            JOIN srv_resurvey_settings s ON s.survey_id = r.survey_id AND s.enabled = 1
            LEFT JOIN srv_invitations i ON i.id = r.invitation_id
            WHERE r.id = @Id AND r.classification = 'unhappy'
            """, new { Id = responseId }, tx);
        if (answer?.CustomerId is not { } customerId || answer.ResurveyOf is not null) return;
        if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM srv_invitations WHERE resurvey_of = @Id", new { Id = responseId }, tx) > 0) return;
        var recipient = await c.QuerySingleOrDefaultAsync<Recipient>($"{Recipients.Select} WHERE customer_id = @Id", new { Id = customerId }, tx)
                        ?? throw new InvalidOperationException($"Customer {customerId} is not known to Surveys yet.");
        var surveyId = answer.ResurveySurveyId ?? answer.SurveyId;
        var survey = await SurveyQueries.CurrentAsync(c, surveyId, tx) ?? throw new InvalidOperationException($"Survey {surveyId} does not exist.");
        // Asked the way the customer answered the first time; an answer through a link or the portal is asked by e-mail.
        var channel = answer.Channel is Channels.Email or Channels.Sms ? answer.Channel : Channels.Email;
        var sendAt = e.ResolvedAt.AddHours(answer.DelayHours);
        var ticket = answer is { TicketId: { } ticketId, TicketType: { } type } ? new TicketContext(ticketId, type, answer.Agent, answer.Team) : null;
        var issued = (await issuer.IssueAsync(session, outbox, survey.Parsed,
            new IssueRequest(surveyId, null, channel, sendAt, TimeSpan.FromDays(answer.ValidDays), ticket, ResurveyOf: responseId), [recipient], ct)).Single();
        await outbox.AddAsync(new ResurveyIssued(responseId, issued.InvitationId, surveyId, customerId,
            issued.Status == InvitationStatus.Suppressed, issued.SuppressedReason, sendAt), ct);
    }
}
