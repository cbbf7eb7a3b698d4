using System.Globalization;
using System.Text.Json;
using Csm.BuildingBlocks.Messaging;
using Csm.Modules.Rules.Contracts;
using Csm.Modules.Rules.Facts;
using Csm.Modules.Rules.Events;
using Csm.Modules.Rules.Templates;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Templates;

namespace Csm.Modules.Rules.Evaluation;

/// <summary>What one action did for one firing.</summary>
internal sealed record ActionResult(string Type, string Outcome);

/// <summary>The outbound messages a run's firings send, queued together once every firing is planned, and the staff looked up for them.</summary>
internal sealed class ActionPlan
{
    public List<OutboundMessage> Messages { get; } = [];

    /// <summary>Who a notify or an e-mail to staff reaches, looked up once per run ("role:manager", "team:north", "person:li.na").</summary>
    public Dictionary<string, IReadOnlyList<StaffMember>> Staff { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Carries out a firing's actions inside the run's transaction: requests to other modules become outbox events;
/// e-mails and webhooks become messages in the outbound queue (sent, retried and settled by its sender), each under
/// the business key "firing:{id}"; a notify reaches the people its role, team or person names, by e-mail.
/// </summary>
internal sealed class ActionRunner(DbSession session, OutboundQueue outbound, IStaffDirectory directory, RulesCalendar calendar, MessageTemplates templates)
{
    public const string Module = "rules";

    public static string Key(long firingId) => BusinessKey.Of("firing", firingId);

    public static IEnumerable<string?> Texts(RuleAction a) => [a.Title, a.Description, a.Subject, a.Body, a.Message, .. CustomerMessages.TextsOf(a.Template)];

    /// <summary>Requests to other modules go to <paramref name="events"/>; messages to <paramref name="plan"/>, queued by <see cref="QueueAsync"/>.</summary>
    public async Task<List<ActionResult>> PlanAsync(RuleRow rule, RuleDefinition definition, Match match, long firingId, long? ticketId, long? surveyResponseId,
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
            "contractEndDate" => DateIn("daysToContractEnd"),
            "maintenanceDueDate" => DateIn("daysToNextMaintenance"),
            _ => match.Facts.TryGetValue(name, out var v) ? Match.Show(v) : null,
        });
        // The day a "days until" fact points at, as a customer reads a date.
        string? DateIn(string days) => match.Facts.TryGetValue(days, out var v) && v is not null
            && double.TryParse(Match.Show(v), NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
            ? calendar.Today.AddDays((int)Math.Round(n)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;

        var results = new List<ActionResult>();
        var key = Key(firingId);
        void Queue(string type, string kind, string channel, string? recipient, string? subject, string body, string? signature = null,
            string? language = null, string? unreachable = null)
        {
            plan.Messages.Add(new OutboundMessage(Module, key, kind, channel, recipient, subject, body)
            {
                Signature = signature, Language = language, Unreachable = unreachable,
            });
            results.Add(new ActionResult(type, recipient is null ? $"not sent: {unreachable}" : $"queued to {recipient}"));
        }
        foreach (var action in definition.Actions)
        {
            switch (action.Type)
            {
                case "createTask":
                    events.Add(new TaskRequested(match.CustomerId, Render(action.Title), action.Description is null ? null : Render(action.Description),
                        action.Assignee, action.DueInHours ?? 24, source, AboutFeedback: definition.Trigger.Event == RuleEvents.SurveyResponded,
                        SurveyResponseId: surveyResponseId));
                    results.Add(new ActionResult(action.Type, "task requested"));
                    break;
                case "sendEmail":
                    if (action.To == "customer")
                    {
                        var text = action.Template is { } template ? await templates.TextAsync(template, match.CustomerLanguage, ct) : null;
                        Queue(action.Type, action.Template ?? "ruleEmail", OutboundChannels.Email, match.CustomerEmail,
                            Render(text?.Subject ?? action.Subject), Render(text?.Body ?? action.Body), language: match.CustomerLanguage,
                            unreachable: "the customer has no e-mail address");
                        break;
                    }
                    if (action.To is not ("accountManager" or "owner"))
                    {
                        Queue(action.Type, "ruleEmail", OutboundChannels.Email, action.To, Render(action.Subject), Render(action.Body));
                        break;
                    }
                    var person = action.To == "owner" ? definition.Owner : match.AccountManager;
                    QueueToStaff(action.Type, "ruleEmail", await StaffAsync(plan, "person", person, ct), person is null ? null : $"{action.To} {person}",
                        action.To == "owner" ? "the rule has no owner" : "the customer has no account manager", Render(action.Subject), Render(action.Body));
                    break;
                case "notify":
                    var (kind, name) = action switch
                    {
                        { Role: { } role } => ("role", role),
                        { Team: { } team } => ("team", team),
                        { Person: "accountManager" } => ("person", match.AccountManager),
                        _ => ("person", action.Person),
                    };
                    var told = await StaffAsync(plan, kind, name, ct);
                    var notice = await templates.TextAsync(CustomerMessages.StaffNotification, TemplateLanguages.Chinese, ct);
                    var noticeValues = new Dictionary<string, string?>
                    {
                        ["ruleName"] = rule.Name, ["customerName"] = match.CustomerName, ["message"] = Render(action.Message), ["reason"] = match.Reason,
                    };
                    // Each person told sees it in the bell; those with an address also get it by e-mail.
                    if (told.Count > 0)
                        events.Add(new StaffNotified(match.CustomerId, rule.Name, Placeholders.Render(notice.Body, noticeValues).Trim(), told.Select(p => p.UserName).ToList(), source));
                    QueueToStaff(action.Type, CustomerMessages.StaffNotification, told, name is null ? null : $"{kind} {name}", "the customer has no account manager",
                        Placeholders.Render(notice.Subject, noticeValues), Placeholders.Render(notice.Body, noticeValues));
                    break;
                case "addTag":
                    await AddTagAsync(match.CustomerId, action.Tag!, ct);
                    events.Add(new CustomerTagRequested(match.CustomerId, action.Tag!, source));
                    results.Add(new ActionResult(action.Type, "tag requested"));
                    break;
                case "setLifecycleStatus":
                    events.Add(new CustomerLifecycleRequested(match.CustomerId, action.LifecycleStatus!, source));
                    results.Add(new ActionResult(action.Type, $"lifecycle status {action.LifecycleStatus} requested"));
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
                    Queue(action.Type, "ruleWebhook", OutboundChannels.Webhook, action.Url!, null, body, Signature.Of(action.Secret!, body));
                    break;
            }
        }
        return results;

        // One message per person told. Nobody to tell (nobody named, no active staff, none with an address) is one failed
        // message saying which: <paramref name="whom"/> is null when the action named nobody, and <paramref name="noneNamed"/> says why.
        void QueueToStaff(string type, string kind, IReadOnlyList<StaffMember> people, string? whom, string noneNamed, string subject, string body)
        {
            var reachable = people.Where(p => !string.IsNullOrWhiteSpace(p.Email)).ToList();
            if (reachable.Count == 0)
            {
                Queue(type, kind, OutboundChannels.Email, null, subject, body, unreachable: whom is null ? noneNamed
                    : people.Count == 0 ? $"no active staff for {whom}" : $"nobody of {whom} has an e-mail address");
                return;
            }
            foreach (var person in reachable) Queue(type, kind, OutboundChannels.Email, person.Email, subject, body);
        }
    }

    /// <summary>The active people a role, a team or a person names, looked up once per run.</summary>
    private async Task<IReadOnlyList<StaffMember>> StaffAsync(ActionPlan plan, string kind, string? name, CancellationToken ct)
    {
        if (name is null) return [];
        var cacheKey = kind + ":" + name;
        if (plan.Staff.TryGetValue(cacheKey, out var known)) return known;
        var c = await session.ConnectionAsync(ct);
        IReadOnlyList<StaffMember> found = kind switch
        {
            "role" => (await directory.ActiveAsync(c, session.Transaction)).Where(m => m.Has(name)).ToList(),
            "team" => await directory.ActiveAsync(c, session.Transaction, name),
            _ => await directory.FindAsync(c, session.Transaction, name) is { IsActive: true } person ? [person] : [],
        };
        return plan.Staff[cacheKey] = found;
    }

    /// <summary>Queues the run's planned messages with one prepared statement.</summary>
    public Task QueueAsync(ActionPlan plan, CancellationToken ct) => outbound.QueueAllAsync(plan.Messages, ct);

    private async Task AddTagAsync(long customerId, string tag, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        var tags = await c.ExecuteScalarAsync<string>("SELECT tags FROM rul_customer_facts WHERE customer_id = @CustomerId", new { CustomerId = customerId }, session.Transaction) ?? "|";
        await c.ExecuteAsync("UPDATE rul_customer_facts SET tags = @Tags WHERE customer_id = @CustomerId",
            new { CustomerId = customerId, Tags = CustomerFacts.TagList(tags.Split('|').Append(tag)) }, session.Transaction);
    }
}
