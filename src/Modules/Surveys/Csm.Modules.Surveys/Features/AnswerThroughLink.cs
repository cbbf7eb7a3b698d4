using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Csm.Modules.Surveys.Contracts;
using Csm.Modules.Surveys.Data;
using Csm.Modules.Surveys.Links;
using Csm.Modules.Surveys.Responses;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Csm.Modules.Surveys.Features;

/// <summary>
/// An anonymous answer through a survey's reusable link: many answers per link, one per browser (its local id; a second
/// answer from it is a 409, never a replacement), with the channel and the page it came from. It is stored as any answer
/// is (the response writer, SurveyResponded), so reports count it.
/// </summary>
internal sealed class AnswerThroughLink(DbSession session, ResponseWriter writer, TimeProvider clock)
    : Endpoint<AnswerThroughLink.Request, Results<Created<SubmitResponse.Response>, ValidationProblem, ProblemHttpResult>>
{
    public const int MaxPageLength = 2048;

    /// <param name="Browser">The browser's own random id (kept in its local storage): one answer per browser.</param>
    /// <param name="Channel">"widget", "link" (the default) or "qr".</param>
    /// <param name="Page">The http(s) address of the page the widget was on.</param>
    /// <param name="Language">"zh-CN" or "en", the form's language.</param>
    public sealed record Request(IReadOnlyList<Answer> Answers, string Browser, LinkChannel? Channel, string? Page, string? Language);

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            SubmitResponse.AnswerRules(this, r => r.Answers);
            RuleFor(r => r.Browser).Cascade(CascadeMode.Stop).NotEmpty().Length(8, 64).Matches("^[A-Za-z0-9_-]+$")
                .WithMessage("The browser id is 8 to 64 letters, digits, '-' or '_'.");
            RuleFor(r => r.Channel).IsInEnum();
            RuleFor(r => r.Page).Cascade(CascadeMode.Stop).MaximumLength(MaxPageLength)
                .Must(p => Uri.TryCreate(p, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
                .WithMessage("The page must be an http or https address.")
                .When(r => r.Page is not null);
            RuleFor(r => r.Language).MaximumLength(35);
        }
    }

    public override void Configure()
    {
        Post("public/survey-links/{link}/responses");
        AllowAnonymous();
        Description(d => d
            .WithTags("Surveys")
            .WithName("Surveys_RespondThroughLink")
            .WithSummary("Answers the survey behind a reusable link (no login), once per browser. 404 unknown or switched-off link, 409 this browser answered")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireRateLimiting(RateLimits.Public));
    }

    public override async Task<Results<Created<SubmitResponse.Response>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var link = Route<string>("link")!;
        var survey = await SurveyQueries.ByLinkAsync(await session.ConnectionAsync(ct), link);
        if (survey is null) return GetLinkSurvey.NoSurvey();
        if (await AnsweredAsync(survey.Id, request.Browser)) return AlreadyAnswered();
        var definition = survey.Parsed;
        var errors = AnswerCheck.Problems(definition, request.Answers);
        if (errors.Count > 0) return Problems.Invalid(errors);

        var language = Languages.Normalize(request.Language ?? HttpContext.Request.Headers.AcceptLanguage.ToString());
        await session.ReleaseConnectionAsync(); // not held while the writer's batch is written
        var id = await WriteAsync(writer, survey, request.Answers, request.Channel ?? LinkChannel.Link, request.Page, request.Browser, language, clock.GetUtcNow());
        if (id is null)
        {
            // Another answer from this browser won the race, the link was switched off, or the survey was edited meanwhile.
            if (await AnsweredAsync(survey.Id, request.Browser)) return AlreadyAnswered();
            return await SurveyQueries.ByLinkAsync(await session.ConnectionAsync(ct), link) is null
                ? GetLinkSurvey.NoSurvey()
                : Problems.Conflict("The survey changed while you answered. Please reload it.");
        }
        return TypedResults.Created($"/api/survey-responses/{id}", new SubmitResponse.Response(id.Value, SubmitResponse.Thanks(language)));

        async Task<bool> AnsweredAsync(long surveyId, string browser) => await (await session.ConnectionAsync(ct)).ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM srv_invitations WHERE survey_id = @SurveyId AND browser_id = @Browser", new { SurveyId = surveyId, Browser = browser }) > 0;
    }

    /// <summary>A checked answer through the survey's link, as an anonymous invitation answered at once (null when it was not written: see the writer).</summary>
    internal static Task<long?> WriteAsync(ResponseWriter writer, SurveyRow survey, IReadOnlyList<Answer> answers, LinkChannel channel, string? page,
        string browser, string language, DateTimeOffset now)
    {
        var definition = survey.Parsed;
        var scores = AnswerCheck.Summarize(definition, answers);
        return writer.WriteAsync(new NewResponse(now, 0, survey.Id, survey.Version, survey.Revision, survey.TouchpointValue,
            null, null, null, scores.Nps, scores.Csat, scores.Ces, scores.Comment, SurveyDefinition.Serialize(answers),
            Scoring.Classify(scores.Nps, scores.Csat, scores.Ces), null, null, null, null, AnswerCheck.Custom(definition, answers),
            EnumText.Of(channel), page, new LinkVisitor(browser, language)));
    }

    private static ProblemHttpResult AlreadyAnswered() => Problems.Conflict("This browser has already answered this survey. Thank you!");
}
