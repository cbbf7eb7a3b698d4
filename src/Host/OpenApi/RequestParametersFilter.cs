using Csm.BuildingBlocks;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Text.Json.Serialization;
using FastEndpoints;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Csm.Host.OpenApi;

/// <summary>
/// Documents a FastEndpoints request the way its binder reads it: a property named like a route segment is a path
/// parameter, the other properties of a GET or DELETE are query parameters (camelCase), and only a request with a
/// body keeps one. ApiExplorer alone sees FastEndpoints' whole request type as a body, whatever the verb.
/// </summary>
internal sealed class RequestParametersFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var definition = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<EndpointDefinition>().FirstOrDefault();
        if (definition is null) return;
        var hasBody = !RequestBinding.IsBodyless(context.ApiDescription.HttpMethod ?? "GET");
        if (!hasBody && operation.RequestBody is not null)
        {
            operation.RequestBody = null;
            context.SchemaRepository.Schemas.Remove(SwaggerSetup.SchemaId(definition.ReqDtoType));
        }
        var properties = definition.ReqDtoType == typeof(EmptyRequest) ? [] : Bindable(definition.ReqDtoType).ToList();
        var route = definition.Routes.FirstOrDefault(r => Matches(r, context.ApiDescription.RelativePath)) ?? definition.Routes[0];
        var segments = RouteSegment.Matches(route).Select(m => (Name: m.Groups["name"].Value, Constraint: m.Groups["constraint"].Value)).ToList();

        operation.Parameters ??= [];
        var position = 0;
        foreach (var (name, constraint) in segments)
        {
            var property = properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            var type = property?.PropertyType ?? constraint switch
            {
                "long" => typeof(long),
                "int" => typeof(int),
                "guid" => typeof(Guid),
                _ => typeof(string),
            };
            operation.Parameters.Insert(position++, new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Path,
                Required = true,
                Schema = context.SchemaGenerator.GenerateSchema(type, context.SchemaRepository),
            });
        }

        foreach (var property in properties)
        {
            var name = property.GetCustomAttribute<BindFromAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (segments.Any(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))) continue;
            if (hasBody && property.GetCustomAttribute<QueryParamAttribute>() is null) continue;
            var schema = context.SchemaGenerator.GenerateSchema(property.PropertyType, context.SchemaRepository, memberInfo: property);
            if (schema is OpenApiSchema inline && DefaultOf(property) is { } value) inline.Default = JsonValue.Create(value);
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Query,
                Required = property.GetCustomAttribute<QueryParamAttribute>()?.IsRequired == true,
                Schema = schema,
            });
        }
    }

    private static readonly Regex RouteSegment = new(@"\{\*?(?<name>[A-Za-z0-9_]+)(:(?<constraint>[a-z]+)[^}]*)?\}", RegexOptions.Compiled);

    private static bool Matches(string route, string? relativePath) =>
        relativePath is not null && RouteSegment.Replace(route, m => "{" + m.Groups["name"].Value + "}").Trim('/')
            .Equals(relativePath.StartsWith("api/", StringComparison.Ordinal) ? relativePath[4..] : relativePath, StringComparison.OrdinalIgnoreCase);

    /// <summary>A positional record's default for the property (<c>bool Erase = false</c>), which is what an absent parameter means.</summary>
    private static object? DefaultOf(PropertyInfo property) => property.DeclaringType!.GetConstructors()
        .SelectMany(c => c.GetParameters())
        .FirstOrDefault(p => p.Name == property.Name && p.HasDefaultValue)?.DefaultValue;

    private static IEnumerable<PropertyInfo> Bindable(Type request) => request
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.SetMethod is not null && p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
        .OrderBy(p => p.MetadataToken);
}
