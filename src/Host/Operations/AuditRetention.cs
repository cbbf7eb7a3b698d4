using Csm.BuildingBlocks.Data;
using Dapper;
using Quartz;

namespace Csm.Host.Operations;

/// <summary>
/// Keeps the audit log for <c>Audit:RetentionDays</c> (default 730; 0 keeps it for ever): once an hour the entries older
/// than that are deleted, a batch at a time so writers never wait long.
/// </summary>
internal sealed class AuditRetention(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider clock, ILogger<AuditRetention> logger) : IJob
{
    public const string JobName = "audit.retention";
    private const int Batch = 5_000;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var pruned = await PruneAsync(cancellationToken);
        if (pruned > 0) logger.LogInformation("Deleted {Count} audit entries past the retention", pruned);
    }

    /// <summary>Deletes what is past the retention; how many entries.</summary>
    public async Task<int> PruneAsync(CancellationToken ct)
    {
        var days = configuration.GetValue("Audit:RetentionDays", 730);
        if (days <= 0) return 0;
        var before = clock.GetUtcNow().AddDays(-days);
        var total = 0;
        while (true)
        {
            var deleted = await scopes.WriteAsync((session, c, tx) => c.ExecuteAsync(
                $"DELETE FROM sys_audit WHERE id IN (SELECT {session.Dialect.Top(Batch)} id FROM sys_audit WHERE at < @Before ORDER BY id {session.Dialect.Limit(Batch)})",
                new { Before = before }, tx), ct);
            total += deleted;
            if (deleted < Batch) return total;
        }
    }
}
