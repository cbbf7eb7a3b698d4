using Csm.BuildingBlocks.Messaging;

namespace Csm.Modules.Reports.Contracts;

/// <summary>
/// An improvement plan's action, about one customer or none (CustomerId null): the Tickets module opens it as a task for the
/// owner, due at the end of DueOn, with the source "improvement-action:{ActionId}" (one task per action however often this arrives). When the task
/// is resolved, TicketResolved carries that source back and the plan marks the action done.
/// </summary>
public sealed record ImprovementActionPlanned(long PlanId, string PlanTitle, long ActionId, long? CustomerId, string Title, string Owner, DateOnly DueOn)
    : IntegrationEvent
{
    public const string SourcePrefix = "improvement-action:";
}
