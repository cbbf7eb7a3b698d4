using Csm.Modules.Rules.Contracts;
using MediatR;

namespace Csm.Modules.Customers.Events;

/// <summary>
/// A rule's "set lifecycle status" action: the status becomes explicit, with the change in the customer's history under
/// the rule's name. An unknown status, an archived or erased customer, or the same explicit status changes nothing.
/// </summary>
internal sealed class LifecycleRequests(DbSession session, Outbox outbox, AuditTrail audit, TimeProvider clock) : INotificationHandler<CustomerLifecycleRequested>
{
    public async Task Handle(CustomerLifecycleRequested e, CancellationToken ct)
    {
        if (!Vocabulary.LifecycleStatuses.Contains(e.Status)) return;
        var c = await session.ConnectionAsync(ct);
        var set = await CustomerLifecycle.SetExplicitAsync(c, session.Transaction!, e.CustomerId, e.Status, clock.GetUtcNow());
        if (set is not { Change: { } change, Had: var had }) return;
        await outbox.AddAsync(change, ct);
        await CustomerLifecycle.RecordAsync(audit, had, change, e.Source, ct);
    }
}
