using System.Reflection;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Modules;
using Csm.Modules.Customers.Demo;
using Csm.Modules.Customers.Import;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.Modules.Customers;

public sealed class CustomersModule : IModule
{
    public string Name => "Customers";
    public Assembly ContractsAssembly => typeof(Contracts.CustomersContracts).Assembly;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<CustomFieldCatalog>();
        services.AddSingleton<BuildingBlocks.Auth.IPortalSessions, Portal.PortalSessions>();
        services.AddScoped<CustomerImport>();
        services.AddSingleton(ImportSettings.From(configuration));
        services.AddSingleton<ImportJobRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<ImportJobRunner>());
        services.AddSingleton<IAfterMigrations>(sp => sp.GetRequiredService<ImportJobRunner>());
        services.AddScoped<Data.CustomerMerge>();
        services.AddSingleton<IDemoData, CustomersDemo>();
        services.AddSingleton<IAfterMigrations, MatchKeyBackfill>();
        services.AddSingleton(View360.View360Settings.From(configuration));
        services.AddSingleton<View360.View360Builder>();
        services.AddHostedService(sp => sp.GetRequiredService<View360.View360Builder>());
        var country = configuration["Customers:DefaultCountryCode"] ?? "86";
        if (country.Length is < 1 or > 3 || !country.All(char.IsAsciiDigit) || country[0] == '0')
            throw HostCannotStart.Setting("Customers:DefaultCountryCode", "a country calling code of 1 to 3 digits, such as 86");
        Data.MatchKeys.DefaultCountryCode = country;
        var churnAfterDays = configuration.GetValue<int?>("Customers:Lifecycle:ChurnAfterDays") ?? 90;
        if (churnAfterDays is < 1 or > 3650) throw HostCannotStart.Setting("Customers:Lifecycle:ChurnAfterDays", "a number of days from 1 to 3650");
        services.AddSingleton(new Lifecycle.LifecycleSettings(churnAfterDays));
        services.AddSingleton<Lifecycle.LifecycleDerivation>();
        services.AddSingleton(new ScheduledJob(typeof(Lifecycle.LifecycleDerivationJob), "customers.lifecycle", Interval: TimeSpan.FromHours(1)));
        services.AddSingleton(Portal.PortalMail.Kind);
        services.AddSingleton<BuildingBlocks.Templates.IMessagePreview, Portal.CustomersMessagePreview>();
    }
}
