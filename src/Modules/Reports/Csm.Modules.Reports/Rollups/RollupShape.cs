using Csm.BuildingBlocks.Modules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Csm.Modules.Reports.Rollups;

/// <summary>
/// The rollups are sums over the facts by dimension, in the reporting time zone. When either changes (a release adds a
/// group such as answeredVia, an operator sets another Reports:TimeZone), the rollups the database holds no longer add up
/// to what the reports ask for; at start-up this compares the shape they were built with to the host's and rebuilds them
/// from the facts when they differ, once, under a row lock (on a cluster the other hosts wait, then find it done).
/// </summary>
internal sealed class RollupShape(ReportingZone reporting, TimeProvider clock, ILogger<RollupShape> log) : IAfterMigrations
{
    public string Current => $"zone={reporting.Zone.Id};responses={string.Join(',', Measures.ResponseGroups)};tickets={string.Join(',', Measures.TicketGroups)}";

    public async Task RunAsync(IServiceProvider services, CancellationToken ct) =>
        await services.GetRequiredService<IServiceScopeFactory>().WriteAsync(async (session, c, tx) =>
        {
            await c.ExecuteAsync(session.Dialect.InsertIfAbsent("rpt_rollup_shape", "id, shape, rebuilt_at", "1, '', @Now", "id"), new { Now = clock.GetUtcNow() }, tx);
            await c.ExecuteAsync("UPDATE rpt_rollup_shape SET shape = shape WHERE id = 1", transaction: tx);
            var built = await c.ExecuteScalarAsync<string>("SELECT shape FROM rpt_rollup_shape WHERE id = 1", transaction: tx);
            if (built == Current) return 0;
            var rows = await DailyRollup.RebuildAsync(c, tx, session.Dialect, reporting.Zone);
            await c.ExecuteAsync("UPDATE rpt_rollup_shape SET shape = @Shape, rebuilt_at = @Now WHERE id = 1", new { Shape = Current, Now = clock.GetUtcNow() }, tx);
            if (built != "") log.LogWarning("The report rollups were rebuilt at start-up ({Rows} rows): built as '{Built}', the host reports as '{Current}'.", rows, built, Current);
            return rows;
        }, ct);
}
