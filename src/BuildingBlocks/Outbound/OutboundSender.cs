using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Messaging;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Csm.BuildingBlocks.Outbound;

/// <summary>
/// Sends the messages that are due. A batch is leased with one UPDATE (status "sending", this claim's token, a lease
/// end), so two hosts never send the same message; a lease that ran out (a host that died mid-send) is taken over.
/// Each message is settled in a transaction of its own right after the server answered, with an
/// <see cref="OutboundMessageSettled"/> event for the module that queued it. A passing failure is retried with
/// exponential backoff and parked after MaxAttempts; a refusal for good is failed at once, with the server's words.
/// </summary>
public sealed class OutboundSender(
    Db db, IServiceScopeFactory scopes, IEnumerable<IOutboundChannel> channels, TimeProvider clock,
    IOptions<OutboundOptions> options, ILogger<OutboundSender> logger)
{
    private readonly string _instance = Guid.NewGuid().ToString("N")[..12];
    private readonly Dictionary<string, IOutboundChannel> _channels = channels.ToDictionary(c => c.Name, StringComparer.Ordinal);
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private long _claims;

    /// <summary>What one call did: messages sent (or dropped in the development mode), failed, put back to retry, parked.</summary>
    public sealed record Outcome(int Sent, int Failed, int Retrying, int Parked);

    public async Task<Outcome> SendDueAsync(CancellationToken ct = default)
    {
        await _oneAtATime.WaitAsync(ct);
        try
        {
            int sent = 0, failed = 0, retrying = 0, parked = 0;
            var o = options.Value;
            while (!ct.IsCancellationRequested)
            {
                var batch = await ClaimAsync(o, ct);
                if (batch.Count == 0) break;
                var connections = new Dictionary<string, IOutboundConnection>(StringComparer.Ordinal);
                try
                {
                    foreach (var m in batch)
                    {
                        switch (await SendOneAsync(m, connections, o, ct))
                        {
                            case OutboundStatus.Sent or OutboundStatus.Dropped: sent++; break;
                            case OutboundStatus.Failed: failed++; break;
                            case OutboundStatus.Parked: parked++; break;
                            default: retrying++; break;
                        }
                    }
                }
                finally
                {
                    foreach (var connection in connections.Values) await connection.DisposeAsync();
                }
                if (batch.Count < o.BatchSize) break;
            }
            return new Outcome(sent, failed, retrying, parked);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<List<Envelope>> ClaimAsync(OutboundOptions o, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var token = $"{_instance}:{Interlocked.Increment(ref _claims)}";
        var d = db.Dialect;
        var claimed = await scopes.WriteAsync((_, c, tx) => c.ExecuteAsync(
            d.ClaimFirst("out_messages", "status = 'sending', locked_by = @Token, locked_until = @Until, attempts = attempts + 1",
                "status IN ('queued', 'sending') AND due_at <= @Now AND (status = 'queued' OR locked_until < @Now)", "due_at, id", o.BatchSize),
            new { Token = token, Until = now + o.LeaseDuration, Now = now }, tx), ct);
        if (claimed == 0) return [];
        await using var c = await db.OpenAsync(ct);
        var batch = (await c.QueryAsync<Envelope>(
            """
            SELECT id, module, business_key AS BusinessKey, kind, channel, recipient, subject, body_text AS BodyText, body_html AS BodyHtml,
              message_id AS MessageId, in_reply_to AS InReplyTo, thread_references AS ThreadReferences, signature, attempts, expires_at AS ExpiresAt
            FROM out_messages WHERE locked_by = @Token AND status = 'sending' ORDER BY due_at, id
            """, new { Token = token })).ToList();
        var files = (await c.QueryAsync<AttachmentRow>(
            """
            SELECT a.message_id AS MessageId, a.file_name AS FileName, a.content_type AS ContentType, a.content AS Content
            FROM out_attachments a JOIN out_messages m ON m.id = a.message_id
            WHERE m.locked_by = @Token AND m.status = 'sending' ORDER BY a.message_id, a.id
            """, new { Token = token })).ToLookup(a => a.MessageId, a => new OutboundAttachment(a.FileName, a.ContentType, a.Content));
        return batch.Select(m => files.Contains(m.Id) ? m with { Attachments = files[m.Id].ToList() } : m).ToList();
    }

    private sealed record AttachmentRow
    {
        public long MessageId { get; init; }
        public string FileName { get; init; } = "";
        public string ContentType { get; init; } = "";
        public byte[] Content { get; init; } = [];
    }

    private async Task<string> SendOneAsync(Envelope m, Dictionary<string, IOutboundConnection> connections, OutboundOptions o, CancellationToken ct)
    {
        if (m.ExpiresAt is { } expires && expires <= clock.GetUtcNow())
            return await SettleAsync(m, OutboundStatus.Failed, null, "expired before it could be sent", null);
        if (!_channels.TryGetValue(m.Channel, out var channel))
            return await SettleAsync(m, OutboundStatus.Failed, null, $"no channel '{m.Channel}' is configured", null);
        Delivery delivery;
        try
        {
            if (!connections.TryGetValue(m.Channel, out var connection)) connections[m.Channel] = connection = channel.Open();
            delivery = await connection.SendAsync(m, ct);
        }
        catch (DeliveryRefused refused) when (refused.Permanent)
        {
            logger.LogWarning("Outbound {Channel} message {Id} refused for good: {Reply}", m.Channel, m.Id, refused.Message);
            return await SettleAsync(m, OutboundStatus.Failed, null, refused.Message, null);
        }
        catch (DeliveryRefused refused)
        {
            var park = m.Attempts >= o.MaxAttempts;
            var delay = TimeSpan.FromTicks(Math.Min(o.MaxRetryDelay.Ticks, o.FirstRetryDelay.Ticks * (1L << (int)Math.Min(m.Attempts - 1, 30))));
            logger.LogWarning("Outbound {Channel} message {Id} failed (try {Attempts}): {Error}; {Next}", m.Channel, m.Id, m.Attempts, refused.Message,
                park ? "parked" : $"retrying in {delay}");
            return await SettleAsync(m, park ? OutboundStatus.Parked : OutboundStatus.Queued, null, refused.Message, park ? null : clock.GetUtcNow() + delay);
        }
        return await SettleAsync(m, delivery.Status, delivery.Reply, null, null);
    }

    /// <summary>Records the outcome; a final one also tells the module that queued the message.</summary>
    private async Task<string> SettleAsync(Envelope m, string status, string? reply, string? error, DateTimeOffset? retryAt)
    {
        var now = clock.GetUtcNow();
        var final = retryAt is null;
        await scopes.WriteAsync(async (session, c, tx) =>
        {
            await c.ExecuteAsync(
                """
                UPDATE out_messages SET status = @Status, server_reply = COALESCE(@Reply, server_reply), last_error = @Error,
                  locked_until = NULL, due_at = COALESCE(@RetryAt, due_at), settled_at = @SettledAt
                WHERE id = @Id
                """, new { m.Id, Status = status, Reply = Clip(reply), Error = Clip(error), RetryAt = retryAt, SettledAt = final ? now : (DateTimeOffset?)null }, tx);
            if (final)
            {
                var outbox = new Outbox(session, clock);
                await outbox.AddAsync(new OutboundMessageSettled(m.Id, m.Module, m.BusinessKey, m.Kind, m.Channel, status, Clip(reply), Clip(error)));
            }
            return 0;
        }, CancellationToken.None);
        return status;
    }

    private static string? Clip(string? text) => text is { Length: > 1000 } ? text[..1000] : text;
}

/// <summary>Runs the sender when a commit queued messages, and on a poll for retries and other hosts' messages.</summary>
internal sealed class OutboundWorker(OutboundSender sender, OutboundSignal signal, IOptions<OutboundOptions> options, ILogger<OutboundWorker> logger)
    : WakeUpLoop(signal, logger)
{
    protected override bool Enabled => options.Value.AutoSend;
    protected override TimeSpan PollInterval => options.Value.PollInterval;
    protected override Task RunOnceAsync(CancellationToken ct) => sender.SendDueAsync(ct);
}
