using Csm.BuildingBlocks.Http;
using Csm.Modules.Surveys.Data;

namespace Csm.Modules.Surveys.Features;

/// <summary>
/// Every answer of every response in a period, one row per answer, as a CSV for a spreadsheet or a statistics package:
/// the raw data behind the reports, including the survey's own rating, choice and text questions.
/// </summary>
internal sealed class ExportAnswers(DbSession session) : Endpoint<ExportAnswers.QueryString, Results<FileContentHttpResult, ValidationProblem>>
{
    public const int MaxResponses = 100_000;

    /// <summary>The query string.</summary>
    public sealed record QueryString(long? SurveyId, DateTimeOffset? From, DateTimeOffset? To);

    internal sealed class Validator : Validator<QueryString>
    {
        public Validator()
        {
            RuleFor(q => q.SurveyId).GreaterThan(0).When(q => q.SurveyId is not null);
            RuleFor(q => q.To).GreaterThan(q => q.From).When(q => q.From is not null && q.To is not null).WithMessage("'to' must be after 'from'.");
        }
    }

    private sealed record Row
    {
        public long Id { get; init; }
        public long SurveyId { get; init; }
        public long SurveyVersion { get; init; }
        public long? CustomerId { get; init; }
        public string? Tier { get; init; }
        public string Touchpoint { get; init; } = "";
        public DateTimeOffset RespondedAt { get; init; }
        public string Answers { get; init; } = "[]";
        public string? Channel { get; init; }
        public string? Page { get; init; }
    }

    public override void Configure()
    {
        Get("survey-responses/answers");
        Group<SurveysGroup>();
        Policies(Can.Reports);
        Description(d => d
            .WithName("Surveys_ExportAnswers")
            .WithSummary("Every answer of the responses in a period as CSV (one row per answer), for a survey or all")
            .WithDescription($"UTF-8 CSV with BOM: responseId, surveyId, surveyVersion, respondedAt, customerId, tier, touchpoint, question, kind, questionZh, questionEn, score, choices, choicesZh, choicesEn, text. At most {MaxResponses:N0} responses, newest first.")
            .Produces(StatusCodes.Status200OK, contentType: Csv.ContentType));
    }

    public override async Task<Results<FileContentHttpResult, ValidationProblem>> ExecuteAsync(QueryString query, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        var rows = (await c.QueryAsync<Row>(
            $"""
            SELECT id, survey_id AS SurveyId, survey_version AS SurveyVersion, customer_id AS CustomerId, tier, touchpoint, responded_at AS RespondedAt, answers, channel, page
            FROM srv_responses
            WHERE (@SurveyId IS NULL OR survey_id = @SurveyId) AND (@From IS NULL OR responded_at >= @From) AND (@To IS NULL OR responded_at < @To)
            ORDER BY responded_at DESC, id DESC {session.Dialect.Page}
            """, new { query.SurveyId, query.From, query.To, Offset = 0, Limit = MaxResponses })).ToList();
        var answers = await ListResponses.AnswersOfAsync(c, rows.Select(r => (r.Id, r.SurveyId, r.SurveyVersion, r.Answers)).ToList());
        var lines = rows.SelectMany(r => answers[r.Id].Select(a => (IReadOnlyList<object?>)
        [
            r.Id, r.SurveyId, r.SurveyVersion, r.RespondedAt, r.CustomerId, r.Tier, r.Touchpoint, a.Question, a.Kind, a.QuestionText?.Zh, a.QuestionText?.En,
            a.Score, a.Choices is null ? null : string.Join(';', a.Choices),
            a.ChoiceTexts is null ? null : string.Join(';', a.ChoiceTexts.Select(t => t.Zh)),
            a.ChoiceTexts is null ? null : string.Join(';', a.ChoiceTexts.Select(t => t.En)), a.Text, r.Channel, r.Page,
        ]));
        return Csv.File("survey-answers.csv",
            ["responseId", "surveyId", "surveyVersion", "respondedAt", "customerId", "tier", "touchpoint", "question", "kind", "questionZh", "questionEn", "score", "choices", "choicesZh", "choicesEn", "text", "channel", "page"],
            lines);
    }
}
