using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Csm.Host.Features.ApiKeys;

internal sealed class ListApiKeys : IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) => app
        .MapGet("api-keys", Handle)
        .WithName("ApiKeys_List")
        .WithSummary("Lists API keys (never their secrets)")
        .WithTags("API keys")
        .RequireAuthorization(Policies.Admin);

    internal static async Task<Ok<Paged<ApiKeyView>>> Handle(DbSession session, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var keys = (await connection.QueryAsync<ApiKeyView>($"SELECT {ApiKeyView.Columns} FROM sys_api_keys ORDER BY id DESC")).ToList();
        return TypedResults.Ok(new Paged<ApiKeyView>(keys, keys.Count, 1, keys.Count));
    }
}
