using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Csm.Modules.Tickets.Jobs;

/// <summary>Runs the escalation scan every minute; on a cluster, Quartz runs it on one host at a time.</summary>
[DisallowConcurrentExecution]
internal sealed class EscalationJob(IServiceScopeFactory scopes) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<EscalationScan>().RunAsync(cancellationToken, context.ScheduledFireTimeUtc, context.Scheduler.SchedulerInstanceId);
    }
}
