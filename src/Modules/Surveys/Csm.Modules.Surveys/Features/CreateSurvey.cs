using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Http;
using Csm.Modules.Surveys.Contracts;
using Csm.Modules.Surveys.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Csm.Modules.Surveys.Features;

internal sealed class CreateSurvey(DbSession session, AuditTrail audit, TimeProvider clock) : Endpoint<CreateSurvey.Request, Created<SurveyView>>
{
    public sealed record Request(string Name, Touchpoint Touchpoint, LocalizedText Title, IReadOnlyList<Question> Questions) : ISurveyDraft;

    internal sealed class Validator : SurveyDraftValidator<Request>;

    public override void Configure()
    {
        Post("surveys");
        Group<SurveysGroup>();
        Policies(Access.Manager);
        Description(d => d
            .WithName("Surveys_Create")
            .WithSummary("Creates a survey template (version 1)")
            .WithIdempotency());
    }

    public override async Task<Created<SurveyView>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await session.BeginAsync(ct);
        var id = await SurveyQueries.InsertAsync(session, request.Name, request.Touchpoint, new SurveyDefinition(request.Title, request.Questions), now);
        var view = new SurveyView(id, request.Name, request.Touchpoint, 1, 1, request.Title, request.Questions, now, now);
        await audit.RecordAsync("surveys", "survey.created", "survey", id, after: view, ct: ct);
        await session.CommitAsync(ct);
        return TypedResults.Created($"/api/surveys/{id}", view);
    }
}
