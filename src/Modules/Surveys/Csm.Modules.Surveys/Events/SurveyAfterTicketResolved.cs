using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Messaging;
using Csm.Modules.Surveys.Invitations;
using Csm.Modules.Surveys.Data;
using Csm.Modules.Tickets.Contracts;
using Dapper;
using MediatR;

namespace Csm.Modules.Surveys.Events;

/// <summary>
/// Transactional surveys: a resolved ticket invites its customer through the distribution for its type (or the
/// catch-all one), after that distribution's delay. Tasks and tickets raised by the system are not surveyed.
/// </summary>
internal sealed class SurveyAfterTicketResolved(DbSession session, Outbox outbox, InvitationIssuer issuer)
    : INotificationHandler<TicketResolved>
{
    private sealed record Distribution
    {
        public long Id { get; init; }
        public long SurveyId { get; init; }
        public string Channel { get; init; } = "";
        public long DelayMinutes { get; init; }
        public long ValidHours { get; init; }
        public long? RemindAfterHours { get; init; }
    }

    public async Task Handle(TicketResolved e, CancellationToken ct)
    {
        if (e.Kind == TicketKind.Task || e.Source is not null) return;
        var c = await session.ConnectionAsync(ct);
        var tx = session.Transaction;
        var distribution = await c.QueryFirstOrDefaultAsync<Distribution>(
            """
            SELECT id, survey_id AS SurveyId, channel, delay_minutes AS DelayMinutes, valid_hours AS ValidHours, remind_after_hours AS RemindAfterHours
            FROM srv_distributions
            WHERE kind = 'ticketResolved' AND enabled = 1 AND (ticket_type = @Type OR ticket_type IS NULL)
            ORDER BY CASE WHEN ticket_type IS NULL THEN 1 ELSE 0 END, id
            """, new { Type = e.TypeCode }, tx);
        if (distribution is null) return;
        // The customer read model may lag behind the ticket: failing here lets the outbox retry later.
        var recipient = await c.QuerySingleOrDefaultAsync<Recipient>($"{Recipients.Select} WHERE customer_id = @Id", new { Id = e.CustomerId }, tx)
                        ?? throw new InvalidOperationException($"Customer {e.CustomerId} is not known to Surveys yet.");
        var survey = await SurveyQueries.CurrentAsync(c, distribution.SurveyId, tx)
                     ?? throw new InvalidOperationException($"Survey {distribution.SurveyId} does not exist.");
        var request = new IssueRequest(survey.Id, distribution.Id, distribution.Channel,
            e.ResolvedAt.AddMinutes(distribution.DelayMinutes), TimeSpan.FromHours(distribution.ValidHours),
            new TicketContext(e.TicketId, e.TypeCode, e.Assignee, e.Team),
            distribution.RemindAfterHours is { } hours ? TimeSpan.FromHours(hours) : null);
        await issuer.IssueAsync(session, outbox, survey.Parsed, request, [recipient], ct);
    }
}

/// <summary>Closed loop: when the follow-up task raised for a response is resolved, its outcome is recorded on the response.</summary>
internal sealed class FollowUpOutcome(DbSession session) : INotificationHandler<TicketResolved>
{
    public const string SourcePrefix = "survey-response:";

    public async Task Handle(TicketResolved e, CancellationToken ct)
    {
        if (ResponseOf(e.Source) is not { } responseId) return;
        var c = await session.ConnectionAsync(ct);
        await c.ExecuteAsync(
            """
            UPDATE srv_responses SET follow_up_ticket_id = @TicketId, follow_up_outcome = @Outcome, follow_up_closed_at = @ResolvedAt
            WHERE id = @Id AND (follow_up_closed_at IS NULL OR follow_up_closed_at <= @ResolvedAt)
            """, new { Id = responseId, e.TicketId, Outcome = e.Outcome ?? "resolved", e.ResolvedAt }, session.Transaction);
    }

    /// <summary>The unhappy answer a follow-up task was raised for, from the task's source.</summary>
    public static long? ResponseOf(string? source) =>
        source is not null && source.StartsWith(SourcePrefix, StringComparison.Ordinal)
        && long.TryParse(source.AsSpan(SourcePrefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? id : null;
}
