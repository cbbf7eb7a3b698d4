using System.Reflection;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Modules;
using Csm.Modules.Rules.Evaluation;
using Csm.Modules.Rules.Facts;
using Csm.Modules.Rules.Events;
using Csm.Modules.Rules.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.Modules.Rules;

public sealed class RulesModule : IModule
{
    public string Name => "Rules";
    public Assembly ContractsAssembly => typeof(Contracts.RulesContracts).Assembly;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RulesOptions>(configuration.GetSection("Rules"));
        services.AddSingleton<RulesCalendar>();
        services.AddScoped<FactsStore>();
        services.AddScoped<TicketRollup>();
        services.AddScoped<RuleMatcher>();
        services.AddScoped<ActionRunner>();
        services.AddScoped<RuleRunner>();
        services.AddScoped<EventRules>();
        services.AddSingleton<ScheduledRules>();
        services.AddSingleton(new ScheduledJob(typeof(ScheduledRules), "rules.scheduled", Interval: TimeSpan.FromMinutes(1)));
        services.AddSingleton<IDemoData, Templates.RulesDemoData>();
        foreach (var kind in Templates.CustomerMessages.Kinds) services.AddSingleton(kind);
        services.AddSingleton<BuildingBlocks.Templates.IMessagePreview, Templates.RulesMessagePreview>();
    }
}
