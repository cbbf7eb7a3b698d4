using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.BuildingBlocks.Modules;

/// <summary>A module's only public type: how the host registers, migrates and maps it.</summary>
public interface IModule
{
    /// <summary>Name used for migrations, tags and logging, e.g. "Customers".</summary>
    string Name { get; }

    Assembly Assembly => GetType().Assembly;

    /// <summary>The assembly holding the module's integration events and queries.</summary>
    Assembly ContractsAssembly { get; }

    void AddServices(IServiceCollection services, IConfiguration configuration) { }
}
