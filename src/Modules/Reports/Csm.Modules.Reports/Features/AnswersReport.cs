using System.Text.Json;
using Csm.BuildingBlocks.Http;
using Csm.Modules.Reports.Reporting;
using Csm.Modules.Reports.Rollups;
using Csm.Modules.Reports.Statistics;
using Csm.Modules.Surveys.Contracts;

namespace Csm.Modules.Reports.Features;

/// <summary>
/// A survey's own questions beside NPS / CSAT / CES: for a choice question the share of respondents picking each choice
/// (every choice offered, picked or not) with its Wilson interval; for a rating the mean with its interval; each with n.
/// </summary>
internal sealed class AnswersReport(DbSession session, ReportingZone reporting, TimeProvider clock)
    : Endpoint<AnswersReport.QueryString, Results<Ok<AnswersReport.Response>, FileContentHttpResult, ValidationProblem>>
{
    /// <param name="Share">Percent of the question's respondents who picked it.</param>
    public sealed record OptionFigure(string Key, string Zh, string En, long Count, double? Share, double? Low, double? High);

    /// <param name="N">Responses that answered the question in the period.</param>
    public sealed record QuestionFigure(string Question, string Kind, string Zh, string En, long N, double? Mean, double? Low, double? High,
        int? ScaleMax, IReadOnlyList<OptionFigure> Options, bool SmallSample);

    public new sealed record Response(long SurveyId, DateOnly From, DateOnly To, string TimeZone, IReadOnlyList<QuestionFigure> Questions);

    /// <summary>The query string.</summary>
    public sealed record QueryString(long? SurveyId = null, string? From = null, string? To = null, string? TimeZone = null);

    private sealed record Question
    {
        public string Name { get; init; } = "";
        public string Kind { get; init; } = "";
        public string TextZh { get; init; } = "";
        public string TextEn { get; init; } = "";
        public long? ScaleMax { get; init; }
        public string Options { get; init; } = "[]";
    }

    private sealed record Tally
    {
        public string Question { get; init; } = "";
        public string? Choice { get; init; }
        public long Responses { get; init; }
        public long Ratings { get; init; }
        public long Sum { get; init; }
        public long Squares { get; init; }
    }

    public override void Configure()
    {
        Get("reports/answers");
        Policies(Can.Reports);
        Group<ReportsGroup>();
        Description(d => d
            .WithName("Reports_Answers")
            .WithSummary("A survey's own rating and choice questions: share per choice and mean rating, with n and 95% intervals")
            .WithDescription("`surveyId` required; `from`/`to` local dates yyyy-MM-dd (default: this quarter to today) in `timeZone` (default the reporting zone). " +
                             "Send `Accept: text/csv` for a CSV file (UTF-8 with BOM).")
            .Produces<Response>(StatusCodes.Status200OK, "application/json", Csv.ContentType));
    }

    public override async Task<Results<Ok<Response>, FileContentHttpResult, ValidationProblem>> ExecuteAsync(QueryString query, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (query.SurveyId is not > 0) errors["surveyId"] = ["Name the survey: surveyId is its id."];
        var q = ReportQuery.Parse(query.From, query.To, null, null, query.TimeZone, [], reporting, clock, errors);
        if (q is null || errors.Count > 0) return Problems.Invalid(errors);
        var args = new { SurveyId = query.SurveyId!.Value, Start = ReportingZone.StartOf(q.From, q.Zone), End = ReportingZone.StartOf(q.To.AddDays(1), q.Zone) };
        var c = await session.ConnectionAsync(ct);
        var questions = (await c.QueryAsync<Question>(
            "SELECT question AS Name, kind, text_zh AS TextZh, text_en AS TextEn, scale_max AS ScaleMax, options FROM rpt_questions WHERE survey_id = @SurveyId ORDER BY question",
            args)).ToList();
        // Per question the responses answering it and the rating sums (whole numbers: scores are); per choice how many picked it (two grouped reads).
        const string Period = "FROM rpt_answers WHERE survey_id = @SurveyId AND responded_at >= @Start AND responded_at < @End";
        var tallies = (await c.QueryAsync<Tally>(
            $"""
            SELECT question, COUNT(DISTINCT response_id) AS Responses, COUNT(score) AS Ratings,
              COALESCE(SUM(CAST(score AS BIGINT)), 0) AS Sum, COALESCE(SUM(CAST(score AS BIGINT) * score), 0) AS Squares
            {Period} GROUP BY question
            """, args)).ToList();
        tallies.AddRange(await c.QueryAsync<Tally>(
            $"SELECT question, choice, COUNT(DISTINCT response_id) AS Responses {Period} AND choice IS NOT NULL GROUP BY question, choice", args));
        var figures = questions.Select(question =>
        {
            var total = tallies.FirstOrDefault(t => t.Question == question.Name && t.Choice is null);
            var n = total?.Responses ?? 0;
            var options = (JsonSerializer.Deserialize<List<AnswerOption>>(question.Options, Web) ?? []).Select(o =>
            {
                var count = tallies.FirstOrDefault(t => t.Question == question.Name && t.Choice == o.Key)?.Responses ?? 0;
                var interval = SatisfactionMath.Wilson(count, n);
                return new OptionFigure(o.Key, o.Zh, o.En, count, SatisfactionMath.Share(count, n), interval?.Low, interval?.High);
            }).ToList();
            var ratings = total?.Ratings ?? 0;
            var mean = question.Kind == "rating" ? SatisfactionMath.Mean(total?.Sum ?? 0, ratings) : null;
            var meanInterval = question.Kind == "rating" ? SatisfactionMath.MeanInterval(total?.Sum ?? 0, total?.Squares ?? 0, ratings) : null;
            return new QuestionFigure(question.Name, question.Kind, question.TextZh, question.TextEn, n, mean, meanInterval?.Low, meanInterval?.High,
                (int?)question.ScaleMax, options, n < SatisfactionMath.SmallSample);
        }).ToList();
        var response = new Response(args.SurveyId, q.From, q.To, q.TimeZone, figures);
        return Csv.Wanted(HttpContext.Request) ? ToCsv(response) : TypedResults.Ok(response);
    }

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static FileContentHttpResult ToCsv(Response r) => Csv.File($"answers-{r.SurveyId}-{r.From:yyyyMMdd}-{r.To:yyyyMMdd}.csv",
        ["question", "kind", "questionZh", "questionEn", "n", "choice", "choiceZh", "choiceEn", "count", "share", "mean", "ciLow", "ciHigh"],
        r.Questions.SelectMany(q => q.Kind == "rating"
            ? [(IReadOnlyList<object?>)[q.Question, q.Kind, q.Zh, q.En, q.N, null, null, null, null, null, q.Mean, q.Low, q.High]]
            : q.Options.Select(o => (IReadOnlyList<object?>)[q.Question, q.Kind, q.Zh, q.En, q.N, o.Key, o.Zh, o.En, o.Count, o.Share, null, o.Low, o.High])));
}
