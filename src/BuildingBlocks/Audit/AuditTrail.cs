using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Csm.BuildingBlocks.Data;
using Dapper;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.BuildingBlocks.Audit;

/// <summary>
/// Records who changed what, when and from where, in the transaction of the change itself: the entry exists exactly when
/// the change does. The actor and address come from the request (a user, an API key) or are "system" for work no person
/// started. Before and after are the entity's views; any member that looks like a secret is hidden before writing.
/// </summary>
public sealed class AuditTrail(DbSession session, IHttpContextAccessor http, TimeProvider clock)
{
    public const string Hidden = "(hidden)";

    private const string Insert =
        """
        INSERT INTO sys_audit (at, actor, actor_kind, address, module, action, entity, entity_id, before_json, after_json)
        VALUES (@At, @Actor, @ActorKind, @Address, @Module, @Action, @Entity, @EntityId, @Before, @After)
        """;

    /// <summary>One change, written with the session's open transaction.</summary>
    /// <param name="actor">The person when the request does not say yet (the name a sign-in tried).</param>
    public async Task RecordAsync(
        string module, string action, string entity, object? entityId, object? before = null, object? after = null, CancellationToken ct = default,
        string? actor = null)
    {
        var tx = session.Transaction ?? throw new InvalidOperationException("An audit entry is written inside the transaction of the change it records.");
        var (who, kind, address) = Actor(http.HttpContext);
        if (actor is not null) (who, kind) = (actor, "user");
        await (await session.ConnectionAsync(ct)).ExecuteAsync(Insert, new
        {
            At = clock.GetUtcNow(), Actor = who, ActorKind = kind, Address = address, Module = module, Action = action, Entity = entity,
            EntityId = Id(entityId), Before = Json(before), After = Json(after),
        }, tx);
    }

    /// <summary>Many entries of one action in one batch of the change's transaction (an import's customers), each with its own before and after.</summary>
    public async Task RecordManyAsync(
        string module, string action, string entity, IEnumerable<(object EntityId, object? Before, object? After)> entries, CancellationToken ct = default,
        string? actor = null)
    {
        var tx = session.Transaction ?? throw new InvalidOperationException("An audit entry is written inside the transaction of the change it records.");
        var (who, kind, address) = Actor(http.HttpContext);
        if (actor is not null) (who, kind) = (actor, "user");
        var at = clock.GetUtcNow();
        // Writing the views as JSON is CPU work per entry: a large batch (an import's customers) is spread over the cores, in order.
        var list = entries as IReadOnlyList<(object EntityId, object? Before, object? After)> ?? entries.ToList();
        var rows = (list.Count > 256 ? list.AsParallel().AsOrdered() : list.AsEnumerable())
            .Select(e => (Id: Id(e.EntityId), Before: Json(e.Before), After: Json(e.After))).ToList();
        if (rows.Count == 0) return;
        if (rows.Count == 1)
        {
            await (await session.ConnectionAsync(ct)).ExecuteAsync(Insert, new
            {
                At = at, Actor = who, ActorKind = kind, Address = address, Module = module, Action = action, Entity = entity,
                EntityId = rows[0].Id, rows[0].Before, rows[0].After,
            }, tx);
            return;
        }
        // Many entries (an import's customers) as one JSON parameter: one statement, in their order.
        var d = session.Dialect;
        string V(string key, SqlType type = SqlType.Text) => d.JsonValue("j.value", "$." + key, type);
        await (await session.ConnectionAsync(ct)).ExecuteAsync(
            $"""
            INSERT INTO sys_audit (at, actor, actor_kind, address, module, action, entity, entity_id, before_json, after_json)
            SELECT @At, @Actor, @ActorKind, @Address, @Module, @Action, @Entity, {V("id")}, {V("before", SqlType.LongText)}, {V("after", SqlType.LongText)}
            FROM {d.JsonRows("@Rows")} j ORDER BY CAST({V("n", SqlType.BigInt)} AS BIGINT)
            """,
            new
            {
                At = at, Actor = who, ActorKind = kind, Address = address, Module = module, Action = action, Entity = entity,
                Rows = JsonRows.Text(rows.Select((r, i) => (r, i)), static (w, x) =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("n", x.i);
                    w.WriteString("id", x.r.Id);
                    w.WriteString("before", x.r.Before);
                    w.WriteString("after", x.r.After);
                    w.WriteEndObject();
                }),
            }, tx);
    }

    /// <summary>
    /// An entry in a transaction of its own, for an event that changes nothing else (a refused sign-in): through a scope
    /// and session of its own, so it stays even when the caller's work does not.
    /// </summary>
    public static async Task RecordAloneAsync(IServiceScopeFactory scopes, Func<AuditTrail, Task> record, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        await session.BeginAsync(ct);
        await record(scope.ServiceProvider.GetRequiredService<AuditTrail>());
        await session.CommitAsync(ct);
    }

    /// <summary>One entry as a history shows it: who, when, what, and the state before and after as JSON.</summary>
    public sealed record Entry(DateTimeOffset At, string? Actor, string ActorKind, string Action, string? BeforeJson, string? AfterJson);

    /// <summary>Every entry about one entity, oldest first: the history of a customer, a rule, a workflow.</summary>
    public async Task<IReadOnlyList<Entry>> HistoryAsync(string entity, object entityId, CancellationToken ct = default) =>
        (await (await session.ConnectionAsync(ct)).QueryAsync<Entry>(
            """
            SELECT at AS At, actor AS Actor, actor_kind AS ActorKind, action AS Action, before_json AS BeforeJson, after_json AS AfterJson
            FROM sys_audit WHERE entity = @Entity AND entity_id = @EntityId ORDER BY at, id
            """, new { Entity = entity, EntityId = Id(entityId) }, session.Transaction)).ToList();

    /// <summary>Drops what the entries of an erased entity said about it, keeping who did what and when.</summary>
    public async Task<int> ForgetAsync(string entity, object entityId, CancellationToken ct = default)
    {
        var tx = session.Transaction ?? throw new InvalidOperationException("Forgetting runs inside the erasure's transaction.");
        return await (await session.ConnectionAsync(ct)).ExecuteAsync(
            "UPDATE sys_audit SET before_json = NULL, after_json = NULL WHERE entity = @Entity AND entity_id = @EntityId",
            new { Entity = entity, EntityId = Id(entityId) }, tx);
    }

    public static (string? Actor, string Kind, string? Address) Actor(HttpContext? context)
    {
        var user = context?.User;
        if (context is null) return (null, "system", null);
        if (user?.Identity?.IsAuthenticated != true) return (null, "anonymous", Address(context));
        var kind = user.FindFirstValue("auth_method") == "apiKey" ? "apiKey" : "user";
        return (user.Identity.Name, kind, Address(context));
    }

    private static string? Address(HttpContext? context) => context?.Connection.RemoteIpAddress?.ToString();

    private static string? Id(object? id) => id switch
    {
        null => null,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => id.ToString(),
    };

    /// <summary>The view as JSON with every secret-looking member's value hidden, at any depth.</summary>
    public static string? Json(object? value)
    {
        if (value is null) return null;
        // A view already made of JSON nodes (an import's customer) is taken as it is, not written out and read back.
        var node = value as JsonNode ?? JsonSerializer.SerializeToNode(value, value.GetType(), ViewJson);
        Hide(node);
        return node?.ToJsonString(ViewJson);
    }

    /// <summary>As the API writes a view: enums by their camelCase names ("high"), never their numbers.</summary>
    private static readonly JsonSerializerOptions ViewJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private static void Hide(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var name in o.Select(p => p.Key).ToList())
                {
                    if (IsSecret(name)) { if (o[name] is not null) o[name] = Hidden; }
                    else Hide(o[name]);
                }
                break;
            case JsonArray a:
                foreach (var item in a) Hide(item);
                break;
        }
    }

    private static readonly string[] SecretWords = ["password", "secret", "token", "hash", "apikey", "signingkey"];

    internal static bool IsSecret(string name) => SecretWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase));

}
