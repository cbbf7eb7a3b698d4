using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Csm.Modules.Surveys.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Csm.Modules.Surveys.Features;

/// <summary>The form behind a survey's reusable link (widget, shared link, QR code). No login; nothing about anyone.</summary>
internal sealed class GetLinkSurvey(DbSession session)
    : Endpoint<GetLinkSurvey.QueryString, Results<Ok<GetLinkSurvey.Response>, ProblemHttpResult>>
{
    public new sealed record Response(string Language, string Title, IReadOnlyList<GetPublicSurvey.FormQuestion> Questions);

    /// <param name="Lang">"zh-CN" or "en"; without it the browser's Accept-Language decides.</param>
    public sealed record QueryString(string? Lang);

    public override void Configure()
    {
        Get("public/survey-links/{link}");
        AllowAnonymous();
        Description(d => d
            .WithTags("Surveys")
            .WithName("Surveys_LinkForm")
            .WithSummary("The survey form behind a reusable link (no login). 404 unknown or switched-off link")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireRateLimiting(RateLimits.Public));
    }

    public override async Task<Results<Ok<Response>, ProblemHttpResult>> ExecuteAsync(QueryString query, CancellationToken ct)
    {
        var survey = await SurveyQueries.ByLinkAsync(await session.ConnectionAsync(ct), Route<string>("link")!);
        if (survey is null) return NoSurvey();
        var language = Languages.Normalize(query.Lang ?? HttpContext.Request.Headers.AcceptLanguage.ToString());
        var definition = survey.Parsed;
        return TypedResults.Ok(new Response(language, definition.Title.In(language), GetPublicSurvey.Questions(definition, language)));
    }

    internal static ProblemHttpResult NoSurvey() =>
        TypedResults.Problem("There is no survey at this link, or it no longer takes answers.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
