using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Csm.Modules.Surveys.Invitations;
using Csm.Modules.Surveys.Data;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Csm.Modules.Surveys.Features;

/// <summary>The form behind an invitation link, in the recipient's language, for the phone page. No login; no personal data but a first name.</summary>
internal sealed class GetPublicSurvey(DbSession session, TimeProvider clock)
    : Endpoint<GetPublicSurvey.QueryString, Results<Ok<GetPublicSurvey.Response>, ProblemHttpResult>>
{
    public sealed record FormChoice(string Key, string Text);

    /// <param name="Min">Lowest score, for scored kinds.</param>
    /// <param name="Max">Highest score, for scored kinds.</param>
    /// <param name="ShowWhen">Show this question only when the named question's score is within [min, max].</param>
    public sealed record FormQuestion(string Key, QuestionKind Kind, string Text, bool Required, int? Min, int? Max,
        IReadOnlyList<FormChoice>? Choices, ShowWhen? ShowWhen);

    public new sealed record Response(string Language, string? FirstName, string Title, IReadOnlyList<FormQuestion> Questions, DateTimeOffset ExpiresAt);

    /// <summary>The query string.</summary>
    public sealed record QueryString(string? Lang);

    public override void Configure()
    {
        Get("public/surveys/{token}");
        AllowAnonymous();
        Description(d => d
            .WithTags("Surveys")
            .WithName("Surveys_PublicForm")
            .WithSummary("The survey form behind an invitation token (no login). 404 unknown token, 409 already answered, 410 expired")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone)
            .RequireRateLimiting(RateLimits.Public));
    }

    /// <param name="lang">Overrides the invitation's language: "zh-CN" or "en".</param>
    public override async Task<Results<Ok<Response>, ProblemHttpResult>> ExecuteAsync(QueryString query, CancellationToken ct)
    {
        var token = Route<string>("token")!;
        var lang = query.Lang;
        var c = await session.ConnectionAsync(ct);
        var now = clock.GetUtcNow();
        var invitation = await PublicInvitation.LoadAsync(c, null, token);
        if (PublicInvitation.Refusal(invitation, now) is { } problem) return problem;
        var survey = (await SurveyQueries.CurrentAsync(c, invitation!.SurveyId))!.Parsed;
        var firstName = invitation.CustomerId is { } id
            ? await c.QuerySingleOrDefaultAsync<string?>("SELECT first_name FROM srv_customers WHERE customer_id = @Id", new { Id = id })
            : null;
        await c.ExecuteAsync("UPDATE srv_invitations SET status = 'opened', opened_at = @Now WHERE id = @Id AND status IN ('queued', 'sent')",
            new { invitation.Id, Now = now });
        var language = lang is null ? invitation.Language : Languages.Normalize(lang);
        return TypedResults.Ok(new Response(language, firstName, survey.Title.In(language), Questions(survey, language), invitation.ExpiresAt));
    }

    /// <summary>The questions as the form shows them in one language; also the form of a reusable link.</summary>
    internal static IReadOnlyList<FormQuestion> Questions(SurveyDefinition survey, string language) =>
        survey.Questions.Select(q => new FormQuestion(q.Key, q.Kind, q.Text.In(language), q.Required, q.Range?.Min, q.Range?.Max,
            q.Choices?.Select(ch => new FormChoice(ch.Key, ch.Text.In(language))).ToList(), q.ShowWhen)).ToList();
}
