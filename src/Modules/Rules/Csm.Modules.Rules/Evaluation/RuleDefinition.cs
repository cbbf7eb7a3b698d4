using System.Text.Json.Serialization;
using Csm.Modules.Rules.Conditions;

namespace Csm.Modules.Rules.Evaluation;

/// <summary>When a rule is evaluated: on a cron schedule (Quartz syntax, tenant time zone) or when an event about a customer arrives.</summary>
internal sealed record RuleTrigger
{
    /// <summary>Quartz cron, e.g. "0 0 8 * * ?" (every day at 08:00).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Schedule { get; init; }

    /// <summary>customerUpserted, contractUpserted, assetUpserted, interactionRecorded, orderRecorded, ticketCreated, ticketResolved, ticketReopened, slaBreached, surveyResponded.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Event { get; init; }
}

/// <summary>
/// What a rule does for each matched customer. Type: createTask, sendEmail, notify, addTag, setLifecycleStatus, escalate, webhook.
/// Texts may use placeholders such as {{customerName}}, {{accountManager}}, {{reason}} or any fact, e.g. {{daysToContractEnd}}.
/// </summary>
internal sealed record RuleAction
{
    public string Type { get; init; } = "";
    /// <summary>createTask: the task's title and description; the assignee defaults to the account manager.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Title { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Description { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Assignee { get; init; }
    /// <summary>createTask: due in this many business hours.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? DueInHours { get; init; }
    /// <summary>sendEmail: "customer", "accountManager", "owner" (the rule's owner) or an e-mail address.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? To { get; init; }
    /// <summary>sendEmail to the customer: a shipped text (contractCare, maintenanceReminder) written in the customer's language, instead of subject and body.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Template { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Subject { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Body { get; init; }
    /// <summary>notify: the role told (agent, accountManager, manager, admin); escalate: optional role to tell as well.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Role { get; init; }
    /// <summary>notify: instead of a role, everyone active in this team.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Team { get; init; }
    /// <summary>notify: instead of a role, this person (user name); "accountManager" means the customer's account manager.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Person { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Message { get; init; }
    /// <summary>addTag: the tag added to the customer.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Tag { get; init; }
    /// <summary>setLifecycleStatus: the status the customer is given (active, atRisk, churned, wonBack).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LifecycleStatus { get; init; }
    /// <summary>escalate: the priority the event's ticket is raised to (high or urgent).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Priority { get; init; }
    /// <summary>webhook: an http(s) URL and the secret the body is signed with (HMAC-SHA256, header X-Csm-Signature).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Url { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Secret { get; init; }
}

/// <summary>A rule as managers write it (and as templates ship it).</summary>
internal record RuleDefinition
{
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public bool Enabled { get; init; }
    public RuleTrigger Trigger { get; init; } = new();
    public Condition? Condition { get; init; }
    public IReadOnlyList<RuleAction> Actions { get; init; } = [];
    /// <summary>A customer fires the rule at most once in this many days.</summary>
    public int CooldownDays { get; init; } = 30;
    /// <summary>User name of the rule's owner.</summary>
    public string? Owner { get; init; }
}

internal static class RuleEvents
{
    public const string CustomerUpserted = "customerUpserted";
    public const string ContractUpserted = "contractUpserted";
    public const string AssetUpserted = "assetUpserted";
    public const string InteractionRecorded = "interactionRecorded";
    public const string OrderRecorded = "orderRecorded";
    public const string TicketCreated = "ticketCreated";
    public const string TicketResolved = "ticketResolved";
    public const string TicketReopened = "ticketReopened";
    public const string SlaBreached = "slaBreached";
    public const string SurveyResponded = "surveyResponded";

    public static readonly string[] All =
        [CustomerUpserted, ContractUpserted, AssetUpserted, InteractionRecorded, OrderRecorded, TicketCreated, TicketResolved, TicketReopened, SlaBreached, SurveyResponded];

    /// <summary>Events about one ticket, so an escalate action knows which ticket to raise.</summary>
    public static readonly string[] AboutATicket = [TicketCreated, TicketReopened, SlaBreached];
}
