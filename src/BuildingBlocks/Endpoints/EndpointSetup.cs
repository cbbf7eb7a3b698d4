using System.Reflection;
using Csm.BuildingBlocks.Http;
using FastEndpoints;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.BuildingBlocks;

/// <summary>FastEndpoints as Csm uses it: every endpoint under /api, and bad input answered as problem details.</summary>
public static class EndpointSetup
{
    /// <summary>Finds the endpoints and validators of the given assemblies only (the host and its modules).</summary>
    public static IServiceCollection AddCsmEndpoints(this IServiceCollection services, IEnumerable<Assembly> assemblies) =>
        services.AddSingleton(typeof(IRequestBinder<>), typeof(BodyFirstBinder<>)).AddFastEndpoints(o =>
        {
            o.DisableAutoDiscovery = true;
            o.Assemblies = assemblies.Distinct().ToArray();
        });

    public static WebApplication MapCsmEndpoints(this WebApplication app)
    {
        app.MapFastEndpoints(c =>
        {
            c.Endpoints.RoutePrefix = "api";
            // Text with NUL characters refused with the field named; Idempotency-Key replays, for the endpoints whose
            // description says WithIdempotency().
            c.Endpoints.Configurator = ep =>
            {
                ep.PreProcessor<RefuseNulCharacters>(Order.Before);
                ep.PreProcessor<ReplayIdempotentRequest>(Order.Before);
                ep.PostProcessor<RecordIdempotentAnswer>(Order.After);
            };
            // Validators name fields as the request's C# path; RequestValidation.ToErrors writes them as JSON paths.
            c.Validation.UsePropertyNamingPolicy = false;
            c.Errors.ProducesMetadataType = typeof(HttpValidationProblemDetails);
            c.Errors.ResponseBuilder = (failures, context, status) => RequestValidation.Problem(failures.ToErrors(), context, status);
            // Unreadable JSON is the exception handler's to answer, so it reads the same from every endpoint.
            c.Binding.JsonExceptionTransformer = null;
            c.Binding.FailureMessage = (type, _, value) => $"'{value}' is not a valid {Describe(type)}.";
        });
        return app;
    }

    private static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(int) || type == typeof(long) ? "whole number"
            : type == typeof(decimal) || type == typeof(double) ? "number"
            : type == typeof(bool) ? "true or false"
            : type == typeof(DateOnly) ? "date (yyyy-MM-dd)"
            : type == typeof(DateTimeOffset) || type == typeof(DateTime) ? "date and time (ISO 8601)"
            : type.IsEnum ? "value" : type.Name;
    }
}
