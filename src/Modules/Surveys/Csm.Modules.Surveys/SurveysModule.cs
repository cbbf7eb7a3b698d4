using System.Reflection;
using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Modules;
using Csm.Modules.Surveys.Invitations;
using Csm.Modules.Surveys.Jobs;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.Modules.Surveys;

public sealed class SurveysModule : IModule
{
    public string Name => "Surveys";
    public Assembly ContractsAssembly => typeof(Contracts.SurveysContracts).Assembly;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SurveysOptions>(configuration.GetSection("Surveys"));
        services.AddSingleton<IDemoData, Demo.SurveysDemo>();
        services.AddSingleton<IDemoData, Demo.SurveyResponsesDemo>();
        services.AddSingleton<IDemoData, Demo.LinkAnswersDemo>();
        services.AddSingleton<InvitationIssuer>();
        foreach (var kind in Delivery.InvitationMessages.Kinds) services.AddSingleton(kind);
        services.AddSingleton<BuildingBlocks.Templates.IMessagePreview, Delivery.SurveysMessagePreview>();
        services.AddSingleton<Responses.ResponseWriter>();
        services.AddSingleton<Data.CurrentDefinitions>();
        services.AddSingleton<RelationshipSurveys>();
        services.AddTransient<RelationshipSurveyJob>();
        services.AddSingleton(new ScheduledJob(typeof(RelationshipSurveyJob), "surveys.relationship", Interval: TimeSpan.FromMinutes(1)));
    }
}
