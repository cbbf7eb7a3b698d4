using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Csm.Host.OpenApi;

/// <summary>
/// Says what a response always carries: a property that cannot be null is <c>required</c> in every schema that only
/// responses use, so the SPA's generated types need no <c>??</c> or <c>!</c> for it. A schema that a request also uses
/// keeps its properties optional: a client may leave them out.
/// </summary>
internal sealed class ResponseFieldsRequired : ISchemaFilter, IDocumentFilter
{
    private static readonly NullabilityInfoContext Nullability = new();
    private readonly ConcurrentDictionary<string, string[]> _alwaysThere = new(StringComparer.Ordinal);

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema.Properties is not { Count: > 0 } || context.Type.IsPrimitive || context.Type == typeof(string)) return;
        var names = context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null && !IsNullable(p))
            .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name))
            .Where(schema.Properties.ContainsKey)
            .ToArray();
        _alwaysThere[SwaggerSetup.SchemaId(context.Type)] = names;
    }

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var schemas = document.Components?.Schemas;
        if (schemas is null || document.Paths is null) return;
        var operations = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []).ToList();
        var fromResponses = Reachable(schemas, operations.SelectMany(o => o.Responses?.Values.AsEnumerable() ?? [])
            .SelectMany(r => r.Content?.Values.AsEnumerable() ?? []).Select(c => c.Schema));
        var fromRequests = Reachable(schemas, operations.SelectMany(o => o.RequestBody?.Content?.Values.AsEnumerable() ?? []).Select(c => c.Schema)
            .Concat(operations.SelectMany(o => o.Parameters ?? []).Select(p => p.Schema)));
        foreach (var id in fromResponses.Except(fromRequests))
        {
            if (schemas[id] is not OpenApiSchema schema || !_alwaysThere.TryGetValue(id, out var names) || names.Length == 0) continue;
            schema.Required ??= new HashSet<string>();
            foreach (var name in names) schema.Required.Add(name);
        }
    }

    private static bool IsNullable(PropertyInfo property)
    {
        if (property.PropertyType.IsValueType) return Nullable.GetUnderlyingType(property.PropertyType) is not null;
        return Nullability.Create(property).ReadState != NullabilityState.NotNull;
    }

    /// <summary>The component schemas the given schemas refer to, directly or through other components.</summary>
    private static HashSet<string> Reachable(IDictionary<string, IOpenApiSchema> components, IEnumerable<IOpenApiSchema?> roots)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<IOpenApiSchema>(roots.OfType<IOpenApiSchema>());
        while (pending.TryPop(out var schema))
        {
            if (schema is OpenApiSchemaReference reference)
            {
                var id = reference.Reference.Id;
                if (id is not null && seen.Add(id) && components.TryGetValue(id, out var target)) pending.Push(target);
                continue;
            }
            foreach (var child in Children(schema)) pending.Push(child);
        }
        return seen;
    }

    private static IEnumerable<IOpenApiSchema> Children(IOpenApiSchema schema) =>
        (schema.Properties?.Values.AsEnumerable() ?? [])
        .Concat(schema.Items is null ? [] : [schema.Items])
        .Concat(schema.AdditionalProperties is null ? [] : [schema.AdditionalProperties])
        .Concat(schema.AllOf ?? []).Concat(schema.AnyOf ?? []).Concat(schema.OneOf ?? []);
}
