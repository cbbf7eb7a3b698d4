using System.Security.Claims;
using System.Security.Cryptography;
using Csm.BuildingBlocks.Data;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

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

/// <summary>
/// For integrators who retry: the first request with a key runs and its answer is stored; a repeat with the same
/// key and body gets that answer again without running; the same key with another body is refused (422);
/// a repeat while the first still runs gets 409. Server errors are not stored, so they can be retried.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IdempotencyStore store, DbSession session, IProblemDetailsService problems)
    {
        var key = context.Request.Headers[IdempotencyExtensions.Header].ToString();
        if (string.IsNullOrEmpty(key) || context.GetEndpoint()?.Metadata.GetMetadata<IdempotentMetadata>() is null)
        {
            await next(context);
            return;
        }
        if (key.Length > 200)
        {
            await WriteProblem(context, problems, 400, "Idempotency-Key is too long.", "Use at most 200 characters, e.g. a UUID.");
            return;
        }
        var principal = context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? context.User.Identity?.Name ?? "anonymous";
        context.Request.EnableBuffering();
        var hash = Convert.ToHexString(await SHA256.HashDataAsync(context.Request.Body, context.RequestAborted));
        context.Request.Body.Position = 0;

        var existing = await store.TryStartAsync(session, principal, key, context.Request.Method, context.Request.Path, hash, context.RequestAborted);
        if (existing is not null)
        {
            if (existing.RequestHash != hash)
                await WriteProblem(context, problems, 422, "Idempotency-Key reused", "This Idempotency-Key was already used with a different request body.");
            else if (existing.StatusCode is null)
                await WriteProblem(context, problems, 409, "Request in progress", "A request with this Idempotency-Key is still being processed; retry shortly.");
            else
                await Replay(context, existing);
            return;
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        catch
        {
            context.Response.Body = original;
            await store.ForgetAsync(session, principal, key);
            throw;
        }
        context.Response.Body = original;
        var body = buffer.ToArray();
        if (context.Response.StatusCode >= 500)
            await store.ForgetAsync(session, principal, key);
        else
            await store.CompleteAsync(session, principal, key, context.Response.StatusCode, context.Response.ContentType,
                context.Response.Headers.Location.ToString() is { Length: > 0 } l ? l : null, body);
        await original.WriteAsync(body, context.RequestAborted);
    }

    private static async Task Replay(HttpContext context, IdempotencyRecord record)
    {
        context.Response.StatusCode = (int)record.StatusCode!.Value;
        if (record.ContentType is not null) context.Response.ContentType = record.ContentType;
        if (record.Location is not null) context.Response.Headers.Location = record.Location;
        context.Response.Headers["Idempotent-Replayed"] = "true";
        if (record.Body is { Length: > 0 }) await context.Response.Body.WriteAsync(record.Body, context.RequestAborted);
    }

    private static async Task WriteProblem(HttpContext context, IProblemDetailsService problems, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
