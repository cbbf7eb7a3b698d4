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
        services.AddScoped<CustomerImport>();
        services.AddSingleton<IDemoData, CustomersDemo>();
        services.AddSingleton(Portal.PortalMail.Kind);
        services.AddSingleton<BuildingBlocks.Templates.IMessagePreview, Portal.CustomersMessagePreview>();
    }
}
