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
        services.AddScoped<Data.TicketOpener>();
        services.AddScoped<Data.TicketChanges>();
        services.AddScoped<Features.Intake.CustomerReplies>();
        services.AddScoped<Notifications.CustomerMessages>();
        services.AddScoped<WeChat.WeChatInbox>();
        foreach (var platform in WeChat.WeChatPlatform.All)
            services.AddSingleton<BuildingBlocks.Outbound.IOutboundChannel>(sp => new WeChat.WeChatChannel(platform,
                sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<TimeProvider>()));
        services.AddScoped<Attachments.TicketFiles>();
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(Attachments.AttachmentLimits.From(configuration)));
        services.AddScoped<Jobs.EscalationScan>();
        services.AddScoped<Mail.MailIntake>();
        services.AddScoped<Mail.MailboxPoller>();
        services.AddSingleton<Mail.MailboxSecrets>();
        services.AddSingleton<Mail.MailboxWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<Mail.MailboxWatcher>());
        services.AddSingleton<Features.Intake.WebFormUploads>();
        services.AddTransient<Jobs.MailboxPollJob>();
        services.AddSingleton(new ScheduledJob(typeof(Jobs.MailboxPollJob), "tickets.mailboxes", TimeSpan.FromMinutes(1)));
        services.AddSingleton<IDemoData, Demo.TicketsDemo>();
        foreach (var kind in Notifications.TicketMail.Kinds) services.AddSingleton(kind);
        services.AddSingleton<BuildingBlocks.Templates.IMessagePreview, Notifications.TicketsMessagePreview>();
        services.AddTransient<Jobs.EscalationJob>();
        // Every minute; a browser test that waits for a breach shortens it (Tickets:EscalationInterval, e.g. "00:00:05").
        services.AddSingleton(new ScheduledJob(typeof(Jobs.EscalationJob), "tickets.escalation",
            configuration.GetValue("Tickets:EscalationInterval", TimeSpan.FromMinutes(1))));
    }
}
