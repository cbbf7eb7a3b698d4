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
/// Each message's outcome is recorded once the server answered, with an <see cref="OutboundMessageSettled"/> event for
/// the module that queued it: the outcomes of a batch are recorded together in one write turn while the next messages
/// are sent (the outcomes that came in meanwhile in the next turn), since on a busy host each write turn waits behind the
/// requests queued for SQLite's single writer, and a turn per message left acknowledgements unsent until a burst was over. A passing failure is retried with
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
                var answered = new List<Settlement>();
                var recording = Task.CompletedTask;
                try
                {
                    foreach (var m in batch)
                    {
                        var settlement = await SendOneAsync(m, connections, o, ct);
                        switch (settlement.Status)
                        {
                            case OutboundStatus.Sent or OutboundStatus.Dropped: sent++; break;
                            case OutboundStatus.Failed: failed++; break;
                            case OutboundStatus.Parked: parked++; break;
                            default: retrying++; break;
                        }
                        answered.Add(settlement);
                        if (!recording.IsCompleted) continue;
                        await recording;
                        recording = SettleAsync([.. answered]);
                        answered.Clear();
                    }
                }
                finally
                {
                    foreach (var connection in connections.Values) await connection.DisposeAsync();
                    await recording;
                    if (answered.Count > 0) await SettleAsync(answered);
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

    /// <summary>A message's outcome, to record: its status, the server's reply or the error, and when to try again.</summary>
    private sealed record Settlement(Envelope Message, string Status, string? Reply, string? Error, DateTimeOffset? RetryAt);

    private async Task<Settlement> SendOneAsync(Envelope m, Dictionary<string, IOutboundConnection> connections, OutboundOptions o, CancellationToken ct)
    {
        if (m.ExpiresAt is { } expires && expires <= clock.GetUtcNow())
            return new Settlement(m, OutboundStatus.Failed, null, "expired before it could be sent", null);
        if (!_channels.TryGetValue(m.Channel, out var channel))
            return new Settlement(m, OutboundStatus.Failed, null, $"no channel '{m.Channel}' is configured", null);
        Delivery delivery;
        try
        {
            if (!connections.TryGetValue(m.Channel, out var connection)) connections[m.Channel] = connection = channel.Open();
            delivery = await connection.SendAsync(m, ct);
        }
        catch (DeliveryRefused refused) when (refused.Permanent)
        {
            logger.LogWarning("Outbound {Channel} message {Id} refused for good: {Reply}", m.Channel, m.Id, refused.Message);
            return new Settlement(m, OutboundStatus.Failed, null, refused.Message, null);
        }
        catch (DeliveryRefused refused)
        {
            var park = m.Attempts >= o.MaxAttempts;
            var delay = TimeSpan.FromTicks(Math.Min(o.MaxRetryDelay.Ticks, o.FirstRetryDelay.Ticks * (1L << (int)Math.Min(m.Attempts - 1, 30))));
            logger.LogWarning("Outbound {Channel} message {Id} failed (try {Attempts}): {Error}; {Next}", m.Channel, m.Id, m.Attempts, refused.Message,
                park ? "parked" : $"retrying in {delay}");
            return new Settlement(m, park ? OutboundStatus.Parked : OutboundStatus.Queued, null, refused.Message, park ? null : clock.GetUtcNow() + delay);
        }
        return new Settlement(m, delivery.Status, delivery.Reply, null, null);
    }

    /// <summary>Records the outcomes in one transaction; a final one also tells the module that queued the message.</summary>
    private async Task SettleAsync(IReadOnlyList<Settlement> settlements)
    {
        var now = clock.GetUtcNow();
        await scopes.WriteAsync(async (session, c, tx) =>
        {
            await c.ExecuteAsync(
                """
                UPDATE out_messages SET status = @Status, server_reply = COALESCE(@Reply, server_reply), last_error = @Error,
                  locked_until = NULL, due_at = COALESCE(@RetryAt, due_at), settled_at = @SettledAt
                WHERE id = @Id
                """, settlements.Select(s => new
                {
                    s.Message.Id, s.Status, Reply = Clip(s.Reply), Error = Clip(s.Error), s.RetryAt, SettledAt = s.RetryAt is null ? now : (DateTimeOffset?)null,
                }), tx);
            await new Outbox(session, clock).AddRangeAsync(settlements.Where(s => s.RetryAt is null).Select(s => (IntegrationEvent)new OutboundMessageSettled(
                s.Message.Id, s.Message.Module, s.Message.BusinessKey, s.Message.Kind, s.Message.Channel, s.Status, Clip(s.Reply), Clip(s.Error))));
            return 0;
        }, CancellationToken.None);
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
