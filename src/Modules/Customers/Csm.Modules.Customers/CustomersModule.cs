using System.Reflection;
using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Modules;
using Microsoft.AspNetCore.Routing;

namespace Csm.Modules.Customers;

public sealed class CustomersModule : IModule
{
    public string Name => "Customers";
    public Assembly ContractsAssembly => typeof(Contracts.CustomersContracts).Assembly;

    public void MapEndpoints(IEndpointRouteBuilder api) =>
        api.MapModuleGroup("customers", "Customers").MapEndpointsOf(typeof(CustomersModule).Assembly);
}
