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
/// Each answer is still all-or-nothing with its token claim and its event. A server engine has no single writer: there
/// several loops write batches side by side, so a batch's round trips to the server overlap with the next one's
/// instead of queueing every answer behind them (two batches claiming one token: the second waits for the first's row
/// lock, then claims nothing, and its answers are written one at a time, as after any lost claim).
/// </summary>
internal sealed class ResponseWriter : IAsyncDisposable
{
    private const int MaxBatch = 128;

    /// <summary>Batches in flight at once on a server engine.</summary>
    private const int ServerLoops = 4;

    private sealed record Pending(NewResponse Response)
    {
        public TaskCompletionSource<long?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private readonly IServiceScopeFactory _scopes;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>();
    private readonly Task[] _loops;

    public ResponseWriter(IServiceScopeFactory scopes, ISqlDialect dialect)
    {
        _scopes = scopes;
        _loops = Enumerable.Range(0, dialect.Provider == DatabaseProvider.Sqlite ? 1 : ServerLoops).Select(_ => Task.Run(RunAsync)).ToArray();
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
            if (batch.Count == 0) continue; // another loop took what woke this one
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
        var d = session.Dialect;
        string V(string key, SqlType type = SqlType.Text) => d.JsonValue("j.value", "$." + key, type);
        // The claim is the authority: of two answers racing for one token exactly one updates the row, and an answer
        // checked against a survey revision that has changed since claims nothing (its request checks it again).
        // Every statement takes the whole batch as one JSON parameter: a round trip per statement, not per answer.
        var invited = answers.Where(a => a.Visitor is null).ToList();
        var claimed = invited.Count == 0 ? 0 : await c.ExecuteAsync(
            $"""
            UPDATE srv_invitations SET status = 'answered', answered_at = {V("at", SqlType.Time)}
            FROM {d.JsonRows("@Rows")} j
            WHERE srv_invitations.id = {V("id", SqlType.BigInt)} AND srv_invitations.status <> 'answered'
              AND srv_invitations.expires_at > {V("at", SqlType.Time)}
              AND EXISTS (SELECT 1 FROM srv_surveys s WHERE s.id = {V("survey", SqlType.BigInt)} AND s.revision = {V("revision", SqlType.BigInt)})
            """, new { Rows = Claims(invited) }, tx);
        var visits = await LinkInvitations.AddAsync(c, tx, d, answers, batch.Count == 1);
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
        var ids = (await c.QueryAsync<Inserted>(d.InsertReturning("srv_responses",
                """
                survey_id, survey_version, invitation_id, customer_id, tier, account_manager, touchpoint, nps, csat, ces,
                comment, answers, classification, ticket_id, ticket_type, agent, team, responded_at, resurvey_of, channel, page
                """,
                $"""
                SELECT {V("survey", SqlType.BigInt)}, {V("version", SqlType.BigInt)}, {V("invitation", SqlType.BigInt)}, {V("customer", SqlType.BigInt)},
                  {V("tier")}, {V("manager")}, {V("touchpoint")}, {V("nps", SqlType.BigInt)}, {V("csat", SqlType.BigInt)}, {V("ces", SqlType.BigInt)},
                  {V("comment", SqlType.LongText)}, {V("answers", SqlType.LongText)}, {V("class")}, {V("ticket", SqlType.BigInt)}, {V("ticketType")},
                  {V("agent")}, {V("team")}, {V("at", SqlType.Time)},
                  (SELECT i.resurvey_of FROM srv_invitations i WHERE i.id = {V("invitation", SqlType.BigInt)}), {V("channel")}, {V("page", SqlType.LongText)}
                FROM {d.JsonRows("@Rows")} j
                """,
                "id, invitation_id AS InvitationId, resurvey_of AS ResurveyOf"), new { Rows = Rows(answers) }, tx))
            .ToDictionary(r => r.InvitationId);
        var themes = await ThemeTagger.TagResponsesAsync(c, tx, d,
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

    private static string Claims(IEnumerable<NewResponse> answers) => JsonRows.Text(answers, static (w, r) =>
    {
        w.WriteStartObject();
        w.WriteNumber("id", r.InvitationId);
        w.WriteNumber("survey", r.SurveyId);
        w.WriteNumber("revision", r.Revision);
        w.WriteString("at", JsonRows.Time(r.Now));
        w.WriteEndObject();
    });

    private static string Rows(IEnumerable<NewResponse> answers) => JsonRows.Text(answers, static (w, r) =>
    {
        w.WriteStartObject();
        w.WriteNumber("survey", r.SurveyId);
        w.WriteNumber("version", r.Version);
        w.WriteNumber("invitation", r.InvitationId);
        JsonRows.Number(w, "customer", r.CustomerId);
        w.WriteString("tier", r.Tier);
        w.WriteString("manager", r.AccountManager);
        w.WriteString("touchpoint", EnumText.Of(r.Touchpoint));
        JsonRows.Number(w, "nps", r.Nps);
        JsonRows.Number(w, "csat", r.Csat);
        JsonRows.Number(w, "ces", r.Ces);
        w.WriteString("comment", r.Comment);
        w.WriteString("answers", r.Answers);
        w.WriteString("class", EnumText.Of(r.Classification));
        JsonRows.Number(w, "ticket", r.TicketId);
        w.WriteString("ticketType", r.TicketType);
        w.WriteString("agent", r.Agent);
        w.WriteString("team", r.Team);
        w.WriteString("at", JsonRows.Time(r.Now));
        w.WriteString("channel", r.Channel);
        w.WriteString("page", r.Page);
        w.WriteEndObject();
    });

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_loops);
    }
}
