using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Csm.BuildingBlocks.Messaging;
using Csm.Modules.Rules.Contracts;
using Csm.Modules.Rules.Facts;

namespace Csm.Modules.Rules.Evaluation;

/// <summary>What one action did for one firing.</summary>
internal sealed record ActionResult(string Type, string Outcome, long? OutboundMessageId = null);

/// <summary>
/// Carries out a firing's actions inside the run's transaction: requests to other modules become outbox events,
/// e-mails, notifications and webhooks become outbound messages delivered (and retried) by the outbound job.
/// </summary>
internal sealed class ActionRunner(DbSession session, RulesCalendar calendar)
{
    public static IEnumerable<string?> Texts(RuleAction a) => [a.Title, a.Description, a.Subject, a.Body, a.Message];

    public async Task<List<ActionResult>> RunAsync(RuleRow rule, RuleDefinition definition, Match match, long firingId, long? ticketId,
        List<IntegrationEvent> events, CancellationToken ct)
    {
        var source = $"rule:{rule.Id}:{firingId}";
        string Render(string? text) => TemplateText.Render(text, name => name switch
        {
            "customerName" => match.CustomerName,
            "customerId" => match.CustomerId.ToString(CultureInfo.InvariantCulture),
            "accountManager" => match.AccountManager,
            "ruleName" => rule.Name,
            "reason" => match.Reason,
            "today" => calendar.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => match.Facts.TryGetValue(name, out var v) ? Match.Show(v) : null,
        });

        var results = new List<ActionResult>();
        foreach (var action in definition.Actions)
        {
            switch (action.Type)
            {
                case "createTask":
                    events.Add(new TaskRequested(match.CustomerId, Render(action.Title), action.Description is null ? null : Render(action.Description),
                        action.Assignee, action.DueInHours ?? 24, source));
                    results.Add(new ActionResult(action.Type, "task requested"));
                    break;
                case "sendEmail":
                    var to = action.To switch
                    {
                        "customer" => match.CustomerEmail, "accountManager" => match.AccountManager, "owner" => definition.Owner, _ => action.To,
                    };
                    results.Add(to is null
                        ? new ActionResult(action.Type, $"skipped: no address for {action.To}")
                        : new ActionResult(action.Type, "queued", await QueueAsync(firingId, "email", to, Render(action.Subject), Render(action.Body), null, ct)));
                    break;
                case "notify":
                    results.Add(new ActionResult(action.Type, "queued",
                        await QueueAsync(firingId, "notification", "role:" + action.Role, rule.Name, Render(action.Message), null, ct)));
                    break;
                case "addTag":
                    await AddTagAsync(match.CustomerId, action.Tag!, ct);
                    events.Add(new CustomerTagRequested(match.CustomerId, action.Tag!, source));
                    results.Add(new ActionResult(action.Type, "tag requested"));
                    break;
                case "escalate":
                    if (ticketId is null)
                    {
                        results.Add(new ActionResult(action.Type, "skipped: no ticket in this evaluation"));
                        break;
                    }
                    events.Add(new TicketEscalationRequested(ticketId.Value, match.CustomerId, action.Priority ?? "high", action.Role,
                        action.Message is null ? match.Reason : Render(action.Message), source));
                    results.Add(new ActionResult(action.Type, "escalation requested"));
                    break;
                case "webhook":
                    var body = JsonSerializer.Serialize(new
                    {
                        ruleId = rule.Id, ruleName = rule.Name, firingId, customerId = match.CustomerId, customerName = match.CustomerName,
                        reason = match.Reason, firedAt = calendar.Now, facts = match.Facts,
                    }, RuleStore.Json);
                    results.Add(new ActionResult(action.Type, "queued", await QueueAsync(firingId, "webhook", action.Url!, null, body, Sign(action.Secret!, body), ct)));
                    break;
            }
        }
        return results;
    }

    /// <summary>"sha256=" + hex HMAC of the body with the rule's secret, so a receiver can tell the call came from us unchanged.</summary>
    public static string Sign(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    private async Task<long> QueueAsync(long firingId, string channel, string recipient, string? subject, string body, string? signature, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        return await c.ExecuteScalarAsync<long>(session.Dialect.InsertReturningId("rul_outbound_messages",
                "firing_id, channel, recipient, subject, body, signature, status, attempts, next_attempt_at, created_at",
                "@FiringId, @Channel, @Recipient, @Subject, @Body, @Signature, 'pending', 0, @Now, @Now"),
            new { FiringId = firingId, Channel = channel, Recipient = recipient, Subject = subject, Body = body, Signature = signature, Now = calendar.Now },
            session.Transaction);
    }

    private async Task AddTagAsync(long customerId, string tag, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        var tags = await c.ExecuteScalarAsync<string>("SELECT tags FROM rul_customer_facts WHERE customer_id = @CustomerId", new { CustomerId = customerId }, session.Transaction) ?? "|";
        await c.ExecuteAsync("UPDATE rul_customer_facts SET tags = @Tags WHERE customer_id = @CustomerId",
            new { CustomerId = customerId, Tags = CustomerFacts.TagList(tags.Split('|').Append(tag)) }, session.Transaction);
    }
}
