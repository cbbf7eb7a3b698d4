using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Http;
using Csm.Modules.Surveys.Contracts;
using Csm.Modules.Surveys.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Csm.Modules.Surveys.Features;

internal sealed class CreateSurvey : IEndpoint
{
    public sealed record Request(string Name, Touchpoint Touchpoint, LocalizedText Title, IReadOnlyList<Question> Questions) : ISurveyDraft;

    internal sealed class Validator : SurveyDraftValidator<Request>;

    public static void Map(IEndpointRouteBuilder app) => app
        .MapPost("surveys", Handle)
        .WithName("Surveys_Create")
        .WithSummary("Creates a survey template (version 1)")
        .WithRequestValidation<Request>()
        .WithIdempotency()
        .RequireAuthorization(Policies.Manager);

    private static async Task<Created<SurveyView>> Handle(Request request, DbSession session, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await session.BeginAsync(ct);
        var id = await SurveyQueries.InsertAsync(session, request.Name, request.Touchpoint, new SurveyDefinition(request.Title, request.Questions), now);
        await session.CommitAsync(ct);
        var view = new SurveyView(id, request.Name, request.Touchpoint, 1, 1, request.Title, request.Questions, now, now);
        return TypedResults.Created($"/api/surveys/{id}", view);
    }
}
