using Csm.BuildingBlocks.Messaging;

namespace Csm.Modules.Rules.Contracts;

/// <summary>A rule matched a customer and its actions ran (or were queued). One per rule, customer and firing.</summary>
public sealed record RuleFired(long RuleId, string RuleName, long FiringId, long CustomerId, string Reason, IReadOnlyList<string> Actions) : IntegrationEvent;

/// <summary>
/// A rule asks the Tickets module for a proactive task (a ticket of kind Task) for a customer.
/// Assignee null means the customer's account manager. Source is "rule:{ruleId}:{firingId}". AboutFeedback: the rule
/// answers a survey response, so its task is the follow-up of that unhappy answer (one task, whoever asks first);
/// SurveyResponseId is that answer when the rule ran on it (not when run by hand or on a schedule).
/// </summary>
public sealed record TaskRequested(
    long CustomerId, string Title, string? Description, string? Assignee, double DueInBusinessHours, string Source, bool AboutFeedback = false,
    long? SurveyResponseId = null) : IntegrationEvent;

/// <summary>
/// A rule asks the Customers module to add a tag to a customer. Source is "rule:{ruleId}:{firingId}".
/// The Rules facts already carry the tag; Customers publishes CustomerUpserted when it has applied it.
/// </summary>
public sealed record CustomerTagRequested(long CustomerId, string Tag, string Source) : IntegrationEvent;

/// <summary>A rule asks the Customers module to set a customer's lifecycle status explicitly (active, atRisk, churned, wonBack). Source is "rule:{ruleId}:{firingId}".</summary>
public sealed record CustomerLifecycleRequested(long CustomerId, string Status, string Source) : IntegrationEvent;

/// <summary>A rule asks the Tickets module to escalate a ticket: raise it to Priority ("high" or "urgent") and tell NotifyRole if set.</summary>
public sealed record TicketEscalationRequested(long TicketId, long CustomerId, string Priority, string? NotifyRole, string Reason, string Source) : IntegrationEvent;

/// <summary>
/// A rule's notify names staff to tell about a customer: the Tickets module puts it in each person's bell. People are
/// user names; Source is "rule:{ruleId}:{firingId}".
/// </summary>
public sealed record StaffNotified(long CustomerId, string RuleName, string Message, IReadOnlyList<string> People, string Source) : IntegrationEvent;
