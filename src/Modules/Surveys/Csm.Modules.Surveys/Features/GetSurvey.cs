using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Data;
using Csm.Modules.Surveys.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Csm.Modules.Surveys.Features;

internal static class GetSurvey
{
    internal sealed class Get(DbSession session) : Endpoint<Get.QueryString, Results<Ok<SurveyView>, ProblemHttpResult>>
    {
        /// <summary>The query string.</summary>
        public sealed record QueryString(int? Version);

        public override void Configure()
        {
            Get("surveys/{id:long}");
            Group<SurveysGroup>();
            Description(d => d
                .WithName("Surveys_Get")
                .WithSummary("A survey template: the current version, or an earlier one with ?version=")
                .ProducesProblem(StatusCodes.Status404NotFound));
        }

        public override async Task<Results<Ok<SurveyView>, ProblemHttpResult>> ExecuteAsync(QueryString query, CancellationToken ct)
        {
            var id = Route<long>("id");
            var version = query.Version;
            var c = await session.ConnectionAsync(ct);
            var row = version is { } v ? await SurveyQueries.VersionAsync(c, id, v) : await SurveyQueries.CurrentAsync(c, id);
            return row is null ? Problems.NotFound(version is null ? "Survey" : $"Version {version} of survey", id) : TypedResults.Ok(row.ToView());
        }
    }

    internal sealed class List(DbSession session) : Endpoint<PageQuery, Ok<Paged<SurveyView>>>
    {
        public override void Configure()
        {
            Get("surveys");
            Group<SurveysGroup>();
            Description(d => d
                .WithName("Surveys_List")
                .WithSummary("All survey templates, each at its current version"));
        }

        public override async Task<Ok<Paged<SurveyView>>> ExecuteAsync(PageQuery query, CancellationToken ct)
        {
            var page = query.Page;
            var pageSize = query.PageSize;
            var c = await session.ConnectionAsync(ct);
            var request = PageRequest.From(page, pageSize);
            var (rows, total) = await SurveyQueries.PageAsync(c, session.Dialect, request);
            return TypedResults.Ok(new Paged<SurveyView>(rows.Select(r => r.ToView()).ToList(), total, request.Page, request.PageSize));
        }
    }
}
