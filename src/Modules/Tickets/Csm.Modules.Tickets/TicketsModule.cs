using System.Reflection;
using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Modules;
using Microsoft.AspNetCore.Routing;

namespace Csm.Modules.Tickets;

public sealed class TicketsModule : IModule
{
    public string Name => "Tickets";
    public Assembly ContractsAssembly => typeof(Contracts.TicketsContracts).Assembly;

    public void MapEndpoints(IEndpointRouteBuilder api) =>
        api.MapModuleGroup("tickets", "Tickets").MapEndpointsOf(typeof(TicketsModule).Assembly);
}
