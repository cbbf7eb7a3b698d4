using System.Data.Common;
using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Csm.Modules.Surveys.Contracts;
using Csm.Modules.Surveys.Invitations;
using Csm.Modules.Surveys.Data;
using Csm.Modules.Surveys.Responses;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Csm.Modules.Surveys.Features;

/// <summary>
/// A customer's answers, once per token. Each answer is checked against its question's kind; the response keeps
/// the survey version it answered, its themes, and raises SurveyResponded (an unhappy one gets a follow-up task).
/// </summary>
internal sealed class SubmitResponse(DbSession session, ResponseWriter writer, CurrentDefinitions definitions, TimeProvider clock)
    : Endpoint<SubmitResponse.Request, Results<Created<SubmitResponse.Response>, ValidationProblem, ProblemHttpResult>>
{
    public sealed record Request(IReadOnlyList<Answer> Answers);

    public new sealed record Response(long ResponseId, string Message);

    internal sealed class Validator : Validator<Request>
    {
        public Validator() => AnswerRules(this, r => r.Answers);
    }

    /// <summary>The shape of a list of answers, wherever a public form sends one; the survey checks the rest.</summary>
    internal static void AnswerRules<T>(AbstractValidator<T> validator, System.Linq.Expressions.Expression<Func<T, IEnumerable<Answer>>> answers)
    {
        // Stop at the first failure: Must never sees a null list ({} and {"answers": null} were a 500).
        validator.RuleFor(answers).Cascade(CascadeMode.Stop).NotNull().Must(a => a.Count() <= SurveyDraftValidator<CreateSurvey.Request>.MaxQuestions)
            .WithMessage("Too many answers.");
        validator.RuleForEach(answers).NotNull().ChildRules(a =>
        {
            a.RuleFor(x => x.Question).NotEmpty().MaximumLength(40);
            a.RuleFor(x => x.Text).MaximumLength(AnswerCheck.MaxTextLength)
                .WithMessage($"A comment has at most {AnswerCheck.MaxTextLength} characters.");
            a.RuleFor(x => x.Choices).Must(c => c!.Count <= 20).WithMessage("Too many choices.").When(x => x.Choices is not null);
        });
    }

    public override void Configure()
    {
        Post("public/surveys/{token}/responses");
        AllowAnonymous();
        Description(d => d
            .WithTags("Surveys")
            .WithName("Surveys_Respond")
            .WithSummary("Answers the survey behind a token, once (no login). 404 unknown token, 409 already answered, 410 expired")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone)
            .RequireRateLimiting(RateLimits.Public));
    }

    /// <summary>The invitation with its survey's current version and its customer's tier and account manager, read in one statement.</summary>
    private sealed record Target
    {
        public PublicInvitation Invitation { get; init; } = new();
        public long Version { get; init; }
        public long Revision { get; init; }
        public string Touchpoint { get; init; } = "";
        public string? Tier { get; init; }
        public string? AccountManager { get; init; }
    }

    private static async Task<Target?> LoadAsync(DbConnection c, string token) => token.Length > PublicInvitation.MaxTokenLength
        ? null
        : (await c.QueryAsync<PublicInvitation, Target, Target>(
            """
            SELECT i.id, i.survey_id AS SurveyId, i.customer_id AS CustomerId, i.status, i.language, i.expires_at AS ExpiresAt,
              i.ticket_id AS TicketId, i.ticket_type AS TicketType, i.agent, i.team, i.channel,
              s.current_version AS Version, s.revision, s.touchpoint, sc.tier, sc.account_manager AS AccountManager
            FROM srv_invitations i JOIN srv_surveys s ON s.id = i.survey_id LEFT JOIN srv_customers sc ON sc.customer_id = i.customer_id
            WHERE i.token_hash = @Hash OR i.portal_token_hash = @Hash
            """, (invitation, target) => target with { Invitation = invitation }, new { Hash = InvitationToken.Hash(token) }, splitOn: "Version"))
        .SingleOrDefault();

    public override Task<Results<Created<Response>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct) =>
        Handle(Route<string>("token")!, request, session, writer, definitions, clock, ct);

    internal static string Thanks(string language) => Languages.IsChinese(language) ? "感谢您的反馈！" : "Thank you for your feedback!";

    /// <summary>Also what the demo seeder runs, without HTTP.</summary>
    internal static async Task<Results<Created<Response>, ValidationProblem, ProblemHttpResult>> Handle(string token, Request request, DbSession session, ResponseWriter writer,
        CurrentDefinitions definitions, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // Everything is read and checked before the write, so only the writer's short transaction holds SQLite's write
        // lock. The writer claims nothing if the survey was edited in between: then the answers are checked again.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var c = await session.ConnectionAsync(ct);
            var target = await LoadAsync(c, token);
            if (PublicInvitation.Refusal(target?.Invitation, now) is { } refusal) return refusal;
            var invitation = target!.Invitation;
            // Null when the survey was edited since the line above: read it again.
            if (await definitions.GetAsync(c, invitation.SurveyId, target.Revision) is not { } definition) continue;
            var errors = AnswerCheck.Problems(definition, request.Answers);
            if (errors.Count > 0) return Problems.Invalid(errors);

            var scores = AnswerCheck.Summarize(definition, request.Answers);
            await session.ReleaseConnectionAsync(); // not held while the writer's batch is written
            var responseId = await writer.WriteAsync(new NewResponse(now, invitation.Id, invitation.SurveyId, target.Version, target.Revision,
                EnumText.Parse<Touchpoint>(target.Touchpoint), invitation.CustomerId, target.Tier, target.AccountManager,
                scores.Nps, scores.Csat, scores.Ces, scores.Comment, SurveyDefinition.Serialize(request.Answers),
                Scoring.Classify(scores.Nps, scores.Csat, scores.Ces), invitation.TicketId, invitation.TicketType, invitation.Agent, invitation.Team,
                AnswerCheck.Custom(definition, request.Answers), invitation.Channel));
            if (responseId is { } id)
            {
                return TypedResults.Created($"/api/survey-responses/{id}", new Response(id, Thanks(invitation.Language)));
            }
        }
        // Answered by another submission meanwhile (the usual case), or expired, or the survey keeps changing.
        return PublicInvitation.Refusal((await LoadAsync(await session.ConnectionAsync(ct), token))?.Invitation, now)
            ?? Problems.Conflict("The survey changed while you answered. Please reload it.");
    }
}
