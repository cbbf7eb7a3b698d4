using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Messaging;
using Csm.Modules.Surveys.Contracts;
using Csm.Modules.Surveys.Invitations;
using Csm.Modules.Surveys.Model;
using Csm.Modules.Surveys.Themes;
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
internal sealed class SubmitResponse : IEndpoint
{
    public sealed record Request(IReadOnlyList<Answer> Answers);

    public sealed record Response(long ResponseId, string Message);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Answers).NotNull().Must(a => a.Count <= SurveyDraftValidator<CreateSurvey.Request>.MaxQuestions)
                .WithMessage("Too many answers.");
            RuleForEach(r => r.Answers).NotNull().ChildRules(a =>
            {
                a.RuleFor(x => x.Question).NotEmpty().MaximumLength(40);
                a.RuleFor(x => x.Text).MaximumLength(AnswerCheck.MaxTextLength)
                    .WithMessage($"A comment has at most {AnswerCheck.MaxTextLength} characters.");
                a.RuleFor(x => x.Choices).Must(c => c!.Count <= 20).WithMessage("Too many choices.").When(x => x.Choices is not null);
            });
        }
    }

    public static void Map(IEndpointRouteBuilder app) => app
        .MapPost("public/surveys/{token}/responses", Handle)
        .WithName("Surveys_Respond")
        .WithSummary("Answers the survey behind a token, once (no login). 404 unknown token, 409 already answered, 410 expired")
        .WithRequestValidation<Request>()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status410Gone)
        .AllowAnonymous()
        .RequireRateLimiting(RateLimits.Public);

    private sealed record Customer(string? Tier, string? AccountManager);

    internal static async Task<Results<Created<Response>, ValidationProblem, ProblemHttpResult>> Handle(
        string token, Request request, DbSession session, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        // Claiming the token is the first statement, so the transaction takes the write lock before it reads:
        // concurrent answers queue on the lock instead of failing on a stale snapshot, and a second answer for one token loses.
        var claimed = token.Length <= PublicInvitation.MaxTokenLength && await c.ExecuteAsync(
            "UPDATE srv_invitations SET status = 'answered', answered_at = @Now WHERE token_hash = @Hash AND status <> 'answered' AND expires_at > @Now",
            new { Hash = InvitationToken.Hash(token), Now = now }, tx) == 1;
        var invitation = await PublicInvitation.LoadAsync(c, tx, token);
        if (!claimed)
        {
            await session.RollbackAsync(ct);
            return PublicInvitation.Refusal(invitation, now) ?? Problems.Conflict("This survey was already answered. Thank you!");
        }
        var survey = (await SurveyQueries.CurrentAsync(c, invitation!.SurveyId, tx))!;
        var definition = survey.Parsed;
        var errors = AnswerCheck.Problems(definition, request.Answers);
        if (errors.Count > 0)
        {
            await session.RollbackAsync(ct);
            return Problems.Invalid(errors);
        }

        var customer = invitation.CustomerId is { } customerId
            ? await c.QuerySingleOrDefaultAsync<Customer>("SELECT tier, account_manager AS AccountManager FROM srv_customers WHERE customer_id = @Id",
                new { Id = customerId }, tx)
            : null;
        var scores = AnswerCheck.Summarize(definition, request.Answers);
        var classification = Scoring.Classify(scores.Nps, scores.Csat, scores.Ces);
        var responseId = await c.ExecuteScalarAsync<long>(session.Dialect.InsertReturningId("srv_responses",
                "survey_id, survey_version, invitation_id, customer_id, tier, account_manager, touchpoint, nps, csat, ces, comment, answers, classification, ticket_id, ticket_type, agent, team, responded_at",
                "@SurveyId, @Version, @InvitationId, @CustomerId, @Tier, @AccountManager, @Touchpoint, @Nps, @Csat, @Ces, @Comment, @Answers, @Classification, @TicketId, @TicketType, @Agent, @Team, @Now"),
            new
            {
                invitation.SurveyId, survey.Version, InvitationId = invitation.Id, invitation.CustomerId, customer?.Tier, customer?.AccountManager,
                survey.Touchpoint, scores.Nps, scores.Csat, scores.Ces, scores.Comment, Answers = SurveyDefinition.Serialize(request.Answers),
                Classification = classification.ToString(), invitation.TicketId, invitation.TicketType, invitation.Agent, invitation.Team, Now = now,
            }, tx);
        await ThemeTagger.TagResponseAsync(c, tx, session.Dialect, responseId);
        var themes = await ThemeTagger.CodesAsync(c, tx, responseId);
        await outbox.AddAsync(new SurveyResponded(responseId, invitation.SurveyId, (int)survey.Version, invitation.CustomerId, Tiers.AsJson(customer?.Tier),
            survey.TouchpointValue, scores.Nps, scores.Csat, scores.Ces, scores.Comment, themes, invitation.TicketId, invitation.TicketType,
            invitation.Agent, invitation.Team, now, classification, customer?.AccountManager), ct);
        await session.CommitAsync(ct);
        var thanks = Languages.IsChinese(invitation.Language) ? "感谢您的反馈！" : "Thank you for your feedback!";
        return TypedResults.Created($"/api/survey-responses/{responseId}", new Response(responseId, thanks));
    }
}
