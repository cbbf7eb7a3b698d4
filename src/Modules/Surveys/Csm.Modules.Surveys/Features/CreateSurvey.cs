using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Http;
using Csm.Modules.Surveys.Contracts;
using Csm.Modules.Surveys.Model;
using Dapper;
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
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        var id = await c.ExecuteScalarAsync<long>(
            session.Dialect.InsertReturningId("srv_surveys", "name, touchpoint, current_version, revision, created_at, updated_at",
                "@Name, @Touchpoint, 1, 1, @Now, @Now"),
            new { request.Name, Touchpoint = request.Touchpoint.ToString(), Now = now }, tx);
        await c.ExecuteAsync(
            "INSERT INTO srv_survey_versions (survey_id, version, definition, created_at) VALUES (@Id, 1, @Definition, @Now)",
            new { Id = id, Definition = new SurveyDefinition(request.Title, request.Questions).ToJson(), Now = now }, tx);
        await session.CommitAsync(ct);
        var view = new SurveyView(id, request.Name, request.Touchpoint, 1, 1, request.Title, request.Questions, now, now);
        return TypedResults.Created($"/api/surveys/{id}", view);
    }
}
