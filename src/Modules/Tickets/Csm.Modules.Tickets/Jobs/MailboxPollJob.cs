using Csm.Modules.Tickets.Mail;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Csm.Modules.Tickets.Jobs;

/// <summary>Polls every enabled mailbox each minute (Scheduler:Jobs:tickets.mailboxes:Interval); on a cluster, on one host at a time.</summary>
[DisallowConcurrentExecution]
internal sealed class MailboxPollJob(IServiceScopeFactory scopes) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<MailboxPoller>().PollAllAsync(cancellationToken);
    }
}
