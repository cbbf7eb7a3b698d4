using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Messaging;
using Csm.Modules.Surveys.Contracts;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Csm.Modules.Surveys.Delivery;

/// <summary>
/// Sends the queued invitation messages that are due. A message is leased before sending, so two hosts never
/// send it at once; it is marked sent right after the server accepted it; a failure is retried with exponential
/// backoff and given up (failed_at) only after MaxAttempts. Nothing is deleted, so nothing is lost.
/// </summary>
internal sealed class OutboundSender(
    IServiceScopeFactory scopes, EmailSender email, SmsSender sms, TimeProvider clock,
    IOptions<SurveysOptions> options, ILogger<OutboundSender> logger)
{
    private readonly string _instance = Guid.NewGuid().ToString("N");

    private sealed record Message
    {
        public long Id { get; init; }
        public long InvitationId { get; init; }
        public long SurveyId { get; init; }
        public long? CustomerId { get; init; }
        public long? TicketId { get; init; }
        public string Channel { get; init; } = "";
        public string? Recipient { get; init; }
        public string? Subject { get; init; }
        public string Body { get; init; } = "";
        public long Attempts { get; init; }
        public DateTimeOffset ExpiresAt { get; init; }
        public string InvitationStatus { get; init; } = "";
        public bool IsReminder { get; init; }
    }

    public sealed record Outcome(int Sent, int Failed);

    public async Task<Outcome> SendDueAsync(CancellationToken ct = default)
    {
        var o = options.Value.Delivery;
        int sent = 0, failed = 0;
        while (!ct.IsCancellationRequested)
        {
            var batch = await ClaimAsync(o, ct);
            if (batch.Count == 0) break;
            foreach (var m in batch)
            {
                if (await SendOneAsync(m, o, ct)) sent++;
                else failed++;
            }
            if (batch.Count < o.BatchSize) break;
        }
        return new Outcome(sent, failed);
    }

    private async Task<List<Message>> ClaimAsync(DeliveryOptions o, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await scopes.WriteAsync(async (session, c, tx) =>
        {
            var due = (await c.QueryAsync<long>(
                $"""
                SELECT {session.Dialect.Top(o.BatchSize)} id FROM srv_outbound_messages
                WHERE sent_at IS NULL AND failed_at IS NULL AND due_at <= @Now AND (locked_until IS NULL OR locked_until < @Now)
                ORDER BY due_at, id {session.Dialect.Limit(o.BatchSize)}
                """, new { Now = now }, tx)).ToList();
            if (due.Count > 0)
                await c.ExecuteAsync(
                    """
                    UPDATE srv_outbound_messages SET locked_until = @Until, locked_by = @Instance
                    WHERE id IN @Ids AND sent_at IS NULL AND failed_at IS NULL AND (locked_until IS NULL OR locked_until < @Now)
                    """, new { Ids = due, Until = now + o.LeaseDuration, Instance = _instance, Now = now }, tx);
            return due;
        }, ct);
        if (due.Count == 0) return [];
        await using var scope = scopes.CreateAsyncScope();
        var reader = await scope.ServiceProvider.GetRequiredService<DbSession>().ConnectionAsync(ct);
        return (await reader.QueryAsync<Message>(
            """
            SELECT m.id, m.invitation_id AS InvitationId, i.survey_id AS SurveyId, i.customer_id AS CustomerId, i.ticket_id AS TicketId,
              m.channel, m.recipient, m.subject, m.body, m.attempts, i.expires_at AS ExpiresAt, i.status AS InvitationStatus,
              CASE WHEN m.is_reminder = 1 THEN 1 ELSE 0 END AS IsReminder
            FROM srv_outbound_messages m JOIN srv_invitations i ON i.id = m.invitation_id
            WHERE m.id IN @Ids AND m.locked_by = @Instance AND m.locked_until = @Until AND m.sent_at IS NULL
            ORDER BY m.due_at, m.id
            """, new { Ids = due, Instance = _instance, Until = now + o.LeaseDuration })).ToList();
    }

    private async Task<bool> SendOneAsync(Message m, DeliveryOptions o, CancellationToken ct)
    {
        var pointless = m.Recipient is null ? "no recipient"
            : m.ExpiresAt <= clock.GetUtcNow() ? "invitation expired before it could be sent"
            : m.IsReminder && m.InvitationStatus == Invitations.InvitationStatus.Answered ? "no reminder needed: already answered"
            : null;
        if (pointless is not null)
        {
            await GiveUpAsync(m, pointless, ct);
            return false;
        }
        try
        {
            if (m.Channel == Channels.Sms) await sms.SendAsync(m.Id, m.Recipient!, m.Body, ct);
            else await email.SendAsync(m.Id, m.Recipient!, m.Subject ?? "", m.Body, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            await RetryLaterAsync(m, o, ex, ct);
            return false;
        }
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var tx = await session.BeginAsync(CancellationToken.None);
        var c = await session.ConnectionAsync(CancellationToken.None);
        var now = clock.GetUtcNow();
        await c.ExecuteAsync("UPDATE srv_outbound_messages SET sent_at = @Now, attempts = attempts + 1, locked_until = NULL, last_error = NULL WHERE id = @Id",
            new { m.Id, Now = now }, tx);
        await c.ExecuteAsync("UPDATE srv_invitations SET status = 'sent', sent_at = @Now WHERE id = @Id AND status = 'queued'",
            new { Id = m.InvitationId, Now = now }, tx);
        await scope.ServiceProvider.GetRequiredService<Outbox>().AddAsync(new SurveySent(m.InvitationId, m.SurveyId, m.CustomerId, m.TicketId, m.Channel), CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);
        return true;
    }

    private async Task RetryLaterAsync(Message m, DeliveryOptions o, Exception ex, CancellationToken ct)
    {
        var attempts = m.Attempts + 1;
        var now = clock.GetUtcNow();
        var delay = TimeSpan.FromTicks(Math.Min(o.MaxRetryDelay.Ticks, o.FirstRetryDelay.Ticks * (1L << (int)Math.Min(attempts - 1, 30))));
        var giveUp = attempts >= o.MaxAttempts;
        logger.LogWarning(ex, "Survey message {Id} to {Channel} failed (attempt {Attempts}); {Next}", m.Id, m.Channel, attempts,
            giveUp ? "giving up" : $"retrying in {delay}");
        await scopes.WriteAsync((_, c, tx) => c.ExecuteAsync(
            """
            UPDATE srv_outbound_messages SET attempts = @Attempts, due_at = @Next, locked_until = NULL, last_error = @Error, failed_at = @FailedAt
            WHERE id = @Id
            """, new { m.Id, Attempts = attempts, Next = now + delay, Error = $"{ex.GetType().Name}: {ex.Message}", FailedAt = giveUp ? now : (DateTimeOffset?)null }, tx), ct);
    }

    private async Task GiveUpAsync(Message m, string reason, CancellationToken ct)
    {
        await scopes.WriteAsync((_, c, tx) => c.ExecuteAsync("UPDATE srv_outbound_messages SET failed_at = @Now, locked_until = NULL, last_error = @Reason WHERE id = @Id",
            new { m.Id, Now = clock.GetUtcNow(), Reason = reason }, tx), ct);
    }
}

/// <summary>Runs the sender on the scheduler (every 15 seconds by default).</summary>
[DisallowConcurrentExecution]
internal sealed class SendDueSurveyMessagesJob(OutboundSender sender) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct) => await sender.SendDueAsync(ct);
}
