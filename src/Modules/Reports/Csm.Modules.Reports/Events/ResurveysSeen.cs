using Csm.BuildingBlocks.Messaging;
using Csm.Modules.Reports.Facts;
using Csm.Modules.Reports.Rollups;
using Csm.Modules.Surveys.Contracts;
using MediatR;

namespace Csm.Modules.Reports.Events;

/// <summary>
/// Keeps, beside each unhappy answer, the re-survey that checked its resolved follow-up: issued or suppressed, then the
/// customer's second answer. Each change moves the first answer's contribution to the rollups (its day, its groups), so the
/// closed-loop report reads re-surveys and recoveries like its other figures. Either event may arrive first; a redelivered
/// one changes nothing.
/// </summary>
internal sealed class ResurveysSeen(DbSession session, ReportingZone reporting) :
    INotificationHandler<ResurveyIssued>, IBatchNotificationHandler<SurveyResponded>
{
    /// <summary>A run of answers: the few that re-survey an earlier one, in order (most answers are no re-survey).</summary>
    public async Task Handle(IReadOnlyList<SurveyResponded> events, CancellationToken ct)
    {
        foreach (var e in events.Where(e => e.ResurveyOf is not null)) await Handle(e, ct);
    }

    public Task Handle(ResurveyIssued e, CancellationToken ct) => ChangeAsync(e.ResponseId, e.SendAt,
        """
        UPDATE rpt_resurveys SET invitation_id = @InvitationId, status = @Status, reason = @Reason, issued_at = @SendAt
        WHERE response_id = @ResponseId
        """,
        new { e.ResponseId, e.InvitationId, Status = e.Suppressed ? "suppressed" : "queued", e.Reason, e.SendAt }, ct);

    public Task Handle(SurveyResponded e, CancellationToken ct) => e.ResurveyOf is not { } first ? Task.CompletedTask : ChangeAsync(first, e.RespondedAt,
        """
        UPDATE rpt_resurveys SET resurvey_response_id = @ResponseId, nps = @Nps, csat = @Csat, ces = @Ces, classification = @Classification,
          answered_at = @RespondedAt
        WHERE response_id = @First
        """,
        new { First = first, e.ResponseId, e.Nps, e.Csat, e.Ces, Classification = Names.Camel(e.Classification), e.RespondedAt }, ct);

    private async Task ChangeAsync(long responseId, DateTimeOffset seenAt, string update, object args, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        var tx = session.Transaction;
        var before = await c.QuerySingleOrDefaultAsync<ResponseFact>(ResponseFact.Select + " WHERE r.response_id = @ResponseId", new { ResponseId = responseId }, tx)
            // Thrown so the outbox retries: the unhappy answer itself has not reached Reports yet.
            ?? throw new InvalidOperationException($"Response {responseId} is not known to Reports yet.");
        await c.ExecuteAsync(session.Dialect.InsertIfAbsent("rpt_resurveys", "response_id, status, issued_at", "@ResponseId, 'queued', @SendAt", "response_id"),
            new { ResponseId = responseId, SendAt = seenAt }, tx);
        await c.ExecuteAsync(update, args, tx);
        var after = await c.QuerySingleAsync<ResponseFact>(ResponseFact.Select + " WHERE r.response_id = @ResponseId", new { ResponseId = responseId }, tx);
        await DailyRollup.ApplyAsync(c, tx, session.Dialect,
            Contribution.Difference(Contribution.Of(before, reporting.Zone), Contribution.Of(after, reporting.Zone)));
    }
}
