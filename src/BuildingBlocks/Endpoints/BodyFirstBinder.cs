using System.Reflection;
using FastEndpoints;
using Microsoft.AspNetCore.Http;

namespace Csm.BuildingBlocks;

public static class RequestBinding
{
    /// <summary>GET, HEAD and DELETE carry no body: bound from route and query, and documented without one.</summary>
    public static bool IsBodyless(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsDelete(method);
}

/// <summary>
/// Where a request's values come from. A request with a body: the body and the route; the query string fills its
/// properties only where they say <c>[QueryParam]</c> (FastEndpoints' default lets <c>PUT /api/rules/5?version=9</c>
/// override the version the body sends). A GET, HEAD or DELETE has no body, whatever Content-Type a client sends with it
/// (fetch helpers often send application/json on every call): the route and the query string.
/// </summary>
public sealed class BodyFirstBinder<TRequest> : IRequestBinder<TRequest> where TRequest : notnull
{
    private static readonly bool AsksForQuery =
        typeof(TRequest).GetProperties().Any(p => p.IsDefined(typeof(QueryParamAttribute), inherit: true));

    private const BindingSource Always =
        BindingSource.RouteValues | BindingSource.UserClaims | BindingSource.Headers | BindingSource.Permissions | BindingSource.Cookies;

    private readonly RequestBinder<TRequest> _routeAndQuery = new(Always | BindingSource.QueryParams);
    private readonly RequestBinder<TRequest> _body = new(Always | BindingSource.JsonBody | BindingSource.FormFields |
        (AsksForQuery ? BindingSource.QueryParams : 0));

    public ValueTask<TRequest> BindAsync(BinderContext ctx, CancellationToken ct) =>
        RequestBinding.IsBodyless(ctx.HttpContext.Request.Method) ? _routeAndQuery.BindAsync(ctx, ct) : _body.BindAsync(ctx, ct);
}
