using Csm.BuildingBlocks.Data;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.Tests.Customers;

/// <summary>
/// On a server engine an import's rows lock customers in the file's order while other writers (the 360 builder, event
/// handlers) lock them in theirs, so the engine may end a deadlock by failing the import: the import runs again instead.
/// </summary>
public sealed class ImportDeadlockTests
{
    [Test]
    public async Task An_import_the_engine_fails_to_end_a_deadlock_runs_again_and_keeps_every_row()
    {
        CsmFixture.OnlyOn(DatabaseProvider.PostgreSql, "SQLite's writers take turns and never deadlock");
        await using var csm = await CsmFixture.StartAsync();
        await csm.Admin.ImportCsvAsync("externalId,name,tier\nY,Yellow Ltd,standard\nX,Xenon Ltd,standard\n");
        var db = csm.Services.GetRequiredService<Db>();
        await using var other = await db.OpenAsync();
        long Id(string key) => other.ExecuteScalar<long>("SELECT customer_id FROM cus_external_ids WHERE source = 'crm' AND external_id = @Key", new { Key = key });
        var (x, y) = (Id("X"), Id("Y"));

        // Another writer holds X; the import changes Y, then waits for X; the other writer then asks for Y: a deadlock.
        await using var tx = await other.BeginTransactionAsync();
        await other.ExecuteAsync("SELECT id FROM cus_customers WHERE id = @X FOR UPDATE", new { X = x }, tx);
        var import = csm.Admin.ImportCsvAsync("externalId,name,tier\nY,Yellow Trading Ltd,standard\nX,Xenon Trading Ltd,standard\n");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await csm.CountAsync("SELECT COUNT(*) FROM pg_locks WHERE NOT granted") == 0 && waited.Elapsed < TimeSpan.FromSeconds(20))
            await Task.Delay(20);
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM pg_locks WHERE NOT granted"), Is.GreaterThan(0), "the import waits for X");
        // PostgreSQL finds the cycle when the import has waited deadlock_timeout (1 s, before this statement has) and fails the import.
        await other.ExecuteAsync("SELECT id FROM cus_customers WHERE id = @Y FOR UPDATE", new { Y = y }, tx);
        await tx.CommitAsync();

        var report = await import;
        Assert.That(report["updated"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM cus_customers WHERE name IN ('Yellow Trading Ltd', 'Xenon Trading Ltd')"), Is.EqualTo(2));
    }
}
