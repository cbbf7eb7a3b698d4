using System.Security.Claims;
using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Audit;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Http;
using Csm.Host.Auth;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Csm.Host.Features.ApiKeys;

/// <summary>Creates a key for an integration. The secret is in this response only; the database keeps its hash.</summary>
internal sealed class CreateApiKey(DbSession session, AuditTrail audit, TimeProvider clock) : Endpoint<CreateApiKey.Request, Created<CreateApiKey.Response>>
{
    public static readonly string[] KnownScopes = ["*", "customers", "tickets", "surveys", "rules", "reports"];

    public sealed record Request(string Name, string Role, string[]? Scopes, DateTimeOffset? ExpiresAt);
    public new sealed record Response(long Id, string Name, string Key, string Role, string[] Scopes, DateTimeOffset? ExpiresAt);

    internal sealed class Validator : Validator<Request>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
            RuleFor(r => r.Role).Must(r => Csm.BuildingBlocks.Auth.Roles.All.Contains(r)).WithMessage($"Role must be one of: {string.Join(", ", Csm.BuildingBlocks.Auth.Roles.All)}.");
            RuleForEach(r => r.Scopes).Must(s => KnownScopes.Contains(s)).WithMessage($"Scope must be one of: {string.Join(", ", KnownScopes)}.");
            RuleFor(r => r.ExpiresAt).GreaterThan(_ => clock.GetUtcNow()).When(r => r.ExpiresAt is not null).WithMessage("The expiry must be in the future.");
        }
    }

    public override void Configure()
    {
        Post("api-keys");
        Policies(Access.Admin);
        Description(d => d
            .WithName("ApiKeys_Create")
            .WithSummary("Creates an API key; the key is shown only in this response")
            .WithTags("API keys")
            .WithIdempotency());
    }

    public override async Task<Created<Response>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var user = User;
        var (key, prefix, hash) = ApiKeyFormat.Create();
        var scopes = request.Scopes is { Length: > 0 } s ? s.Distinct().ToArray() : ["*"];
        var tx = await session.BeginAsync(ct);
        var connection = await session.ConnectionAsync(ct);
        var id = await connection.ExecuteScalarAsync<long>(session.Dialect.InsertReturningId("sys_api_keys",
                "name, prefix, secret_hash, role, scopes, created_by, created_at, expires_at",
                "@Name, @Prefix, @Hash, @Role, @Scopes, @CreatedBy, @Now, @ExpiresAt"),
            new
            {
                request.Name, Prefix = prefix, Hash = hash, request.Role, Scopes = string.Join(',', scopes),
                CreatedBy = user.Identity?.Name ?? "", Now = clock.GetUtcNow(), request.ExpiresAt,
            }, tx);
        await audit.RecordAsync("host", "apiKey.created", "apiKey", id, after: new { request.Name, Prefix = prefix, request.Role, Scopes = scopes, request.ExpiresAt }, ct: ct);
        await session.CommitAsync(ct);
        return TypedResults.Created($"/api/api-keys/{id}", new Response(id, request.Name, key, request.Role, scopes, request.ExpiresAt));
    }
}
