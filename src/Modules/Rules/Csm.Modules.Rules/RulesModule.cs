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
        services.AddSingleton<OutboundDelivery>();
        services.AddHttpClient(OutboundDelivery.WebhookClient, c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddSingleton(new ScheduledJob(typeof(ScheduledRules), "rules.scheduled", Interval: TimeSpan.FromMinutes(1)));
        services.AddSingleton(new ScheduledJob(typeof(OutboundDelivery), "rules.outbound", Interval: TimeSpan.FromSeconds(30)));
        services.AddSingleton<IDemoData, Templates.RulesDemoData>();
    }
}
