using System.Reflection;
using Microsoft.AspNetCore.Routing;

namespace Csm.BuildingBlocks;

/// <summary>One use case's HTTP mapping. Each feature file implements it once.</summary>
public interface IEndpoint
{
    static abstract void Map(IEndpointRouteBuilder app);
}

public static class EndpointDiscovery
{
    /// <summary>Maps every <see cref="IEndpoint"/> in the assembly, in a stable order.</summary>
    public static IEndpointRouteBuilder MapEndpointsOf(this IEndpointRouteBuilder app, Assembly assembly)
    {
        var endpoints = assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IEndpoint).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
        foreach (var type in endpoints)
        {
            var map = type.GetInterfaceMap(typeof(IEndpoint)).TargetMethods.Single();
            map.Invoke(null, [app]);
        }
        return app;
    }
}
