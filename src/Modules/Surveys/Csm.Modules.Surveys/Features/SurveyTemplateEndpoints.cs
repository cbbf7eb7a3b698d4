using Csm.BuildingBlocks.Http;
using Csm.Modules.Surveys.Data;
using Csm.Modules.Surveys.Templates;

namespace Csm.Modules.Surveys.Features;

internal sealed class ListSurveyTemplates : EndpointWithoutRequest<Ok<IReadOnlyList<SurveyTemplate>>>
{
    public override void Configure()
    {
        Get("survey-templates");
        Group<SurveysGroup>();
        Description(d => d
            .WithName("Surveys_Templates")
            .WithSummary("The survey gallery: relationship NPS, ticket CSAT, support CES, onboarding, satisfied-or-not, after a visit; zh-CN and en"));
    }

    public override Task<Ok<IReadOnlyList<SurveyTemplate>>> ExecuteAsync(CancellationToken ct) => Task.FromResult(TypedResults.Ok(SurveyTemplates.All));
}

internal sealed class CreateSurveyFromTemplate(DbSession session, AuditTrail audit, TimeProvider clock)
    : Endpoint<CreateSurveyFromTemplate.Request, Results<Created<SurveyView>, ProblemHttpResult>>
{
    /// <param name="Name">The new survey's name; the template's (in Chinese) when none.</param>
    public sealed record Request(string? Name);

    internal sealed class Validator : Validator<Request>
    {
        public Validator() => RuleFor(r => r.Name).MaximumLength(200);
    }

    public override void Configure()
    {
        Post("survey-templates/{key}/surveys");
        Group<SurveysGroup>();
        Policies(Access.Manager);
        Description(d => d
            .WithName("Surveys_CreateFromTemplate")
            .WithSummary("Creates a survey from a template of the gallery, to edit and send like any other")
            .WithIdempotency()
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<Created<SurveyView>, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var key = Route<string>("key")!;
        if (SurveyTemplates.All.FirstOrDefault(t => t.Key == key) is not { } template) return Problems.NotFound("Survey template", key);
        var name = string.IsNullOrWhiteSpace(request.Name) ? template.Name.Zh : request.Name.Trim();
        var now = clock.GetUtcNow();
        await session.BeginAsync(ct);
        var id = await SurveyQueries.InsertAsync(session, name, template.Touchpoint, new SurveyDefinition(template.Title, template.Questions), now);
        var view = new SurveyView(id, name, template.Touchpoint, 1, 1, template.Title, template.Questions, now, now);
        await audit.RecordAsync("surveys", "survey.created", "survey", id, after: new { template = key, view }, ct: ct);
        await session.CommitAsync(ct);
        return TypedResults.Created($"/api/surveys/{id}", view);
    }
}
