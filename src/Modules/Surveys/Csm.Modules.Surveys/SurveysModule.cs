using System.Reflection;
using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Modules;
using Microsoft.AspNetCore.Routing;

namespace Csm.Modules.Surveys;

public sealed class SurveysModule : IModule
{
    public string Name => "Surveys";
    public Assembly ContractsAssembly => typeof(Contracts.SurveysContracts).Assembly;

    public void MapEndpoints(IEndpointRouteBuilder api) =>
        api.MapModuleGroup("surveys", "Surveys").MapEndpointsOf(typeof(SurveysModule).Assembly);
}
