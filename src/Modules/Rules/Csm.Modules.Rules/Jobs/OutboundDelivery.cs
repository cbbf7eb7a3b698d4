using System.Text;
using Csm.Modules.Rules.Facts;
using Csm.Modules.Rules.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Csm.Modules.Rules.Jobs;

/// <summary>
/// Sends what rules queued: e-mails and notifications into the mail drop folder (the embedded default, so a user
/// sees what would be sent), webhooks as signed POSTs. Failures are retried with exponential backoff, then marked failed.
/// </summary>
internal sealed class OutboundDelivery(Db db, IServiceScopeFactory scopes, IHttpClientFactory http, RulesCalendar calendar, IOptions<RulesOptions> options,
    ILogger<OutboundDelivery> logger) : IJob
{
    public const string WebhookClient = "rules-webhooks";

    private sealed record Message
    {
        public long Id { get; init; }
        public long FiringId { get; init; }
        public string Channel { get; init; } = "";
        public string Recipient { get; init; } = "";
        public string? Subject { get; init; }
        public string Body { get; init; } = "";
        public string? Signature { get; init; }
        public long Attempts { get; init; }
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await DeliverDueAsync(cancellationToken);

    /// <summary>Delivers the messages that are due; returns how many were sent.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct = default)
    {
        List<Message> due;
        await using (var c = await db.OpenAsync(ct))
            due = (await c.QueryAsync<Message>(
            $"""
            SELECT {db.Dialect.Top(100)} id, firing_id AS FiringId, channel, recipient, subject, body, signature, attempts
            FROM rul_outbound_messages WHERE status = 'pending' AND next_attempt_at <= @Now ORDER BY id {db.Dialect.Limit(100)}
            """, new { calendar.Now })).ToList();
        var sent = 0;
        foreach (var message in due)
        {
            string? error = null;
            try
            {
                await DeliverAsync(message, ct);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                error = e.Message;
            }
            if (error is null)
            {
                sent++;
                await scopes.WriteAsync((_, w, tx) => w.ExecuteAsync(
                    "UPDATE rul_outbound_messages SET status = 'sent', sent_at = @Now, attempts = attempts + 1, last_error = NULL WHERE id = @Id",
                    new { calendar.Now, message.Id }, tx), CancellationToken.None);
                continue;
            }
            var attempts = message.Attempts + 1;
            var giveUp = attempts >= options.Value.OutboundMaxAttempts;
            logger.LogWarning("Outbound {Channel} message {Id} failed (attempt {Attempts}): {Error}", message.Channel, message.Id, attempts, error);
            await scopes.WriteAsync((_, w, tx) => w.ExecuteAsync(
                "UPDATE rul_outbound_messages SET status = @Status, attempts = @Attempts, last_error = @Error, next_attempt_at = @Next WHERE id = @Id",
                new
                {
                    Status = giveUp ? "failed" : "pending", Attempts = attempts, Error = error, message.Id,
                    Next = calendar.Now + TimeSpan.FromSeconds(30 * Math.Pow(2, Math.Min(attempts - 1, 10))),
                }, tx), CancellationToken.None);
        }
        return sent;
    }

    private async Task DeliverAsync(Message message, CancellationToken ct)
    {
        if (message.Channel == "webhook")
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, message.Recipient)
            {
                Content = new StringContent(message.Body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Csm-Signature", message.Signature);
            request.Headers.Add("X-Csm-Delivery", message.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var response = await http.CreateClient(WebhookClient).SendAsync(request, ct);
            if (!response.IsSuccessStatusCode) throw new HttpRequestException($"The webhook answered {(int)response.StatusCode}.");
            return;
        }
        var folder = options.Value.MailDirectory;
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{calendar.Now:yyyyMMdd-HHmmss}-{message.Channel}-{message.Id}.eml");
        var text = $"To: {message.Recipient}\r\nSubject: {message.Subject}\r\nX-Csm-Firing: {message.FiringId}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{message.Body}\r\n";
        await File.WriteAllTextAsync(file, text, Encoding.UTF8, ct);
    }
}
