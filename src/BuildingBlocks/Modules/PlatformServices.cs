using System.Reflection;
using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Http;
using Csm.BuildingBlocks.Messaging;
using Csm.BuildingBlocks.Outbound;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Csm.BuildingBlocks.Modules;

public static class PlatformServices
{
    /// <summary>Registers the shared services and each module's handlers, validators and own services.</summary>
    public static IServiceCollection AddCsmPlatform(this IServiceCollection services, IConfiguration configuration, IReadOnlyList<IModule> modules)
    {
        services.Configure<DatabaseOptions>(o =>
        {
            configuration.GetSection("Database").Bind(o);
            o.ConnectionString ??= configuration.GetConnectionString("Csm");
        });
        services.Configure<OutboxOptions>(configuration.GetSection("Outbox"));
        services.Configure<RequestLimitsOptions>(configuration.GetSection("Limits"));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<Db>();
        services.AddSingleton(sp => sp.GetRequiredService<Db>().Dialect);
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<MigrationRunner>();
        services.AddScoped<DbSession>();
        services.AddScoped<Outbox>();
        services.AddHttpContextAccessor();
        services.AddScoped<Audit.AuditTrail>();
        services.AddSingleton<Templates.MessageTemplates>();
        services.Configure<Blobs.BlobOptions>(configuration.GetSection("Blobs"));
        services.AddSingleton<Blobs.IBlobStore, Blobs.FolderBlobStore>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService<OutboxWorker>();
        AddOutbound(services, configuration);
        services.AddSingleton(new EventTypes(modules.Select(m => m.ContractsAssembly).Append(typeof(PlatformServices).Assembly).Distinct()));
        // Read when first needed, by then with every registration made, the host's and a test's included.
        services.AddSingleton(_ => new EventHandlers(services));
        services.AddSingleton(new ModuleCatalog(modules));

        services.AddScoped<ServiceFactory>(sp => sp.GetService!);
        services.AddScoped<IMediator, Mediator>();
        services.AddSingleton<IdempotencyStore>();

        ValidatorOptions.Global.LanguageManager.Enabled = true;
        foreach (var assembly in modules.Select(m => m.Assembly).Append(typeof(PlatformServices).Assembly).Distinct())
        {
            AddHandlersAndValidators(services, assembly);
        }
        foreach (var module in modules)
        {
            module.AddServices(services, configuration);
        }
        return services;
    }

    /// <summary>The one outbound pipeline every module queues its e-mails, SMS and webhooks to.</summary>
    private static void AddOutbound(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<OutboundOptions>(configuration.GetSection("Outbound"));
        services.Configure<EmailOptions>(configuration.GetSection("Email"));
        services.Configure<SmsOptions>(configuration.GetSection("Sms"));
        services.AddSingleton<OutboundSignal>();
        services.AddScoped<OutboundQueue>();
        services.AddHttpClient(HttpDelivery.Client, c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddSingleton<IOutboundChannel, EmailChannel>();
        services.AddSingleton<IOutboundChannel, SmsChannel>();
        services.AddSingleton<IOutboundChannel, WebhookChannel>();
        services.AddSingleton<OutboundSender>();
        services.AddHostedService<OutboundWorker>();
    }

    /// <summary>
    /// MediatR's handlers of the assembly, and its validators through FluentValidation's own registration: singletons
    /// (FastEndpoints keeps one per endpoint), each also under its class, which is how FastEndpoints asks for it.
    /// </summary>
    public static void AddHandlersAndValidators(IServiceCollection services, Assembly assembly)
    {
        var open = new[] { typeof(INotificationHandler<>), typeof(IRequestHandler<,>) };
        foreach (var type in assembly.GetTypes().Where(t => t is { IsAbstract: false, IsInterface: false, IsGenericTypeDefinition: false }))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType && open.Contains(i.GetGenericTypeDefinition())))
            {
                services.AddTransient(contract, type);
            }
        }
        services.AddValidatorsFromAssembly(assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
    }
}

/// <summary>The modules the host was composed from, for migrations and diagnostics.</summary>
public sealed class ModuleCatalog(IReadOnlyList<IModule> modules)
{
    public IReadOnlyList<IModule> Modules { get; } = modules;
}
