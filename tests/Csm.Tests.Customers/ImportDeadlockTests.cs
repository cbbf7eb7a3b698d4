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
        var report = await DeadlockedAsync(csm, () => csm.Admin.ImportCsvAsync("externalId,name,tier\nY,Yellow Trading Ltd,standard\nX,Xenon Trading Ltd,standard\n"));
        Assert.That(report["updated"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM cus_customers WHERE name IN ('Yellow Trading Ltd', 'Xenon Trading Ltd')"), Is.EqualTo(2));
    }

    [Test]
    public async Task A_batch_of_a_background_import_the_engine_fails_to_end_a_deadlock_runs_again_and_the_job_completes()
    {
        CsmFixture.OnlyOn(DatabaseProvider.PostgreSql, "SQLite's writers take turns and never deadlock");
        await using var csm = await CsmFixture.StartAsync(new Dictionary<string, string?>
        {
            ["Customers:Import:BackgroundAboveBytes"] = "1024",
            ["Customers:Import:BatchRows"] = "50",
            ["Customers:Import:Folder"] = Path.Combine(Path.GetTempPath(), "csm-tests", "imports-" + Guid.NewGuid().ToString("N")),
        });
        // Y and X in the first batch, then enough new customers to make the file a background job of three batches.
        var csv = "externalId,name,tier\nY,Yellow Trading Ltd,standard\nX,Xenon Trading Ltd,standard\n"
            + string.Concat(Enumerable.Range(1, 120).Select(i => $"N{i},New Customer {i},standard\n"));
        var job = await DeadlockedAsync(csm, async () =>
            await BackgroundImportTests.EndedAsync(csm.Admin, (await BackgroundImportTests.StartAsync(csm.Admin, csv)).Location));
        Assert.That(job["state"]!.GetValue<string>(), Is.EqualTo("completed"), job["reason"]?.ToString());
        Assert.That((job["rowsRead"]!.GetValue<long>(), job["updated"]!.GetValue<long>(), job["created"]!.GetValue<long>(), job["failed"]!.GetValue<long>()),
            Is.EqualTo((122L, 2L, 120L, 0L)), "no row of the batch run again is refused as 'appears earlier in this file'");
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM cus_customers WHERE name IN ('Yellow Trading Ltd', 'Xenon Trading Ltd')"), Is.EqualTo(2));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM cus_customers"), Is.EqualTo(122));
    }

    /// <summary>
    /// Customers Y and X exist; another writer holds X while <paramref name="import"/> (which changes Y, then X) runs, and
    /// asks for Y once the import waits: a deadlock, which PostgreSQL ends by failing the import's transaction.
    /// </summary>
    private static async Task<System.Text.Json.Nodes.JsonNode> DeadlockedAsync(CsmFixture csm, Func<Task<System.Text.Json.Nodes.JsonNode>> import)
    {
        await csm.Admin.ImportCsvAsync("externalId,name,tier\nY,Yellow Ltd,standard\nX,Xenon Ltd,standard\n");
        var db = csm.Services.GetRequiredService<Db>();
        await using var other = await db.OpenAsync();
        long Id(string key) => other.ExecuteScalar<long>("SELECT customer_id FROM cus_external_ids WHERE source = 'crm' AND external_id = @Key", new { Key = key });
        var (x, y) = (Id("X"), Id("Y"));

        await using var tx = await other.BeginTransactionAsync();
        await other.ExecuteAsync("SELECT id FROM cus_customers WHERE id = @X FOR UPDATE", new { X = x }, tx);
        var running = import();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await csm.CountAsync("SELECT COUNT(*) FROM pg_locks WHERE NOT granted") == 0 && waited.Elapsed < TimeSpan.FromSeconds(20))
            await Task.Delay(20);
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM pg_locks WHERE NOT granted"), Is.GreaterThan(0), "the import waits for X");
        // PostgreSQL finds the cycle when the import has waited deadlock_timeout (1 s, before this statement has) and fails the import.
        await other.ExecuteAsync("SELECT id FROM cus_customers WHERE id = @Y FOR UPDATE", new { Y = y }, tx);
        await tx.CommitAsync();
        return await running;
    }
}
