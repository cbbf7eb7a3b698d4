using Csm.Modules.Rules.Contracts;
using Csm.Modules.Tickets.Notifications;
using MediatR;

namespace Csm.Modules.Tickets.Events;

/// <summary>A rule told staff about a customer: each person named finds it in the bell, linking to the customer.</summary>
internal sealed class RuleNotices(DbSession session, TimeProvider clock) : INotificationHandler<StaffNotified>
{
    public async Task Handle(StaffNotified e, CancellationToken ct) =>
        await Notices.WriteAsync(await session.ConnectionAsync(ct), session.Transaction, session.Dialect,
            e.People.Distinct().Select(person => new Notice(person, null, NotificationKind.RuleNotice, Reason: e.Message)
            {
                CustomerId = e.CustomerId, Title = e.RuleName,
            }).ToList(), clock.GetUtcNow());
}
