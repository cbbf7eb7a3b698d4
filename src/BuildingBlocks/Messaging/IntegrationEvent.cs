using MediatR;

namespace Csm.BuildingBlocks.Messaging;

/// <summary>A fact one module tells the others, delivered through the outbox at least once.</summary>
public abstract record IntegrationEvent : INotification
{
    public Guid EventId { get; init; } = Guid.NewGuid();
    public DateTimeOffset OccurredAt { get; init; }
}
