using Csm.Modules.Reports.Subscriptions;
using Quartz;

namespace Csm.Modules.Reports.Jobs;

/// <summary>Every few minutes, queues the report e-mails whose period has ended (each period once per recipient).</summary>
internal sealed class ReportSubscriptionJob(ReportDeliveries deliveries) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await deliveries.DeliverDueAsync(cancellationToken);
}
