using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Modules;
using Csm.Host.Auth;

namespace Csm.Host;

/// <summary>Runs before the server listens: migrations, the bootstrap admin, and demo data when asked for.</summary>
internal sealed class StartupTasks(IServiceProvider services, ModuleCatalog catalog, IConfiguration configuration, ILogger<StartupTasks> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var db = services.GetRequiredService<Db>();
        var sources = new List<(string, System.Reflection.Assembly)>
        {
            ("Platform", typeof(MigrationRunner).Assembly),
            ("Host", typeof(StartupTasks).Assembly),
        };
        sources.AddRange(catalog.Modules.Select(m => (m.Name, m.Assembly)));
        var applied = await services.GetRequiredService<MigrationRunner>().RunAsync(sources, ct);
        logger.LogInformation("Database {Database}: {Applied} migrations applied", db.Description, applied);

        foreach (var step in services.GetServices<IAfterMigrations>())
        {
            await using var scope = services.CreateAsyncScope();
            await step.RunAsync(scope.ServiceProvider, ct);
        }

        await BootstrapAdmin.EnsureAsync(db, services.GetRequiredService<UserAccounts>(), configuration, services.GetRequiredService<TimeProvider>(), ct);

        if (configuration.GetValue("Demo:Enabled", false))
        {
            foreach (var demo in services.GetServices<IDemoData>().OrderBy(d => d.Order))
            {
                await using var scope = services.CreateAsyncScope();
                await demo.SeedAsync(scope.ServiceProvider, ct);
            }
        }
        Ready = true;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    public static bool Ready { get; private set; }
}
