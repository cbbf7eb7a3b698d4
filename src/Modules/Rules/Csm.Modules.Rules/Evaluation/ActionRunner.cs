using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Csm.BuildingBlocks.Messaging;
using Csm.Modules.Rules.Contracts;
using Csm.Modules.Rules.Facts;
using Csm.Modules.Rules.Events;

namespace Csm.Modules.Rules.Evaluation;

/// <summary>What one action did for one firing.</summary>
internal sealed record ActionResult(string Type, string Outcome, long? OutboundMessageId = null);

/// <summary>The outbound messages a run's firings send, queued together once every firing is planned.</summary>
internal sealed class ActionPlan
{
    public List<(long FiringId, string Channel, string Recipient, string? Subject, string Body, string? Signature, List<ActionResult> Results, int Index)> Messages { get; } = [];
}

/// <summary>
/// Carries out a firing's actions inside the run's transaction: requests to other modules become outbox events,
/// e-mails, notifications and webhooks become outbound messages delivered (and retried) by the outbound job.
/// </summary>
internal sealed class ActionRunner(DbSession session, RulesCalendar calendar)
{
    public static IEnumerable<string?> Texts(RuleAction a) => [a.Title, a.Description, a.Subject, a.Body, a.Message];

    /// <summary>Requests to other modules go to <paramref name="events"/>; messages to <paramref name="plan"/>, queued by <see cref="QueueAsync"/>.</summary>
    public async Task<List<ActionResult>> PlanAsync(RuleRow rule, RuleDefinition definition, Match match, long firingId, long? ticketId,
        List<IntegrationEvent> events, ActionPlan plan, CancellationToken ct)
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
        void Queue(string type, string channel, string recipient, string? subject, string body, string? signature)
        {
            plan.Messages.Add((firingId, channel, recipient, subject, body, signature, results, results.Count));
            results.Add(new ActionResult(type, "queued"));
        }
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
                    if (to is null) results.Add(new ActionResult(action.Type, $"skipped: no address for {action.To}"));
                    else Queue(action.Type, "email", to, Render(action.Subject), Render(action.Body), null);
                    break;
                case "notify":
                    Queue(action.Type, "notification", "role:" + action.Role, rule.Name, Render(action.Message), null);
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
                    Queue(action.Type, "webhook", action.Url!, null, body, Sign(action.Secret!, body));
                    break;
            }
        }
        return results;
    }

    /// <summary>"sha256=" + hex HMAC of the body with the rule's secret, so a receiver can tell the call came from us unchanged.</summary>
    public static string Sign(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    /// <summary>
    /// Inserts the planned messages with one prepared statement, then reads their ids back in insertion order (one
    /// transaction, increasing ids) and puts each id on the action result that asked for it.
    /// </summary>
    public async Task QueueAsync(ActionPlan plan, long runId, CancellationToken ct)
    {
        if (plan.Messages.Count == 0) return;
        var c = await session.ConnectionAsync(ct);
        var now = calendar.Now;
        await c.ExecuteAsync(
            """
            INSERT INTO rul_outbound_messages (firing_id, channel, recipient, subject, body, signature, status, attempts, next_attempt_at, created_at)
            VALUES (@FiringId, @Channel, @Recipient, @Subject, @Body, @Signature, 'pending', 0, @Now, @Now)
            """,
            plan.Messages.Select(m => new { m.FiringId, m.Channel, m.Recipient, m.Subject, m.Body, m.Signature, Now = now }), session.Transaction);
        var ids = (await c.QueryAsync<long>(
            "SELECT m.id FROM rul_outbound_messages m JOIN rul_firings f ON f.id = m.firing_id WHERE f.run_id = @RunId ORDER BY m.id",
            new { RunId = runId }, session.Transaction)).ToList();
        if (ids.Count != plan.Messages.Count) throw new InvalidOperationException($"Queued {plan.Messages.Count} messages but read back {ids.Count}.");
        for (var i = 0; i < ids.Count; i++)
        {
            var (_, _, _, _, _, _, results, index) = plan.Messages[i];
            results[index] = results[index] with { OutboundMessageId = ids[i] };
        }
    }

    private async Task AddTagAsync(long customerId, string tag, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        var tags = await c.ExecuteScalarAsync<string>("SELECT tags FROM rul_customer_facts WHERE customer_id = @CustomerId", new { CustomerId = customerId }, session.Transaction) ?? "|";
        await c.ExecuteAsync("UPDATE rul_customer_facts SET tags = @Tags WHERE customer_id = @CustomerId",
            new { CustomerId = customerId, Tags = CustomerFacts.TagList(tags.Split('|').Append(tag)) }, session.Transaction);
    }
}
