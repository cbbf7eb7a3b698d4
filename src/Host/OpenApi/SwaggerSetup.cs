using Csm.BuildingBlocks.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Csm.Host.OpenApi;

internal static class SwaggerSetup
{
    public static IServiceCollection AddCsmOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "Csm API",
                Version = "v1",
                Description = "Customer satisfaction management: customers, tickets, surveys, rules and reports. " +
                              "Authorize with an API key (X-Api-Key) or a bearer token from POST /api/auth/token.",
            });
            // Nested Request/Response records are named after their feature: CreateCustomer.Request → CreateCustomerRequest.
            o.CustomSchemaIds(SchemaId);
            o.SupportNonNullableReferenceTypes();
            o.AddSecurityDefinition("ApiKey", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "X-Api-Key",
                Description = "An API key created under /api/api-keys.",
            });
            o.AddSecurityDefinition("Bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A token from POST /api/auth/token.",
            });
            o.OperationFilter<RequestParametersFilter>();
            var responseFields = new ResponseFieldsRequired();
            o.AddSchemaFilterInstance(responseFields);
            o.AddDocumentFilterInstance(responseFields);
            o.OperationFilter<AuthorizationOperationFilter>();
            o.OperationFilter<IdempotencyHeaderFilter>();
        });
        return services;
    }

    internal static string SchemaId(Type type)
    {
        static string Name(Type t)
        {
            var name = t.IsGenericType ? t.Name[..t.Name.IndexOf('`')] + string.Concat(t.GetGenericArguments().Select(Name)) : t.Name;
            return t.DeclaringType is null ? name : Name(t.DeclaringType) + name;
        }
        return Name(type);
    }
}

/// <summary>Documents each operation's security from its own authorization metadata, groups included.</summary>
internal sealed class AuthorizationOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any()) return;
        operation.Responses ??= new OpenApiResponses();
        Describe(operation.Responses, "401", "Not signed in: no valid cookie, bearer token or API key.", context);
        Describe(operation.Responses, "403", "Signed in, but the role or key scope does not allow this.", context);
        operation.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("ApiKey", context.Document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", context.Document)] = [] },
        ];
    }

    /// <summary>Says what the status means unless the endpoint already did (FastEndpoints declares both bare).</summary>
    private static void Describe(OpenApiResponses responses, string status, string description, OperationFilterContext context)
    {
        if (responses.TryGetValue(status, out var declared) && declared.Content is { Count: > 0 }) return;
        responses[status] = Problem(description, context);
    }

    private static OpenApiResponse Problem(string description, OperationFilterContext context) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new() { Schema = context.SchemaGenerator.GenerateSchema(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), context.SchemaRepository) },
        },
    };
}

/// <summary>Shows the Idempotency-Key header on the POSTs that honour it.</summary>
internal sealed class IdempotencyHeaderFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IdempotentMetadata>().Any()) return;
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = Csm.BuildingBlocks.Http.IdempotencyExtensions.Header,
            In = ParameterLocation.Header,
            Required = false,
            Description = "Any unique string (a UUID). Retrying with the same key and body returns the first answer without creating twice.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 200 },
        });
    }
}
