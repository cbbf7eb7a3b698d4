using Csm.BuildingBlocks.Modules;

namespace Csm.Host;

/// <summary>The modules this host is composed of. Adding a module is one line here.</summary>
internal static class HostModules
{
    public static readonly IReadOnlyList<IModule> All =
    [
        new Csm.Modules.Customers.CustomersModule(),
        new Csm.Modules.Tickets.TicketsModule(),
        new Csm.Modules.Surveys.SurveysModule(),
        new Csm.Modules.Rules.RulesModule(),
        new Csm.Modules.Reports.ReportsModule(),
    ];
}
