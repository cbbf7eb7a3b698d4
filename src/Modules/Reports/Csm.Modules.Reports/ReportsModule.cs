using System.Reflection;
using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Modules;
using Microsoft.AspNetCore.Routing;

namespace Csm.Modules.Reports;

public sealed class ReportsModule : IModule
{
    public string Name => "Reports";
    public Assembly ContractsAssembly => typeof(Contracts.ReportsContracts).Assembly;

    public void MapEndpoints(IEndpointRouteBuilder api) =>
        api.MapModuleGroup("reports", "Reports").MapEndpointsOf(typeof(ReportsModule).Assembly);
}
