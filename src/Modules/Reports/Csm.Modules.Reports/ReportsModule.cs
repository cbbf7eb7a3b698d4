using System.Reflection;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Modules;
using Csm.Modules.Reports.Rollups;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.Modules.Reports;

public sealed class ReportsModule : IModule
{
    public string Name => "Reports";
    public Assembly ContractsAssembly => typeof(Contracts.ReportsContracts).Assembly;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        var zoneId = configuration["Reports:TimeZone"] ?? ReportingZone.Default;
        var zone = ReportingZone.Find(zoneId) ?? throw new InvalidOperationException($"Reports:TimeZone '{zoneId}' is not a known time zone.");
        services.AddSingleton(new ReportingZone(zone));
        services.AddScoped<Reporting.DailySource>();
        services.AddScoped<Plans.PlanEffect>();
        services.AddScoped<Plans.PlanChecks>();
        services.AddSingleton<IDemoData, Plans.PlansDemo>();
        services.AddScoped<Subscriptions.SubscribedReports>();
        services.AddScoped<Subscriptions.SubscribedDashboard>();
        services.AddSingleton<Subscriptions.ReportDeliveries>();
        services.AddSingleton<Jobs.ReportSubscriptionJob>();
        services.AddSingleton(new ScheduledJob(typeof(Jobs.ReportSubscriptionJob), "reports.subscriptions", Interval: TimeSpan.FromMinutes(5)));
        services.AddSingleton(Subscriptions.ReportMail.Kind);
        services.AddSingleton<BuildingBlocks.Templates.IMessagePreview, Subscriptions.ReportsMessagePreview>();
        var young = configuration.GetValue("Reports:Dashboards:YoungPeriodAnswers", 30);
        if (young < 0) throw HostCannotStart.Setting("Reports:Dashboards:YoungPeriodAnswers", "it is a number of answers, 0 or more");
        services.AddSingleton(new Features.DashboardSettings(young));
        services.AddSingleton<IAfterMigrations, Dashboards.RoleDefaults>();
        services.AddSingleton<IAfterMigrations, RollupShape>();
        services.AddSingleton<IDemoData, Dashboards.DashboardsDemo>();
    }
}
