using Csm.BuildingBlocks.Data;
using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Csm.Host;

/// <summary>Ready when start-up tasks are done and the database answers.</summary>
internal sealed class DatabaseHealthCheck(Db db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (!StartupTasks.Ready) return HealthCheckResult.Unhealthy("Starting: migrations are not done yet.");
        try
        {
            await using var connection = await db.OpenAsync(ct);
            await connection.ExecuteScalarAsync<long>("SELECT 1");
            return HealthCheckResult.Healthy(db.Description);
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", e);
        }
    }
}
