using Csm.BuildingBlocks.Messaging;

namespace Csm.Modules.Rules.Contracts;

/// <summary>A rule matched a customer and its actions ran (or were queued). One per rule, customer and firing.</summary>
public sealed record RuleFired(long RuleId, string RuleName, long FiringId, long CustomerId, string Reason, IReadOnlyList<string> Actions) : IntegrationEvent;

/// <summary>
/// A rule asks the Tickets module for a proactive task (a ticket of kind Task) for a customer.
/// Assignee null means the customer's account manager. Source is "rule:{ruleId}:{firingId}".
/// </summary>
public sealed record TaskRequested(
    long CustomerId, string Title, string? Description, string? Assignee, double DueInBusinessHours, string Source) : IntegrationEvent;
