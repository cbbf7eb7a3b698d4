using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Csm.Host.Features.ApiKeys;

internal sealed class ListApiKeys(DbSession session) : EndpointWithoutRequest<Ok<Paged<ApiKeyView>>>
{
    public override void Configure()
    {
        Get("api-keys");
        Policies(Access.Admin);
        Description(d => d
            .WithName("ApiKeys_List")
            .WithSummary("Lists API keys (never their secrets)")
            .WithTags("API keys"));
    }

    public override async Task<Ok<Paged<ApiKeyView>>> ExecuteAsync(CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var keys = (await connection.QueryAsync<ApiKeyView>($"SELECT {ApiKeyView.Columns} FROM sys_api_keys ORDER BY id DESC")).ToList();
        return TypedResults.Ok(new Paged<ApiKeyView>(keys, keys.Count, 1, keys.Count));
    }
}
