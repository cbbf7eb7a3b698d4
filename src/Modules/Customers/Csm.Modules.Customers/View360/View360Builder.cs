using Csm.BuildingBlocks.Modules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Csm.Modules.Customers.View360;

/// <param name="BatchSize">Customers whose documents are built in one pass (one read of eleven statements, one write).</param>
/// <param name="IdleMilliseconds">How long the builder waits when nothing is stale before it looks again.</param>
internal sealed record View360Settings(int BatchSize, int IdleMilliseconds)
{
    public static View360Settings From(IConfiguration configuration)
    {
        var batch = configuration.GetValue<int?>("Customers:View360:BatchSize") ?? 500;
        if (batch is < 1 or > 2000) throw HostCannotStart.Setting("Customers:View360:BatchSize", "a number of customers from 1 to 2000");
        var idle = configuration.GetValue<int?>("Customers:View360:IdleMilliseconds") ?? 250;
        if (idle is < 10 or > 60_000) throw HostCannotStart.Setting("Customers:View360:IdleMilliseconds", "milliseconds from 10 to 60000");
        return new View360Settings(batch, idle);
    }
}

/// <summary>
/// Keeps each customer's 360 document (cus_view360) current in the background. A customer gets a row the first time the
/// builder sees them (stale, version 0); the database's triggers mark the row stale and bump its version on every write
/// to what the view shows. Each pass takes a batch of stale rows with their versions, reads their snapshots set-wise
/// after reading the versions, and writes each document only where the version is still the one read: a write that
/// landed in between leaves the row stale for the next pass, so a document is never marked current while older than
/// the tables. Several hosts may build at once; the version check makes that only duplicate work.
/// </summary>
internal sealed class View360Builder(IServiceScopeFactory scopes, View360Settings settings, TimeProvider clock, ILogger<View360Builder> log)
    : BackgroundService
{
    private long _seenUpTo;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting (migrations, demo data) before the first pass.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            int built;
            try
            {
                built = await PassAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A database that is busy or gone for a moment: the documents stay stale (and unused) until a later pass.
                log.LogWarning(e, "Building customers' 360 documents failed; the view is read from the tables until a later pass succeeds.");
                built = 0;
            }
            if (built == 0)
            {
                try { await Task.Delay(settings.IdleMilliseconds, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>One pass: rows for customers not seen yet, then one batch of stale documents (one scope and connection for the reads). Returns how many it wrote.</summary>
    internal async Task<int> PassAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var c = await session.ConnectionAsync(ct);
        var d = session.Dialect;
        await AddNewCustomersAsync(await c.ExecuteScalarAsync<long?>("SELECT MAX(id) FROM cus_customers") ?? 0, ct);
        var stale = (await c.QueryAsync<(long CustomerId, long Version)>(
            $"SELECT {d.Top(settings.BatchSize)} customer_id, version FROM cus_view360 WHERE stale = 1 ORDER BY customer_id {d.Limit(settings.BatchSize)}")).ToList();
        if (stale.Count == 0) return 0;
        var now = clock.GetUtcNow();
        // Read after the versions: the snapshots are at least as new as the versions they are written under.
        var snapshots = await Snapshot.ReadAsync(c, null, stale.Select(s => s.CustomerId).ToList(), now);
        var docs = stale.Select(s => new { s.CustomerId, s.Version, Doc = snapshots.GetValueOrDefault(s.CustomerId)?.ToJson(), Now = now }).ToList();
        var tx = await session.BeginAsync(ct);
        var written = await c.ExecuteAsync(
            "UPDATE cus_view360 SET doc = @Doc, stale = 0, built_at = @Now WHERE customer_id = @CustomerId AND version = @Version", docs, tx);
        await session.CommitAsync(ct);
        return Math.Max(written, 1);
    }

    /// <summary>A stale row, version 0, for each customer created since the last look (ids only grow, so one range a pass).</summary>
    private async Task AddNewCustomersAsync(long max, CancellationToken ct)
    {
        if (max <= _seenUpTo) return;
        await scopes.WriteAsync((session, c, tx) => c.ExecuteAsync(
            $"""
            INSERT INTO cus_view360 (customer_id, stale, version)
            SELECT c.id, 1, 0 FROM cus_customers c
            WHERE c.id > @From AND c.id <= @To AND NOT EXISTS (SELECT 1 FROM cus_view360 v WHERE v.customer_id = c.id)
            {(session.Dialect.Provider == DatabaseProvider.SqlServer ? "" : "ON CONFLICT (customer_id) DO NOTHING")}
            """, new { From = _seenUpTo, To = max }, tx), ct);
        _seenUpTo = max;
    }
}
