namespace Csm.BuildingBlocks.Modules;

/// <summary>A job a module wants run on a schedule; the job type implements Quartz's IJob.</summary>
public sealed record ScheduledJob(Type JobType, string Name, TimeSpan? Interval = null, string? Cron = null);

/// <summary>Work a module does once the migrations have run, before the host listens (filling what SQL alone cannot migrate).</summary>
public interface IAfterMigrations
{
    Task RunAsync(IServiceProvider services, CancellationToken ct);
}

/// <summary>Demo data a module adds when the host starts with --demo on an empty database. Lower Order runs first.</summary>
public interface IDemoData
{
    int Order { get; }
    Task SeedAsync(IServiceProvider services, CancellationToken ct);
}

/// <summary>
/// The story the demo tells, which several modules' demo data follow: service got better over the year, then spare parts
/// started arriving late <see cref="DipDays"/> days before the start and detractors jumped; a rule caught the customers
/// unhappy after a recent ticket; the service managers started an improvement plan <see cref="PlanDays"/> days before
/// the start, and since then the detractor share eases back.
/// </summary>
public static class DemoStory
{
    /// <summary>How many days before the start the spare-parts dip began.</summary>
    public const int DipDays = 21;

    /// <summary>How many days before the start the improvement plan began (within the dip).</summary>
    public const int PlanDays = 10;
}
