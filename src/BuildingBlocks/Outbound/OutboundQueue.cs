using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Messaging;
using Dapper;

namespace Csm.BuildingBlocks.Outbound;

/// <summary>
/// Writes messages to send in the caller's transaction, so a message exists exactly when the change that caused it
/// does; the sender picks them up after the commit. Also cancels and retries them.
/// </summary>
public sealed class OutboundQueue(DbSession session, Outbox outbox, TimeProvider clock)
{
    private const string Columns =
        "module, business_key, kind, channel, recipient, language, subject, body_text, body_html, message_id, in_reply_to, thread_references, " +
        "signature, status, attempts, due_at, expires_at, last_error, created_at, settled_at";

    private const string Values =
        "@Module, @BusinessKey, @Kind, @Channel, @Recipient, @Language, @Subject, @Text, @Html, @MessageId, @InReplyTo, @References, " +
        "@Signature, @Status, 0, @DueAt, @ExpiresAt, @Error, @Now, @SettledAt";

    /// <summary>
    /// Queues one message and returns its id. A message with nobody to send it to is recorded as failed at once, and
    /// its module hears so (<see cref="OutboundMessageSettled"/>) as it would of any other outcome.
    /// </summary>
    public async Task<long> QueueAsync(OutboundMessage message, CancellationToken ct = default)
    {
        var (c, tx) = await OpenAsync(ct);
        var id = await c.ExecuteScalarAsync<long>(session.Dialect.InsertReturningId("out_messages", Columns, Values), Row(message), tx);
        if (message.Attachments.Count > 0)
        {
            await c.ExecuteAsync("INSERT INTO out_attachments (message_id, file_name, content_type, content) VALUES (@Id, @FileName, @ContentType, @Content)",
                message.Attachments.Select(a => new { Id = id, a.FileName, a.ContentType, a.Content }), tx);
        }
        if (message.Recipient is null)
        {
            await outbox.AddAsync(new OutboundMessageSettled(id, message.Module, message.BusinessKey, message.Kind, message.Channel,
                OutboundStatus.Failed, null, message.Unreachable ?? "no recipient"), ct);
        }
        else session.WroteOutbound = true;
        return id;
    }

    /// <summary>Queues many messages with one prepared statement (a rule run, a survey distribution).</summary>
    public async Task QueueAllAsync(IReadOnlyCollection<OutboundMessage> messages, CancellationToken ct = default)
    {
        // A message with files needs its id for them: it goes in alone, like one nobody can receive.
        var reachable = messages.Where(m => m.Recipient is not null && m.Attachments.Count == 0).ToList();
        foreach (var single in messages.Where(m => m.Recipient is null || m.Attachments.Count > 0)) await QueueAsync(single, ct);
        if (reachable.Count == 0) return;
        var (c, tx) = await OpenAsync(ct);
        await c.ExecuteAsync($"INSERT INTO out_messages ({Columns}) VALUES ({Values})", reachable.Select(Row), tx);
        session.WroteOutbound = true;
    }

    /// <summary>Cancels what is still waiting to be sent for these business keys (reminders once the survey is answered).</summary>
    public Task<int> CancelAsync(string module, IReadOnlyCollection<string> businessKeys, string? kind, string reason, CancellationToken ct = default) =>
        businessKeys.Count == 0 ? Task.FromResult(0) : CancelWhereAsync(
            "module = @Module AND business_key IN @Keys AND (@Kind IS NULL OR kind = @Kind) AND status = 'queued'",
            new { Module = module, Keys = businessKeys, Kind = kind, Reason = reason, Now = clock.GetUtcNow() }, ct);

    /// <summary>Cancels one message that is not sent and not being sent; false when there is no such message.</summary>
    public async Task<bool> CancelOneAsync(long id, string reason, CancellationToken ct = default) =>
        await CancelWhereAsync("id = @Id AND status IN ('queued', 'failed', 'parked')", new { Id = id, Reason = reason, Now = clock.GetUtcNow() }, ct) > 0;

    /// <summary>Forgets the recipient and content of every message of these business keys (a customer's personal data erased).</summary>
    public async Task<int> ForgetAsync(string module, IReadOnlyCollection<string> businessKeys, string reason, CancellationToken ct = default)
    {
        if (businessKeys.Count == 0) return 0;
        var (c, tx) = await OpenAsync(ct);
        await c.ExecuteAsync("DELETE FROM out_attachments WHERE message_id IN (SELECT id FROM out_messages WHERE module = @Module AND business_key IN @Keys)",
            new { Module = module, Keys = businessKeys }, tx);
        return await c.ExecuteAsync(
            """
            UPDATE out_messages SET recipient = NULL, subject = NULL, body_text = '', body_html = NULL,
              status = CASE WHEN status IN ('queued', 'sending') THEN 'cancelled' ELSE status END,
              last_error = CASE WHEN status IN ('queued', 'sending') THEN @Reason ELSE last_error END,
              settled_at = COALESCE(settled_at, @Now), locked_until = NULL
            WHERE module = @Module AND business_key IN @Keys
            """, new { Module = module, Keys = businessKeys, Reason = reason, Now = clock.GetUtcNow() }, tx);
    }

    /// <summary>Sends a failed, parked or cancelled message again from its first try; false when there is no such message.</summary>
    public async Task<bool> RetryAsync(long id, CancellationToken ct = default) =>
        await RequeueWhereAsync("id = @Id AND status IN ('failed', 'parked', 'cancelled')", new { Id = id, Now = clock.GetUtcNow() }, ct) > 0;

    /// <summary>Sends again every failed or parked message of these business keys (a rule firing retried); how many.</summary>
    public Task<int> RetryAllAsync(string module, IReadOnlyCollection<string> businessKeys, CancellationToken ct = default) =>
        businessKeys.Count == 0 ? Task.FromResult(0) : RequeueWhereAsync(
            "module = @Module AND business_key IN @Keys AND status IN ('failed', 'parked')",
            new { Module = module, Keys = businessKeys, Now = clock.GetUtcNow() }, ct);

    private async Task<int> CancelWhereAsync(string where, object args, CancellationToken ct)
    {
        var (c, tx) = await OpenAsync(ct);
        return await c.ExecuteAsync(
            $"UPDATE out_messages SET status = 'cancelled', last_error = @Reason, settled_at = @Now, locked_until = NULL WHERE {where}", args, tx);
    }

    /// <summary>Back to the queue from the first try; a message with nobody to send it to stays where it is.</summary>
    private async Task<int> RequeueWhereAsync(string where, object args, CancellationToken ct)
    {
        var (c, tx) = await OpenAsync(ct);
        var changed = await c.ExecuteAsync(
            $"""
            UPDATE out_messages SET status = 'queued', attempts = 0, due_at = @Now, settled_at = NULL, locked_until = NULL, locked_by = NULL
            WHERE {where} AND recipient IS NOT NULL
            """, args, tx);
        session.WroteOutbound |= changed > 0;
        return changed;
    }

    private async Task<(System.Data.Common.DbConnection, System.Data.Common.DbTransaction)> OpenAsync(CancellationToken ct)
    {
        var tx = session.Transaction ?? throw new InvalidOperationException("Messages are queued inside the transaction of the change that causes them.");
        return (await session.ConnectionAsync(ct), tx);
    }

    private object Row(OutboundMessage m)
    {
        var now = clock.GetUtcNow();
        var unreachable = m.Recipient is null;
        return new
        {
            m.Module, m.BusinessKey, m.Kind, m.Channel, m.Recipient, m.Language, m.Subject, m.Text, m.Html, m.MessageId, m.InReplyTo, m.References,
            m.Signature, m.ExpiresAt,
            Status = unreachable ? OutboundStatus.Failed : OutboundStatus.Queued,
            DueAt = m.DueAt ?? now,
            Error = unreachable ? m.Unreachable ?? "no recipient" : null,
            Now = now,
            SettledAt = unreachable ? now : (DateTimeOffset?)null,
        };
    }
}
