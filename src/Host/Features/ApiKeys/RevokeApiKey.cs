using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Csm.Host.Auth;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Caching.Memory;

namespace Csm.Host.Features.ApiKeys;

internal sealed class RevokeApiKey(DbSession session, IMemoryCache cache, TimeProvider clock)
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
        var connection = await session.ConnectionAsync(ct);
        var prefix = await connection.QuerySingleOrDefaultAsync<string>("SELECT prefix FROM sys_api_keys WHERE id = @Id", new { Id = id });
        if (prefix is null) return Problems.NotFound("API key", id);
        await connection.ExecuteAsync("UPDATE sys_api_keys SET revoked_at = COALESCE(revoked_at, @Now) WHERE id = @Id", new { Id = id, Now = clock.GetUtcNow() });
        cache.Remove(ApiKeyAuthenticationHandler.CacheKey(prefix));
        return TypedResults.NoContent();
    }
}
