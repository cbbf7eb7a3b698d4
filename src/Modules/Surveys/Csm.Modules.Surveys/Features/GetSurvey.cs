using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Data;
using Csm.Modules.Surveys.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Csm.Modules.Surveys.Features;

internal sealed class GetSurvey : IEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("surveys/{id:long}", Handle)
            .WithName("Surveys_Get")
            .WithSummary("A survey template: the current version, or an earlier one with ?version=")
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("surveys", List)
            .WithName("Surveys_List")
            .WithSummary("All survey templates, each at its current version");
    }

    private static async Task<Results<Ok<SurveyView>, ProblemHttpResult>> Handle(long id, int? version, DbSession session, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        var row = version is { } v ? await SurveyQueries.VersionAsync(c, id, v) : await SurveyQueries.CurrentAsync(c, id);
        return row is null ? Problems.NotFound(version is null ? "Survey" : $"Version {version} of survey", id) : TypedResults.Ok(row.ToView());
    }

    private static async Task<Ok<Paged<SurveyView>>> List(int? page, int? pageSize, DbSession session, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        var request = PageRequest.From(page, pageSize);
        var (rows, total) = await SurveyQueries.PageAsync(c, session.Dialect, request);
        return TypedResults.Ok(new Paged<SurveyView>(rows.Select(r => r.ToView()).ToList(), total, request.Page, request.PageSize));
    }
}
