using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Csm.Modules.Surveys.Contracts;
using Csm.Modules.Surveys.Data;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Csm.Modules.Surveys.Features;

/// <summary>
/// Editing a survey nobody answered yet changes its current version in place; once the current version has
/// responses, the edit becomes a new version, so every response keeps the questions it answered.
/// </summary>
internal sealed class UpdateSurvey(DbSession session, AuditTrail audit, TimeProvider clock)
    : Endpoint<UpdateSurvey.Request, Results<Ok<SurveyView>, ProblemHttpResult>>
{
    /// <param name="Revision">The revision you read; a stale one is refused with 409.</param>
    public sealed record Request(string Name, Touchpoint Touchpoint, LocalizedText Title, IReadOnlyList<Question> Questions, long Revision) : ISurveyDraft;

    internal sealed class Validator : SurveyDraftValidator<Request>;

    public override void Configure()
    {
        Put("surveys/{id:long}");
        Group<SurveysGroup>();
        Policies(Access.Manager);
        Description(d => d
            .WithName("Surveys_Update")
            .WithSummary("Edits a survey template; a template with responses gets a new version")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict));
    }

    public override async Task<Results<Ok<SurveyView>, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var id = Route<long>("id");
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        var current = await SurveyQueries.CurrentAsync(c, id, tx);
        if (current is null) return Problems.NotFound("Survey", id);
        if (current.Revision != request.Revision) return Problems.StaleVersion(request.Revision, current.Revision);

        var now = clock.GetUtcNow();
        var definition = new SurveyDefinition(request.Title, request.Questions).ToJson();
        var answered = await c.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM srv_responses WHERE survey_id = @Id AND survey_version = @Version",
            new { Id = id, current.Version }, tx) > 0;
        var version = answered ? current.Version + 1 : current.Version;
        await c.ExecuteAsync(answered
                ? "INSERT INTO srv_survey_versions (survey_id, version, definition, created_at) VALUES (@Id, @Version, @Definition, @Now)"
                : "UPDATE srv_survey_versions SET definition = @Definition WHERE survey_id = @Id AND version = @Version",
            new { Id = id, Version = version, Definition = definition, Now = now }, tx);
        var updated = await c.ExecuteAsync(
            """
            UPDATE srv_surveys SET name = @Name, touchpoint = @Touchpoint, current_version = @Version, revision = revision + 1, updated_at = @Now
            WHERE id = @Id AND revision = @Revision
            """,
            new { Id = id, request.Name, Touchpoint = EnumText.Of(request.Touchpoint), Version = version, Now = now, request.Revision }, tx);
        if (updated == 0)
        {
            await session.RollbackAsync(ct);
            return Problems.StaleVersion(request.Revision, current.Revision + 1);
        }
        var view = new SurveyView(id, request.Name, request.Touchpoint, (int)version, current.Revision + 1,
            request.Title, request.Questions, current.CreatedAt, now);
        await audit.RecordAsync("surveys", "survey.updated", "survey", id, current.ToView(), view, ct);
        await session.CommitAsync(ct);
        return TypedResults.Ok(view);
    }
}
