using System.Reflection;
using FastEndpoints;
using Microsoft.AspNetCore.Http;

namespace Csm.BuildingBlocks;

/// <summary>
/// A request with a body is bound from the body and the route; the query string fills its properties only where they
/// say <c>[QueryParam]</c>. FastEndpoints' default lets <c>PUT /api/rules/5?version=9</c> override the version the body
/// sends, which no caller of Csm expects. A GET, HEAD or DELETE binds from the route and the query string.
/// </summary>
public sealed class BodyFirstBinder<TRequest> : IRequestBinder<TRequest> where TRequest : notnull
{
    private static readonly bool AsksForQuery =
        typeof(TRequest).GetProperties().Any(p => p.IsDefined(typeof(QueryParamAttribute), inherit: true));

    private readonly RequestBinder<TRequest> _everySource = new();
    private readonly RequestBinder<TRequest> _bodyAndRoute = new(
        BindingSource.JsonBody | BindingSource.FormFields | BindingSource.RouteValues | BindingSource.UserClaims |
        BindingSource.Headers | BindingSource.Permissions | BindingSource.Cookies);

    public ValueTask<TRequest> BindAsync(BinderContext ctx, CancellationToken ct)
    {
        var method = ctx.HttpContext.Request.Method;
        var bodyless = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsDelete(method);
        return bodyless || AsksForQuery ? _everySource.BindAsync(ctx, ct) : _bodyAndRoute.BindAsync(ctx, ct);
    }
}
