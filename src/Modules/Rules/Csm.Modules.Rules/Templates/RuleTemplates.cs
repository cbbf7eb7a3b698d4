using System.Text.Json;
using Csm.Modules.Rules.Conditions;
using Csm.Modules.Rules.Evaluation;

namespace Csm.Modules.Rules.Templates;

internal sealed record RuleTemplate(string Key, string Name, string Description, RuleDefinition Rule);

/// <summary>Ready-made rules for the seed scenarios; a manager enables one as it is or adjusts it first.</summary>
internal static class RuleTemplates
{
    private const string EveryMorning = "0 0 8 * * ?";

    private static Condition Is(string fact, string op, object? value = null) =>
        new() { Fact = fact, Op = op, Value = value is null ? null : JsonSerializer.SerializeToElement(value) };

    private static Condition AllOf(params Condition[] items) => new() { All = items };

    public static readonly IReadOnlyList<RuleTemplate> All =
    [
        new("ticket-spike", "Tickets piling up: call them",
            "At least 3 tickets in the last 30 days and at least twice the customer's own monthly baseline: the account manager calls.",
            new RuleDefinition
            {
                Name = "Tickets piling up: call them",
                Trigger = new RuleTrigger { Schedule = EveryMorning },
                Condition = AllOf(
                    Is("ticketsLast30Days", "gte", 3),
                    new Condition { Fact = "ticketsLast30Days", Op = "gte", ValueFact = "monthlyTicketBaseline", Factor = 2 }),
                Actions =
                [
                    new RuleAction
                    {
                        Type = "createTask", Title = "Call {{customerName}}: {{ticketsLast30Days}} tickets in 30 days",
                        Description = "Usually {{monthlyTicketBaseline}} tickets a month. Why: {{reason}}", DueInHours = 8,
                    },
                ],
                CooldownDays = 30,
            }),
        new("vip-contract-renewal", "VIP contract ends in 30 days: care e-mail and renewal task",
            "A VIP's contract ends within 30 days: the customer gets a care e-mail and the account manager a renewal task.",
            new RuleDefinition
            {
                Name = "VIP contract ends in 30 days",
                Trigger = new RuleTrigger { Schedule = EveryMorning },
                Condition = AllOf(Is("tier", "eq", "vip"), Is("daysToContractEnd", "within", 30)),
                Actions =
                [
                    new RuleAction
                    {
                        Type = "sendEmail", To = "customer", Template = CustomerMessages.ContractCare,
                    },
                    new RuleAction
                    {
                        Type = "createTask", Title = "Renewal: {{customerName}}'s contract ends in {{daysToContractEnd}} days",
                        Description = "Contract value {{activeContractValue}}.", DueInHours = 16,
                    },
                ],
                CooldownDays = 60,
            }),
        new("maintenance-due", "Maintenance due in 14 days",
            "An asset's maintenance is due within 14 days: a reminder e-mail to the customer and a task to book the visit.",
            new RuleDefinition
            {
                Name = "Maintenance due in 14 days",
                Trigger = new RuleTrigger { Schedule = EveryMorning },
                Condition = Is("daysToNextMaintenance", "within", 14),
                Actions =
                [
                    new RuleAction
                    {
                        Type = "sendEmail", To = "customer", Template = CustomerMessages.MaintenanceReminder,
                    },
                    new RuleAction { Type = "createTask", Title = "Book maintenance for {{customerName}}", DueInHours = 16 },
                ],
                CooldownDays = 30,
            }),
        new("detractor-follow-up", "Detractor score: task for the account manager",
            "An NPS answer of 0-6 arrives: the account manager gets a call-back task the same day.",
            new RuleDefinition
            {
                Name = "Detractor score: call back",
                Trigger = new RuleTrigger { Event = RuleEvents.SurveyResponded },
                Condition = Is("latestNps", "lte", 6),
                Actions = [new RuleAction { Type = "createTask", Title = "Call back {{customerName}}: NPS {{latestNps}}", DueInHours = 4 }],
                CooldownDays = 7,
            }),
        new("vip-no-interaction", "No interaction in 90 days for a VIP",
            "A VIP nobody has called, written to or visited for 90 days: a re-engagement task for the account manager.",
            new RuleDefinition
            {
                Name = "VIP without contact for 90 days",
                Trigger = new RuleTrigger { Schedule = EveryMorning },
                Condition = AllOf(Is("tier", "eq", "vip"), Is("daysSinceLastInteraction", "gte", 90)),
                Actions = [new RuleAction { Type = "createTask", Title = "Get back in touch with {{customerName}} ({{daysSinceLastInteraction}} days without contact)", DueInHours = 24 }],
                CooldownDays = 30,
            }),
        new("vip-sla-breach", "SLA breach on a VIP: tell the service manager",
            "A VIP's ticket breaches its SLA: the ticket is escalated to urgent and the service managers are notified.",
            new RuleDefinition
            {
                Name = "SLA breach on a VIP",
                Trigger = new RuleTrigger { Event = RuleEvents.SlaBreached },
                Condition = Is("tier", "eq", "vip"),
                Actions =
                [
                    new RuleAction { Type = "escalate", Priority = "urgent", Role = "manager", Message = "SLA breached for VIP {{customerName}}" },
                    new RuleAction { Type = "notify", Role = "manager", Message = "A ticket of VIP {{customerName}} breached its SLA." },
                ],
                CooldownDays = 1,
            }),
        new("unhappy-after-ticket", "Unhappy after a recent ticket: tell the service manager",
            "An unhappy answer (of the last 21 days) from a customer with a ticket in the last 30 days: the service managers are told and the customer is tagged at-risk, so a run of them shows.",
            new RuleDefinition
            {
                Name = "Unhappy after a recent ticket",
                Trigger = new RuleTrigger { Event = RuleEvents.SurveyResponded },
                Condition = AllOf(Is("latestFeedback", "eq", "unhappy"), Is("ticketsLast30Days", "gte", 1), Is("daysSinceLastSurvey", "lte", 21)),
                Actions =
                [
                    new RuleAction { Type = "notify", Role = "manager", Message = "{{customerName}} is unhappy after {{ticketsLast30Days}} ticket(s) in 30 days." },
                    new RuleAction { Type = "addTag", Tag = "at-risk" },
                ],
                CooldownDays = 14,
            }),
    ];
}
