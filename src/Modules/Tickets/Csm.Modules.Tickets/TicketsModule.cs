using System.Reflection;
using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Modules;
using Csm.Modules.Tickets.Sla;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.Modules.Tickets;

public sealed class TicketsModule : IModule
{
    public string Name => "Tickets";
    public Assembly ContractsAssembly => typeof(Contracts.TicketsContracts).Assembly;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<SlaPlanner>();
        services.AddScoped<Tickets.TicketOpener>();
        services.AddScoped<Tickets.TicketChanges>();
        services.AddScoped<Jobs.EscalationScan>();
        services.AddSingleton<IDemoData, Demo.TicketsDemo>();
        services.AddTransient<Jobs.EscalationJob>();
        services.AddSingleton(new ScheduledJob(typeof(Jobs.EscalationJob), "tickets.escalation", TimeSpan.FromMinutes(1)));
    }

    public void MapEndpoints(IEndpointRouteBuilder api) =>
        api.MapModuleGroup("tickets", "Tickets").MapEndpointsOf(typeof(TicketsModule).Assembly);
}
