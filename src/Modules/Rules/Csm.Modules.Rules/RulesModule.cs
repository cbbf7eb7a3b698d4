using System.Reflection;
using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Modules;
using Microsoft.AspNetCore.Routing;

namespace Csm.Modules.Rules;

public sealed class RulesModule : IModule
{
    public string Name => "Rules";
    public Assembly ContractsAssembly => typeof(Contracts.RulesContracts).Assembly;

    public void MapEndpoints(IEndpointRouteBuilder api) =>
        api.MapModuleGroup("rules", "Rules").MapEndpointsOf(typeof(RulesModule).Assembly);
}
