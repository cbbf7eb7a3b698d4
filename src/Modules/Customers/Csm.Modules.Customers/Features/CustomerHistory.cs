using System.Text.Json;
using System.Text.Json.Nodes;

namespace Csm.Modules.Customers.Features;

/// <summary>
/// Who changed a customer, when, and each field from what to what: the audit log's entries about the customer, read
/// field by field. An erasure keeps that it happened and by whom, not what was said about the person.
/// </summary>
internal sealed class CustomerHistory(DbSession session, AuditTrail audit)
    : EndpointWithoutRequest<Results<Ok<IReadOnlyList<CustomerHistory.Change>>, ProblemHttpResult>>
{
    /// <param name="Before">The field's value before, as JSON text (null when it had none).</param>
    public sealed record FieldChange(string Field, string? Before, string? After);

    /// <param name="ActorKind">"user", "apiKey", "system" or "anonymous".</param>
    /// <param name="Action">"customer.created", "customer.updated", "customer.archived", "customer.restored", "customer.erased", "customer.exported", "customer.linked" (a record from another system recognised as this customer), "customer.merged", "customer.mergedInto", "customer.unmerged", "customer.lifecycleChanged" (the lifecycle status, explicit or derived)./param>
    public sealed record Change(DateTimeOffset At, string? Actor, string ActorKind, string Action, IReadOnlyList<FieldChange> Fields);

    /// <summary>Bookkeeping that changes with every edit and says nothing to a person.</summary>
    private static readonly HashSet<string> Unshown = ["version", "updatedAt", "createdAt", "rowHash", "id"];

    public override void Configure()
    {
        Get("customers/{id:long}/history");
        Group<CustomersGroup>();
        Description(d => d
            .WithName("Customers_History")
            .WithSummary("Who changed the customer, when, and each field from what to what, oldest first")
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<Ok<IReadOnlyList<Change>>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        var c = await session.ConnectionAsync(ct);
        if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cus_customers WHERE id = @Id", new { Id = id }) == 0) return Problems.NotFound("Customer", id);
        var entries = await audit.HistoryAsync("customer", id, ct);
        // A creation or an edit says which fields changed; an archive, a restore, an export or an erasure only that it happened.
        return TypedResults.Ok<IReadOnlyList<Change>>(entries.Select(e => new Change(e.At, e.Actor, e.ActorKind, e.Action,
            e.Action is "customer.created" or "customer.updated" or "customer.imported" or "customer.linked" or "customer.merged" or "customer.unmerged" or "customer.lifecycleChanged" ? Fields(e.BeforeJson, e.AfterJson) : [])).ToList());
    }

    /// <summary>The top-level fields that differ between before and after (all of after for a creation), by name.</summary>
    internal static IReadOnlyList<FieldChange> Fields(string? beforeJson, string? afterJson)
    {
        var before = Parse(beforeJson);
        var after = Parse(afterJson);
        if (before is null && after is null) return [];
        var names = (before?.Select(p => p.Key) ?? []).Concat(after?.Select(p => p.Key) ?? []).Distinct().Where(n => !Unshown.Contains(n));
        return names
            .Select(n => new FieldChange(n, Text(before?[n]), Text(after?[n])))
            .Where(f => f.Before != f.After)
            .ToList();
    }

    private static JsonObject? Parse(string? json) => json is null ? null : JsonNode.Parse(json) as JsonObject;

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => node.ToJsonString(),
    };
}
