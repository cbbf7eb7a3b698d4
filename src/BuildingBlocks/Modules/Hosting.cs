namespace Csm.BuildingBlocks.Modules;

/// <summary>A job a module wants run on a schedule; the job type implements Quartz's IJob.</summary>
public sealed record ScheduledJob(Type JobType, string Name, TimeSpan? Interval = null, string? Cron = null);

/// <summary>Demo data a module adds when the host starts with --demo on an empty database. Lower Order runs first.</summary>
/// <summary>Work a module does once the migrations have run, before the host listens (filling what SQL alone cannot migrate).</summary>
public interface IAfterMigrations
{
    Task RunAsync(IServiceProvider services, CancellationToken ct);
}

public interface IDemoData
{
    int Order { get; }
    Task SeedAsync(IServiceProvider services, CancellationToken ct);
}
