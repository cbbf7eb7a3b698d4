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
        var provider = configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite);
        var connectionString = configuration.GetConnectionString("Csm");
        services.AddQuartz(q =>
        {
            if (provider != DatabaseProvider.Sqlite && !string.IsNullOrEmpty(connectionString))
            {
                // Each host's own id (machine name and a time stamp), recorded in qrtz_scheduler_state as it checks in.
                q.ConfigureScheduler(o => { o.InstanceName = "Csm"; o.GenerateInstanceId = true; });
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
                    else t.WithSimpleSchedule(s => s.WithInterval(
                        configuration.GetValue<TimeSpan?>($"Scheduler:Jobs:{job.Name}:Interval") ?? job.Interval ?? TimeSpan.FromMinutes(1)).RepeatForever());
                });
            }
        });
        // A host joining the cluster declares the same jobs again: the stored trigger is replaced (a changed interval takes
        // effect) but keeps its place in time, instead of firing once more at that host's start.
        services.Configure<QuartzOptions>(o => o.Scheduling.ScheduleTriggerRelativeToReplacedTrigger = true);
        if (configuration.GetValue("Scheduler:Enabled", true))
        {
            services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        }
        return services;
    }
}
