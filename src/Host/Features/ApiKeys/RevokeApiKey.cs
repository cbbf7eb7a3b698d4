using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Audit;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Csm.Host.Auth;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Caching.Memory;

namespace Csm.Host.Features.ApiKeys;

internal sealed class RevokeApiKey(DbSession session, AuditTrail audit, IMemoryCache cache, TimeProvider clock)
    : EndpointWithoutRequest<Results<NoContent, ProblemHttpResult>>
{
    public override void Configure()
    {
        Delete("api-keys/{id:long}");
        Policies(Access.Admin);
        Description(d => d
            .WithName("ApiKeys_Revoke")
            .WithSummary("Revokes an API key at once")
            .WithTags("API keys"));
    }

    public override async Task<Results<NoContent, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        var tx = await session.BeginAsync(ct);
        var connection = await session.ConnectionAsync(ct);
        var before = await connection.QuerySingleOrDefaultAsync<ApiKeyView>($"SELECT {ApiKeyView.Columns} FROM sys_api_keys WHERE id = @Id", new { Id = id }, tx);
        if (before is null) return Problems.NotFound("API key", id);
        var revoked = await connection.ExecuteAsync(
            "UPDATE sys_api_keys SET revoked_at = @Now WHERE id = @Id AND revoked_at IS NULL", new { Id = id, Now = clock.GetUtcNow() }, tx);
        if (revoked > 0) await audit.RecordAsync("host", "apiKey.revoked", "apiKey", id, before, before with { RevokedAt = clock.GetUtcNow() }, ct);
        await session.CommitAsync(ct);
        var prefix = before.Prefix;
        cache.Remove(ApiKeyAuthenticationHandler.CacheKey(prefix));
        return TypedResults.NoContent();
    }
}
