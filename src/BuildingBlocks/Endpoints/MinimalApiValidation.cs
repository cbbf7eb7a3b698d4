using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.BuildingBlocks;

/// <summary>Minimal API validation; goes once every endpoint is a FastEndpoints endpoint.</summary>
public static class MinimalApiValidation
{
    /// <summary>Validates the endpoint's <typeparamref name="T"/> argument and documents the 400 it may answer.</summary>
    public static RouteHandlerBuilder WithRequestValidation<T>(this RouteHandlerBuilder builder) => builder
        .AddEndpointFilter<ValidationFilter<T>>()
        .ProducesValidationProblem();
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
