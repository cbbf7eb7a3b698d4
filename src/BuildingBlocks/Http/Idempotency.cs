using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Csm.BuildingBlocks.Data;
using Dapper;
using FastEndpoints;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Csm.BuildingBlocks.Http;

/// <summary>Marks a POST that creates something: a retry with the same Idempotency-Key replays the first answer.</summary>
public sealed class IdempotentMetadata;

public static class IdempotencyExtensions
{
    public const string Header = "Idempotency-Key";

    public static RouteHandlerBuilder WithIdempotency(this RouteHandlerBuilder builder) => builder
        .WithMetadata(new IdempotentMetadata())
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}

internal sealed record IdempotencyRecord
{
    public string RequestHash { get; init; } = "";
    public long? StatusCode { get; init; }
    public string? ContentType { get; init; }
    public string? Location { get; init; }
    public byte[]? Body { get; init; }
}

/// <summary>
/// The record of each Idempotency-Key, written through the request's own <see cref="DbSession"/>, each step in a short
/// transaction of its own (on SQLite it takes its turn with the other writers). A step after the endpoint first rolls
/// back whatever the endpoint left uncommitted: the answer is already decided, and an open transaction would hold the
/// write turn the step needs.
/// </summary>
public sealed class IdempotencyStore(TimeProvider clock)
{
    internal async Task<IdempotencyRecord?> TryStartAsync(DbSession session, string principal, string key, string method, string path, string hash, CancellationToken ct)
    {
        var tx = await session.BeginAsync(ct);
        var connection = await session.ConnectionAsync(ct);
        var inserted = await connection.ExecuteAsync(
            session.Dialect.InsertIfAbsent("idempotency_keys", "principal, idempotency_key, method, path, request_hash, created_at",
                "@Principal, @Key, @Method, @Path, @Hash, @Now", "principal, idempotency_key"),
            new { Principal = principal, Key = key, Method = method, Path = path, Hash = hash, Now = clock.GetUtcNow() }, tx);
        var existing = inserted == 1 ? null : await connection.QuerySingleAsync<IdempotencyRecord>(
            "SELECT request_hash AS RequestHash, status_code AS StatusCode, content_type AS ContentType, location, body FROM idempotency_keys WHERE principal = @Principal AND idempotency_key = @Key",
            new { Principal = principal, Key = key }, tx);
        await session.CommitAsync(ct);
        return existing;
    }

    internal Task CompleteAsync(DbSession session, string principal, string key, int status, string? contentType, string? location, byte[] body) =>
        WriteAfterEndpointAsync(session,
            """
            UPDATE idempotency_keys SET status_code = @Status, content_type = @ContentType, location = @Location, body = @Body, completed_at = @Now
            WHERE principal = @Principal AND idempotency_key = @Key
            """,
            new { Status = status, ContentType = contentType, Location = location, Body = body, Now = clock.GetUtcNow(), Principal = principal, Key = key });

    internal Task ForgetAsync(DbSession session, string principal, string key) =>
        WriteAfterEndpointAsync(session, "DELETE FROM idempotency_keys WHERE principal = @Principal AND idempotency_key = @Key",
            new { Principal = principal, Key = key });

    private static async Task WriteAfterEndpointAsync(DbSession session, string sql, object args)
    {
        // Not the request's token: the client may have gone, and the record must still be finished or removed.
        await session.RollbackAsync(CancellationToken.None);
        var tx = await session.BeginAsync(CancellationToken.None);
        await (await session.ConnectionAsync(CancellationToken.None)).ExecuteAsync(sql, args, tx);
        await session.CommitAsync(CancellationToken.None);
    }
}

/// <summary>What the two processors of one request share: whose key it is, and the answer kept back from the client.</summary>
internal sealed class IdempotentExchange
{
    public string Principal { get; set; } = "";
    public string Key { get; set; } = "";
    public Stream? ClientBody { get; set; }
    public MemoryStream? Answer { get; set; }

    /// <summary>The key a request to an endpoint marked <see cref="IdempotencyExtensions.WithIdempotency"/> carries, if any.</summary>
    public static string? KeyOf(HttpContext context) =>
        context.Request.Headers[IdempotencyExtensions.Header].ToString() is { Length: > 0 } key
        && context.GetEndpoint()?.Metadata.GetMetadata<IdempotentMetadata>() is not null ? key : null;
}

/// <summary>
/// For integrators who retry: the first request with a key runs and its answer is stored; a repeat with the same key and
/// request gets that answer again without running; the same key with another request is refused (422); a repeat while
/// the first still runs gets 409. FastEndpoints runs this after binding and validation, so requests are compared by what
/// they bind to, and a refused request's 400 is stored and replayed like any other answer.
/// </summary>
internal sealed class ReplayIdempotentRequest(IdempotencyStore store, IProblemDetailsService problems, IOptions<JsonOptions> json) : IGlobalPreProcessor
{
    public async Task PreProcessAsync(IPreProcessorContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        if (IdempotentExchange.KeyOf(http) is not { } key) return;
        if (key.Length > 200)
        {
            await RefuseAsync(http, 400, "Idempotency-Key is too long.", "Use at most 200 characters, e.g. a UUID.");
            return;
        }
        if (context.Request is not { } request) return; // not bound: the client's own 400, nothing to repeat

        var principal = http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? http.User.Identity?.Name ?? "anonymous";
        var hash = Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, request.GetType(), json.Value.SerializerOptions)));
        var session = http.RequestServices.GetRequiredService<DbSession>();
        var existing = await store.TryStartAsync(session, principal, key, http.Request.Method, http.Request.Path, hash, ct);
        if (existing is null)
        {
            var exchange = http.ProcessorState<IdempotentExchange>();
            (exchange.Principal, exchange.Key, exchange.ClientBody, exchange.Answer) = (principal, key, http.Response.Body, new MemoryStream());
            http.Response.Body = exchange.Answer;
            return;
        }
        if (existing.RequestHash != hash)
            await RefuseAsync(http, 422, "Idempotency-Key reused", "This Idempotency-Key was already used with a different request body.");
        else if (existing.StatusCode is null)
            await RefuseAsync(http, 409, "Request in progress", "A request with this Idempotency-Key is still being processed; retry shortly.");
        else
            await ReplayAsync(http, existing, ct);
    }

    private static async Task ReplayAsync(HttpContext context, IdempotencyRecord record, CancellationToken ct)
    {
        context.Response.StatusCode = (int)record.StatusCode!.Value;
        if (record.ContentType is not null) context.Response.ContentType = record.ContentType;
        if (record.Location is not null) context.Response.Headers.Location = record.Location;
        context.Response.Headers["Idempotent-Replayed"] = "true";
        if (record.Body is { Length: > 0 }) await context.Response.Body.WriteAsync(record.Body, ct);
        context.MarkResponseStart(); // the endpoint does not run
    }

    private async Task RefuseAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
        context.MarkResponseStart();
    }
}

/// <summary>
/// Stores the answer <see cref="ReplayIdempotentRequest"/> kept back, then lets the client have it. A server error or an
/// exception removes the key's record instead, so the request can be retried.
/// </summary>
internal sealed class RecordIdempotentAnswer(IdempotencyStore store) : IGlobalPostProcessor
{
    public async Task PostProcessAsync(IPostProcessorContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        if (IdempotentExchange.KeyOf(http) is null || http.ProcessorState<IdempotentExchange>() is not { Answer: { } answer } exchange) return;
        await using var _ = answer;
        var body = answer.ToArray();
        var response = http.Response;
        response.Body = exchange.ClientBody!;
        var session = http.RequestServices.GetRequiredService<DbSession>();
        if (context.HasExceptionOccurred || response.StatusCode >= 500)
        {
            await store.ForgetAsync(session, exchange.Principal, exchange.Key);
            if (context.HasExceptionOccurred) return; // FastEndpoints rethrows it; the exception handler answers
        }
        else
        {
            await store.CompleteAsync(session, exchange.Principal, exchange.Key, response.StatusCode, response.ContentType,
                response.Headers.Location.ToString() is { Length: > 0 } l ? l : null, body);
        }
        await response.Body.WriteAsync(body, ct);
    }
}
