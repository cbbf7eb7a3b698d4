using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Modules;
using Quartz;

namespace Csm.Host;

/// <summary>
/// Quartz, with the jobs the modules declared as <see cref="ScheduledJob"/>. On SQLite (one host) it keeps its schedule
/// in memory; on PostgreSQL and SQL Server every host's scheduler joins one cluster on the database (the qrtz_ tables
/// of the Host's migration 0005), so a job runs once per tick across hosts, and a host that stops checking in has its
/// jobs taken over by the others. Scheduler:Jobs:{name}:Interval changes how often a job runs (e.g. tickets.escalation).
/// </summary>
internal static class Scheduling
{
    public static IServiceCollection AddCsmScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        var jobs = services.Where(d => d.ServiceType == typeof(ScheduledJob) && d.ImplementationInstance is ScheduledJob)
            .Select(d => (ScheduledJob)d.ImplementationInstance!).ToList();
        var provider = configuration.DatabaseProvider();
        var connectionString = configuration.GetConnectionString("Csm");
        services.AddQuartz(q =>
        {
            if (provider != DatabaseProvider.Sqlite && !string.IsNullOrEmpty(connectionString))
            {
                // Each host's own id (machine name and a time stamp), recorded in qrtz_scheduler_state as it checks in.
                // A node that finds nothing to fire sleeps up to IdleWaitTime (30 s) before it looks again: how soon a
                // survivor takes up a job whose trigger another host held.
                q.ConfigureScheduler(o =>
                {
                    o.InstanceName = "Csm";
                    o.GenerateInstanceId = true;
                    if (configuration.GetValue<TimeSpan?>("Scheduler:IdleWaitTime") is { } idle) o.IdleWaitTime = idle;
                });
                q.UsePersistentStore(store =>
                {
                    store.UseSystemTextJsonSerializer();
                    // Every run, on which host, how long and how it ended (qrtz_execution_history): what shows that a
                    // job ran once per tick across the hosts.
                    store.UseExecutionHistory();
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = configuration.GetValue("Scheduler:CheckinInterval", TimeSpan.FromSeconds(7.5));
                        c.CheckinMisfireThreshold = configuration.GetValue("Scheduler:CheckinMisfireThreshold", TimeSpan.FromSeconds(15));
                    });
                    if (provider == DatabaseProvider.PostgreSql) store.UsePostgres(connectionString);
                    else store.UseSqlServer(connectionString);
                    store.ConfigureStore(o =>
                    {
                        o.TablePrefix = "qrtz_";
                        o.StoreJobDataAsStrings = true;
                        o.SchemaProvisioning = SchemaProvisioning.Validate;
                    });
                });
            }
            foreach (var job in jobs)
            {
                var key = new JobKey(job.Name);
                q.AddJob(job.JobType, j => j.WithIdentity(key).StoreDurably().DisallowConcurrentExecution());
                q.AddTrigger(t =>
                {
                    t.ForJob(key).WithIdentity(job.Name + ".trigger");
                    if (job.Cron is not null) t.WithCronSchedule(job.Cron);
                    else t.WithSimpleSchedule(s => s.WithInterval(Interval(configuration, job)).RepeatForever());
                });
            }
        });
        var clustered = provider != DatabaseProvider.Sqlite && !string.IsNullOrEmpty(connectionString);
        // A host joining the cluster declares the same jobs again: the stored ones stay as they are (replacing a trigger
        // made it fire once more at that host's start); a changed interval is applied by ScheduleChanges below.
        if (clustered) services.Configure<QuartzOptions>(o => o.Scheduling.IgnoreDuplicates = true);
        if (configuration.GetValue("Scheduler:Enabled", true))
        {
            services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
            if (clustered) services.AddHostedService(sp => new ScheduleChanges(sp.GetRequiredService<ISchedulerFactory>(),
                jobs.Select(j => (j, Interval(configuration, j))).ToList()));
        }
        return services;
    }

    private static TimeSpan Interval(IConfiguration configuration, ScheduledJob job) =>
        configuration.GetValue<TimeSpan?>($"Scheduler:Jobs:{job.Name}:Interval") ?? job.Interval ?? TimeSpan.FromMinutes(1);

    /// <summary>
    /// On a cluster the triggers are stored: one whose interval or cron the settings now say otherwise is rescheduled from
    /// its next fire time, so a change reaches the cluster when a host with it starts, without an extra run.
    /// </summary>
    private sealed class ScheduleChanges(ISchedulerFactory factory, IReadOnlyList<(ScheduledJob Job, TimeSpan Interval)> jobs) : IHostedService
    {
        public async Task StartAsync(CancellationToken ct)
        {
            var scheduler = await factory.GetScheduler(ct);
            foreach (var (job, interval) in jobs)
            {
                var key = new TriggerKey(job.Name + ".trigger");
                var stored = await scheduler.GetTrigger(key, ct);
                var changed = stored switch
                {
                    ICronTrigger cron => cron.CronExpressionString != job.Cron,
                    ISimpleTrigger simple => job.Cron is not null || simple.RepeatInterval != interval,
                    _ => false,
                };
                if (!changed || stored is null) continue;
                var trigger = TriggerBuilder.Create().ForJob(new JobKey(job.Name)).WithIdentity(key)
                    .StartAt(stored.NextFireTimeUtc ?? DateTimeOffset.UtcNow);
                trigger = job.Cron is not null ? trigger.WithCronSchedule(job.Cron)
                    : trigger.WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever());
                await scheduler.RescheduleJob(key, trigger.Build(), ct);
            }
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
