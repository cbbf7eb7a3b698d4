using System.Threading.Channels;
using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Messaging;
using Csm.Modules.Surveys.Contracts;
using Csm.Modules.Surveys.Data;
using Csm.Modules.Surveys.Delivery;
using Csm.Modules.Surveys.Links;
using Csm.Modules.Surveys.Themes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.Modules.Surveys.Responses;

/// <summary>A checked answer ready to be stored: everything the response row and its SurveyResponded event carry.</summary>
internal sealed record NewResponse(
    DateTimeOffset Now, long InvitationId, long SurveyId, long Version, long Revision, Touchpoint Touchpoint,
    long? CustomerId, string? Tier, string? AccountManager, int? Nps, int? Csat, int? Ces, string? Comment, string Answers,
    FeedbackClass Classification, long? TicketId, string? TicketType, string? Agent, string? Team,
    IReadOnlyList<CustomAnswer>? Custom = null, string? Channel = null, string? Page = null, LinkVisitor? Visitor = null);

/// <summary>
/// An answer through a survey's reusable link: it has no invitation yet, the writer makes one (answered at once) for the
/// browser, which may answer the survey once. <see cref="NewResponse.InvitationId"/> is 0 until then.
/// </summary>
internal sealed record LinkVisitor(string BrowserId, string Language);

/// <summary>
/// Stores public answers by group commit. SQLite has a single writer: when every request opened its own write
/// transaction, 64 concurrent answers queued inside SQLite's busy handler, each parking a thread-pool thread, and the
/// lock changed hands at the pace of a starved pool. Here requests do their reads and checks first, then queue the
/// answer; one loop takes whatever is waiting and writes it in one short transaction (claim each token, insert each
/// response, tag themes and add the events set-based), so the lock is taken once per batch instead of once per answer.
/// Each answer is still all-or-nothing with its token claim and its event.
/// </summary>
internal sealed class ResponseWriter : IAsyncDisposable
{
    private const int MaxBatch = 128;

    private sealed record Pending(NewResponse Response)
    {
        public TaskCompletionSource<long?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private readonly IServiceScopeFactory _scopes;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public ResponseWriter(IServiceScopeFactory scopes)
    {
        _scopes = scopes;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Stores the response; its id, or null when the token was taken (or expired, or the survey edited) meanwhile.</summary>
    public Task<long?> WriteAsync(NewResponse response)
    {
        var pending = new Pending(response);
        if (!_queue.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(ResponseWriter));
        return pending.Done.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending)) batch.Add(pending);
            try
            {
                await WriteBatchAsync(batch);
            }
            catch (Exception) when (batch.Count > 1)
            {
                // A token lost to another answer (or one answer failing) must not fail the others: one at a time, each
                // alone is refused or stored exactly as it would have been.
                foreach (var pending in batch) await WriteAloneAsync(pending);
            }
            catch (Exception ex)
            {
                batch[0].Done.TrySetException(ex);
            }
            batch.Clear();
        }
    }

    private async Task WriteAloneAsync(Pending pending)
    {
        try
        {
            await WriteBatchAsync([pending]);
        }
        catch (Exception ex)
        {
            pending.Done.TrySetException(ex);
        }
    }

    private sealed class ClaimLost : Exception;

    private sealed record Inserted
    {
        public long Id { get; init; }
        public long InvitationId { get; init; }
        public long? ResurveyOf { get; init; }
    }

    private async Task WriteBatchAsync(IReadOnlyList<Pending> batch)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
        var tx = await session.BeginAsync();
        var c = await session.ConnectionAsync();
        var answers = batch.Select(p => p.Response).ToList();
        // The claim is the authority: of two answers racing for one token exactly one updates the row, and an answer
        // checked against a survey revision that has changed since claims nothing (its request checks it again).
        // Each statement is prepared once and run for every answer of the batch.
        var invited = answers.Where(a => a.Visitor is null).ToList();
        var claimed = invited.Count == 0 ? 0 : await c.ExecuteAsync(
            """
            UPDATE srv_invitations SET status = 'answered', answered_at = @Now
            WHERE id = @InvitationId AND status <> 'answered' AND expires_at > @Now
              AND EXISTS (SELECT 1 FROM srv_surveys s WHERE s.id = @SurveyId AND s.revision = @Revision)
            """, invited, tx);
        var visits = await LinkInvitations.AddAsync(c, tx, session.Dialect, answers, batch.Count == 1);
        if (visits is null || claimed != invited.Count || visits.Count != answers.Count - invited.Count)
        {
            if (batch.Count > 1) throw new ClaimLost();
            await session.RollbackAsync();
            batch[0].Done.TrySetResult(null);
            return;
        }
        answers = answers.Select(a => a.Visitor is { } v ? a with { InvitationId = visits[(a.SurveyId, v.BrowserId)] } : a).ToList();
        await scope.ServiceProvider.GetRequiredService<OutboundQueue>().CancelAsync(SurveyMessages.Module,
            answers.Select(a => SurveyMessages.Key(a.InvitationId)).ToList(), SurveyMessages.Reminder, "no reminder needed: already answered");
        await c.ExecuteAsync(
            """
            INSERT INTO srv_responses (survey_id, survey_version, invitation_id, customer_id, tier, account_manager, touchpoint, nps, csat, ces,
              comment, answers, classification, ticket_id, ticket_type, agent, team, responded_at, resurvey_of, channel, page)
            VALUES (@SurveyId, @Version, @InvitationId, @CustomerId, @Tier, @AccountManager, @Touchpoint, @Nps, @Csat, @Ces,
              @Comment, @Answers, @Classification, @TicketId, @TicketType, @Agent, @Team, @Now,
              (SELECT i.resurvey_of FROM srv_invitations i WHERE i.id = @InvitationId), @Channel, @Page)
            """, answers.Select(r => new
            {
                r.SurveyId, r.Version, r.InvitationId, r.CustomerId, r.Tier, r.AccountManager, Touchpoint = EnumText.Of(r.Touchpoint),
                r.Nps, r.Csat, r.Ces, r.Comment, r.Answers, Classification = EnumText.Of(r.Classification),
                r.TicketId, r.TicketType, r.Agent, r.Team, r.Now, r.Channel, r.Page,
            }), tx);
        var ids = (await c.QueryAsync<Inserted>(
                "SELECT id, invitation_id AS InvitationId, resurvey_of AS ResurveyOf FROM srv_responses WHERE invitation_id IN @Ids",
                new { Ids = answers.Select(r => r.InvitationId).ToList() }, tx))
            .ToDictionary(r => r.InvitationId);
        var themes = await ThemeTagger.TagResponsesAsync(c, tx, session.Dialect,
            answers.Where(r => r.Comment is not null).Select(r => ids[r.InvitationId].Id).ToList());
        await outbox.AddRangeAsync(answers.Select(r =>
        {
            var (id, resurveyOf) = (ids[r.InvitationId].Id, ids[r.InvitationId].ResurveyOf);
            return new SurveyResponded(id, r.SurveyId, (int)r.Version, r.CustomerId, r.Tier, r.Touchpoint,
                r.Nps, r.Csat, r.Ces, r.Comment, themes.GetValueOrDefault(id, []), r.TicketId, r.TicketType, r.Agent, r.Team,
                r.Now, r.Classification, r.AccountManager, r.Custom, resurveyOf, r.Channel);
        }));
        await session.CommitAsync();
        for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(ids[answers[i].InvitationId].Id);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }
}
