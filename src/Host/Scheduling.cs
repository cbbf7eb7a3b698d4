using Csm.BuildingBlocks.Modules;
using Quartz;

namespace Csm.Host;

/// <summary>Quartz, with the jobs the modules declared as <see cref="ScheduledJob"/>.</summary>
internal static class Scheduling
{
    public static IServiceCollection AddCsmScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        var jobs = services.Where(d => d.ServiceType == typeof(ScheduledJob) && d.ImplementationInstance is ScheduledJob)
            .Select(d => (ScheduledJob)d.ImplementationInstance!).ToList();
        services.AddQuartz(q =>
        {
            foreach (var job in jobs)
            {
                var key = new JobKey(job.Name);
                q.AddJob(job.JobType, j => j.WithIdentity(key).StoreDurably().DisallowConcurrentExecution());
                q.AddTrigger(t =>
                {
                    t.ForJob(key).WithIdentity(job.Name + ".trigger");
                    if (job.Cron is not null) t.WithCronSchedule(job.Cron);
                    else t.WithSimpleSchedule(s => s.WithInterval(job.Interval ?? TimeSpan.FromMinutes(1)).RepeatForever());
                });
            }
        });
        if (configuration.GetValue("Scheduler:Enabled", true))
        {
            services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        }
        return services;
    }
}
