using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Modules;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Csm.Tests.Host;

public sealed class MigrationTests
{
    internal static List<(string, System.Reflection.Assembly)> Sources() =>
    [
        ("Platform", typeof(MigrationRunner).Assembly),
        ("Host", typeof(Program).Assembly),
        .. Csm.Host.HostModulesAccess.All.Select(m => (m.Name, m.Assembly)),
    ];

    private static Db FreshDb() => new(Options.Create(new DatabaseOptions
    {
        Provider = DatabaseProvider.Sqlite,
        ConnectionString = Path.Combine(Path.GetTempPath(), "csm-tests", Guid.NewGuid() + ".db"),
    }));

    [Test]
    public async Task Running_migrations_twice_changes_nothing()
    {
        var db = FreshDb();
        var runner = new MigrationRunner(db, NullLogger<MigrationRunner>.Instance);
        var first = await runner.RunAsync(Sources());
        await using var c = await db.OpenAsync();
        var schema = (await c.QueryAsync<string>("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")).ToList();

        Assert.That(first, Is.GreaterThan(1));
        Assert.That(await runner.RunAsync(Sources()), Is.EqualTo(0));
        Assert.That((await c.QueryAsync<string>("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")).ToList(), Is.EqualTo(schema));
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations"), Is.EqualTo(first));
    }

    [Test]
    public async Task Two_hosts_migrating_at_once_apply_each_script_once()
    {
        var db = FreshDb();
        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            new MigrationRunner(db, NullLogger<MigrationRunner>.Instance).RunAsync(Sources()))));
        var expected = Sources().Sum(s => MigrationRunner.Discover(s.Item1, s.Item2, DatabaseProvider.Sqlite).Count());
        Assert.That(runs.Sum(), Is.EqualTo(expected), "every script applied by exactly one of the two");
        Assert.That(runs, Has.Some.EqualTo(0));
    }
}
