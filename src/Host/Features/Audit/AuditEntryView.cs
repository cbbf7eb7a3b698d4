using System.Text.Json;

namespace Csm.Host.Features.Audit;

/// <summary>One audit entry: who (a user, an API key, the system), when, from where, and what, with the entity before and after.</summary>
public sealed record AuditEntryView
{
    public long Id { get; init; }
    public DateTimeOffset At { get; init; }
    /// <summary>The user name, "apikey:{name}" for an API key, null for the system.</summary>
    public string? Actor { get; init; }
    /// <summary>user, apiKey, anonymous or system.</summary>
    public string ActorKind { get; init; } = "";
    public string? Address { get; init; }
    public string Module { get; init; } = "";
    /// <summary>What happened, e.g. rule.updated, user.created, customer.erased, signIn.failed.</summary>
    public string Action { get; init; } = "";
    public string Entity { get; init; } = "";
    public string? EntityId { get; init; }
    public JsonElement? Before { get; init; }
    public JsonElement? After { get; init; }
    /// <summary>The top-level fields whose value differs between before and after.</summary>
    public IReadOnlyList<string> Changed { get; init; } = [];

    internal sealed record Row(long Id, DateTimeOffset At, string? Actor, string ActorKind, string? Address, string Module, string Action,
        string Entity, string? EntityId, string? BeforeJson, string? AfterJson);

    internal const string Columns =
        "id, at, actor, actor_kind AS ActorKind, address, module, action, entity, entity_id AS EntityId, before_json AS BeforeJson, after_json AS AfterJson";

    internal static AuditEntryView From(Row r)
    {
        var before = Parse(r.BeforeJson);
        var after = Parse(r.AfterJson);
        return new AuditEntryView
        {
            Id = r.Id, At = r.At, Actor = r.Actor, ActorKind = r.ActorKind, Address = r.Address, Module = r.Module, Action = r.Action,
            Entity = r.Entity, EntityId = r.EntityId, Before = before, After = after, Changed = ChangedFields(before, after),
        };
    }

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();

    private static List<string> ChangedFields(JsonElement? before, JsonElement? after)
    {
        if (before is not { ValueKind: JsonValueKind.Object } b || after is not { ValueKind: JsonValueKind.Object } a) return [];
        var names = b.EnumerateObject().Select(p => p.Name).Union(a.EnumerateObject().Select(p => p.Name), StringComparer.Ordinal);
        return names.Where(n => !Same(b, a, n)).ToList();
    }

    private static bool Same(JsonElement b, JsonElement a, string name) =>
        b.TryGetProperty(name, out var x) == a.TryGetProperty(name, out var y) && (x.ValueKind == JsonValueKind.Undefined || JsonElement.DeepEquals(x, y));
}
