using Csm.BuildingBlocks.Messaging;

namespace Csm.Modules.Tickets.Contracts;

/// <summary>What a ticket is for. A proactive to-do for an account manager is a ticket of kind Task.</summary>
public enum TicketKind { Repair, Complaint, Inquiry, Task }

public enum TicketPriority { Low, Normal, High, Urgent }

public enum TicketChannel { Phone, Email, Chat, Web, WeChat, Api }

/// <summary>Which SLA clock an SLA event is about.</summary>
public enum SlaTarget { FirstResponse, Resolution, Stage }

/// <param name="TypeCode">The ticket type, e.g. "repair", "complaint", "inquiry", "task".</param>
/// <param name="CustomerId">The customer, or <see cref="TicketsContracts.NoCustomer"/> for a task about none.</param>
/// <param name="Source">What raised the ticket when it was not a person, as on <see cref="TicketResolved"/>.</param>
public sealed record TicketCreated(
    long TicketId, string Number, long CustomerId, string TypeCode, TicketKind Kind, TicketChannel Channel,
    TicketPriority Priority, string Subject, string? Assignee, string? Team, string Stage,
    DateTimeOffset CreatedAt, DateTimeOffset? ResolutionDueAt, string? Source = null) : IntegrationEvent;

public sealed record TicketAssigned(long TicketId, long CustomerId, string? Assignee, string? Team, string? PreviousAssignee) : IntegrationEvent;

/// <param name="BusinessMinutes">Business minutes from creation to the first customer-visible reply.</param>
public sealed record TicketFirstResponded(long TicketId, long CustomerId, DateTimeOffset RespondedAt, double BusinessMinutes) : IntegrationEvent;

public sealed record TicketStageChanged(long TicketId, long CustomerId, string FromStage, string ToStage, string? Actor) : IntegrationEvent;

/// <summary>A ticket reached a final stage. Carries what surveys and reports need without asking back.</summary>
/// <param name="Source">What raised the ticket when it was not a person: "survey-response:{id}", "rule:{id}:{firingId}".</param>
/// <param name="Outcome">For a follow-up task: "reached", "resolved" or "notReachable".</param>
public sealed record TicketResolved(
    long TicketId, string Number, long CustomerId, string TypeCode, TicketKind Kind, TicketPriority Priority,
    TicketChannel Channel, string? Assignee, string? Team, DateTimeOffset CreatedAt, DateTimeOffset ResolvedAt,
    double? FirstResponseBusinessMinutes, double ResolutionBusinessMinutes, bool SlaMet, bool WasReopened,
    string? Source, string? Outcome) : IntegrationEvent;

public sealed record TicketClosed(long TicketId, long CustomerId, DateTimeOffset ClosedAt) : IntegrationEvent;

public sealed record TicketReopened(long TicketId, long CustomerId, string Stage, string? Actor) : IntegrationEvent;

public sealed record SlaAtRisk(long TicketId, long CustomerId, SlaTarget Target, DateTimeOffset DueAt, string? Assignee) : IntegrationEvent;

public sealed record SlaBreached(long TicketId, long CustomerId, SlaTarget Target, DateTimeOffset DueAt, string? Assignee) : IntegrationEvent;

/// <summary>
/// A ticket's tags and field values as they now stand, sent whenever either changes, so reports can group by them. A field
/// holding several values (a multiple choice, a list) has each on its own.
/// </summary>
public sealed record TicketLabelled(long TicketId, long CustomerId, IReadOnlyList<string> Tags, IReadOnlyDictionary<string, IReadOnlyList<string>> Fields) : IntegrationEvent;
