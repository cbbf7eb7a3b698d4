using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.BuildingBlocks;

public static class RequestValidation
{
    /// <summary>Validates the endpoint's <typeparamref name="T"/> argument and documents the 400 it may answer.</summary>
    public static RouteHandlerBuilder WithRequestValidation<T>(this RouteHandlerBuilder builder) => builder
        .AddEndpointFilter<ValidationFilter<T>>()
        .ProducesValidationProblem();

    /// <summary>FluentValidation errors keyed by camelCase JSON paths, e.g. "contacts[0].email".</summary>
    public static Dictionary<string, string[]> ToErrors(this IEnumerable<ValidationFailure> failures) => failures
        .GroupBy(f => JsonPath(f.PropertyName), StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray(), StringComparer.Ordinal);

    public static string JsonPath(string propertyPath) => string.Join('.',
        propertyPath.Split('.').Select(segment => JsonNamingPolicy.CamelCase.ConvertName(segment)));
}

internal sealed class ValidationFilter<T> : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.Arguments.OfType<T>().FirstOrDefault();
        var validator = context.HttpContext.RequestServices.GetService<IValidator<T>>()
            ?? throw new InvalidOperationException($"WithRequestValidation<{typeof(T).Name}> is used but no validator for it is registered.");
        if (request is null)
        {
            return await next(context);
        }
        var result = await validator.ValidateAsync(request, context.HttpContext.RequestAborted);
        return result.IsValid
            ? await next(context)
            : TypedResults.ValidationProblem(result.Errors.ToErrors(), title: "The request is not valid.");
    }
}
