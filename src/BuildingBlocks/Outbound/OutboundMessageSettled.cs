using Csm.BuildingBlocks.Messaging;

namespace Csm.BuildingBlocks.Outbound;

/// <summary>
/// A message reached its end: sent or dropped (<paramref name="Reply"/> is the server's answer), failed or parked
/// (<paramref name="Error"/> says why). Written with the status, so the module that queued it can record the delivery.
/// </summary>
public sealed record OutboundMessageSettled(
    long MessageId, string Module, string BusinessKey, string Kind, string Channel, string Status, string? Reply, string? Error) : IntegrationEvent
{
    public bool Delivered => Status is OutboundStatus.Sent or OutboundStatus.Dropped;
}
