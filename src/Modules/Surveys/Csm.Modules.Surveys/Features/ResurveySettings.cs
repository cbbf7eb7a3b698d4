using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Csm.Modules.Surveys.Data;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Csm.Modules.Surveys.Features;

/// <summary>
/// Re-survey after a resolved follow-up: when the follow-up task of an unhappy answer to this survey closes with the outcome
/// "resolved", the customer is asked again — by this survey or a short one (a one-question NPS or CSAT) — after a delay,
/// as any invitation is: the quiet period and the cap apply, and a suppressed re-survey keeps its reason. Off by default.
/// </summary>
internal static class ResurveySettings
{
    public const int MaxDelayHours = 24 * 30;
    public const int MaxValidDays = 60;

    /// <param name="ResurveySurveyId">The survey that asks again; null asks with this survey itself. Enabled, it must ask NPS, CSAT or CES.</param>
    /// <param name="DelayHours">Hours after the follow-up is resolved, 0 to 720.</param>
    /// <param name="ValidDays">Days the re-survey invitation stays open, 1 to 60.</param>
    public sealed record Request(bool Enabled, long? ResurveySurveyId = null, int DelayHours = 24, int ValidDays = 7);

    public sealed record Setting
    {
        public long SurveyId { get; init; }
        public bool Enabled { get; init; }
        public long? ResurveySurveyId { get; init; }
        public long DelayHours { get; init; } = 24;
        public long ValidDays { get; init; } = 7;
    }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.DelayHours).InclusiveBetween(0, MaxDelayHours);
            RuleFor(r => r.ValidDays).InclusiveBetween(1, MaxValidDays);
            RuleFor(r => r.ResurveySurveyId).GreaterThan(0).When(r => r.ResurveySurveyId is not null);
        }
    }

    private const string Select = """
        SELECT survey_id AS SurveyId, CASE WHEN enabled = 1 THEN 1 ELSE 0 END AS Enabled, resurvey_survey_id AS ResurveySurveyId,
          delay_hours AS DelayHours, valid_days AS ValidDays
        FROM srv_resurvey_settings WHERE survey_id = @Id
        """;

    private static async Task<Setting?> FindAsync(System.Data.Common.DbConnection c, long id, System.Data.Common.DbTransaction? tx) =>
        await c.QuerySingleOrDefaultAsync<Setting>(Select, new { Id = id }, tx);

    internal sealed class GetResurveySetting(DbSession session) : EndpointWithoutRequest<Results<Ok<Setting>, ProblemHttpResult>>
    {
        public override void Configure()
        {
            Get("surveys/{id:long}/resurvey");
            Group<SurveysGroup>();
            Description(d => d
                .WithName("Surveys_GetResurvey")
                .WithSummary("Whether and how a survey re-surveys customers after their unhappy answer's follow-up was resolved")
                .ProducesProblem(StatusCodes.Status404NotFound));
        }

        public override async Task<Results<Ok<Setting>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
        {
            var id = Route<long>("id");
            var c = await session.ConnectionAsync(ct);
            if (await SurveyQueries.CurrentAsync(c, id) is null) return Problems.NotFound("Survey", id);
            return TypedResults.Ok(await FindAsync(c, id, null) ?? new Setting { SurveyId = id });
        }
    }

    internal sealed class SetResurveySetting(DbSession session, AuditTrail audit, TimeProvider clock)
        : Endpoint<Request, Results<Ok<Setting>, ValidationProblem, ProblemHttpResult>>
    {
        public override void Configure()
        {
            Put("surveys/{id:long}/resurvey");
            Group<SurveysGroup>();
            Policies(Access.Manager);
            Description(d => d
                .WithName("Surveys_SetResurvey")
                .WithSummary("Turns the re-survey after a resolved follow-up on or off, with the survey that asks again and its delay")
                .ProducesProblem(StatusCodes.Status404NotFound));
        }

        public override async Task<Results<Ok<Setting>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
        {
            var id = Route<long>("id");
            var tx = await session.BeginAsync(ct);
            var c = await session.ConnectionAsync(ct);
            if (await SurveyQueries.CurrentAsync(c, id, tx) is null) return Problems.NotFound("Survey", id);
            var asking = await SurveyQueries.CurrentAsync(c, request.ResurveySurveyId ?? id, tx);
            if (asking is null)
                return Problems.Invalid("resurveySurveyId", $"There is no survey {request.ResurveySurveyId}.");
            if (request.Enabled && !asking.Parsed.Questions.Any(q => q.Kind is QuestionKind.Nps or QuestionKind.Csat or QuestionKind.Ces))
                return Problems.Invalid(request.ResurveySurveyId is null ? "enabled" : "resurveySurveyId",
                    $"Survey {asking.Id} asks no NPS, CSAT or CES question: a re-survey needs a score to compare.");
            var before = await FindAsync(c, id, tx);
            var args = new { Id = id, Enabled = request.Enabled ? 1 : 0, request.ResurveySurveyId, request.DelayHours, request.ValidDays, Now = clock.GetUtcNow() };
            await c.ExecuteAsync(before is null
                ? """
                  INSERT INTO srv_resurvey_settings (survey_id, enabled, resurvey_survey_id, delay_hours, valid_days, updated_at)
                  VALUES (@Id, @Enabled, @ResurveySurveyId, @DelayHours, @ValidDays, @Now)
                  """
                : """
                  UPDATE srv_resurvey_settings SET enabled = @Enabled, resurvey_survey_id = @ResurveySurveyId, delay_hours = @DelayHours,
                    valid_days = @ValidDays, updated_at = @Now
                  WHERE survey_id = @Id
                  """, args, tx);
            var after = new Setting
            {
                SurveyId = id, Enabled = request.Enabled, ResurveySurveyId = request.ResurveySurveyId, DelayHours = request.DelayHours, ValidDays = request.ValidDays,
            };
            await audit.RecordAsync("surveys", "resurvey.set", "survey", id, before, after, ct);
            await session.CommitAsync(ct);
            return TypedResults.Ok(after);
        }
    }
}
