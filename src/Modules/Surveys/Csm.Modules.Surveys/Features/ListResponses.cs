using System.Data.Common;
using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Data;
using Csm.Modules.Surveys.Contracts;
using Csm.Modules.Surveys.Data;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Csm.Modules.Surveys.Features;

/// <summary>Answered surveys with their scores, themes and, once the follow-up task is closed, its outcome.</summary>
internal static class ListResponses
{
    public sealed record FollowUp(long? TicketId, string Outcome, DateTimeOffset? ClosedAt);

    public sealed record Item(
        long Id, long SurveyId, int SurveyVersion, long? CustomerId, string? Tier, Touchpoint Touchpoint, int? Nps, int? Csat, int? Ces,
        string? Comment, FeedbackClass Classification, IReadOnlyList<string> Themes, long? TicketId, string? TicketType, string? Agent,
        string? Team, DateTimeOffset RespondedAt, FollowUp? FollowUp, IReadOnlyList<AnswerView>? Answers = null, long? ResurveyOf = null,
        string? Channel = null, string? Page = null);

    /// <summary>One answer as the customer gave it, with the question (and the choices picked) as the survey asked them.</summary>
    /// <param name="ChoiceTexts">The texts of the choices picked, in the order of <paramref name="Choices"/>.</param>
    public sealed record AnswerView(string Question, string Kind, LocalizedText? QuestionText, int? Score, IReadOnlyList<string>? Choices,
        IReadOnlyList<LocalizedText>? ChoiceTexts, string? Text);

    private sealed record Row
    {
        public long Id { get; init; }
        public long SurveyId { get; init; }
        public long SurveyVersion { get; init; }
        public long? CustomerId { get; init; }
        public string? Tier { get; init; }
        public string Touchpoint { get; init; } = "";
        public long? Nps { get; init; }
        public long? Csat { get; init; }
        public long? Ces { get; init; }
        public string? Comment { get; init; }
        public string Classification { get; init; } = "";
        public long? TicketId { get; init; }
        public string? TicketType { get; init; }
        public string? Agent { get; init; }
        public string? Team { get; init; }
        public DateTimeOffset RespondedAt { get; init; }
        public long? FollowUpTicketId { get; init; }
        public string? FollowUpOutcome { get; init; }
        public DateTimeOffset? FollowUpClosedAt { get; init; }
        public string Answers { get; init; } = "[]";
        public long? ResurveyOf { get; init; }
        public string? Channel { get; init; }
        public string? Page { get; init; }

        public Item ToItem(IReadOnlyList<string> themes) => new(Id, SurveyId, (int)SurveyVersion, CustomerId, Tier,
            EnumText.Parse<Touchpoint>(Touchpoint), (int?)Nps, (int?)Csat, (int?)Ces, Comment, EnumText.Parse<FeedbackClass>(Classification), themes,
            TicketId, TicketType, Agent, Team, RespondedAt,
            FollowUpOutcome is null ? null : new FollowUp(FollowUpTicketId, FollowUpOutcome, FollowUpClosedAt), ResurveyOf: ResurveyOf,
            Channel: Channel, Page: Page);
    }

    private const string Select = """
        SELECT r.id, r.survey_id AS SurveyId, r.survey_version AS SurveyVersion, r.customer_id AS CustomerId, r.tier, r.touchpoint,
          r.nps, r.csat, r.ces, r.comment, r.classification, r.ticket_id AS TicketId, r.ticket_type AS TicketType, r.agent, r.team,
          r.responded_at AS RespondedAt, r.follow_up_ticket_id AS FollowUpTicketId, r.follow_up_outcome AS FollowUpOutcome,
          r.follow_up_closed_at AS FollowUpClosedAt, r.answers, r.resurvey_of AS ResurveyOf, r.channel, r.page
        FROM srv_responses r
        """;

    /// <param name="outcome">A follow-up outcome ("reached", "resolved", "notReachable"), or "open" for unhappy responses whose follow-up is not closed.</param>
    /// <param name="classification">"happy", "neutral" or "unhappy".</param>

    /// <summary>The answers of each response read against the version of the survey it answered (one read of those versions).</summary>
    internal static async Task<Dictionary<long, IReadOnlyList<AnswerView>>> AnswersOfAsync(DbConnection c, IReadOnlyList<(long Id, long SurveyId, long Version, string Answers)> rows)
    {
        var surveys = rows.Select(r => r.SurveyId).Distinct().ToList();
        var definitions = surveys.Count == 0 ? [] : (await c.QueryAsync<(long SurveyId, long Version, string Definition)>(
                "SELECT survey_id, version, definition FROM srv_survey_versions WHERE survey_id IN @Ids", new { Ids = surveys }))
            .ToDictionary(d => (d.SurveyId, d.Version), d => SurveyDefinition.FromJson(d.Definition));
        var result = new Dictionary<long, IReadOnlyList<AnswerView>>();
        foreach (var r in rows)
        {
            var definition = definitions.GetValueOrDefault((r.SurveyId, r.Version));
            var answers = System.Text.Json.JsonSerializer.Deserialize<List<Answer>>(r.Answers, AnswerJson) ?? [];
            result[r.Id] = answers.Select(a =>
            {
                var q = definition?.Questions.FirstOrDefault(x => x.Key == a.Question);
                var texts = a.Choices?.Select(k => q?.Choices?.FirstOrDefault(ch => ch.Key == k)?.Text ?? new LocalizedText(k, k)).ToList();
                return new AnswerView(a.Question, q is null ? "unknown" : EnumText.Of(q.Kind), q?.Text, a.Score, a.Choices, texts, a.Text);
            }).ToList();
        }
        return result;
    }

    private static readonly System.Text.Json.JsonSerializerOptions AnswerJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    private static async Task<ILookup<long, string>> ThemesOfAsync(DbConnection c, IReadOnlyList<long> ids) => ids.Count == 0
        ? Array.Empty<(long, string)>().ToLookup(x => x.Item1, x => x.Item2)
        : (await c.QueryAsync<(long ResponseId, string Code)>(
            "SELECT rt.response_id, t.code FROM srv_response_themes rt JOIN srv_themes t ON t.id = rt.theme_id WHERE rt.response_id IN @Ids ORDER BY t.code",
            new { Ids = ids })).ToLookup(x => x.ResponseId, x => x.Code);

    internal sealed class ListSurveyResponses(DbSession session)
        : Endpoint<ListSurveyResponses.QueryString, Results<Ok<Paged<ListResponses.Item>>, ValidationProblem>>
    {
        /// <summary>The query string.</summary>
        public sealed record QueryString(long? SurveyId, long? CustomerId, long? TicketId, string? Classification, string? Theme, DateTimeOffset? From, DateTimeOffset? To, string? Outcome, int? Page, int? PageSize);

        public override void Configure()
        {
            Get("survey-responses");
            Group<SurveysGroup>();
            Description(d => d
                .WithName("Surveys_ListResponses")
                .WithSummary("Responses, newest first; filter by survey, customer, ticket, classification (happy, neutral, unhappy), theme code, time, follow-up outcome"));
        }

        public override async Task<Results<Ok<Paged<Item>>, ValidationProblem>> ExecuteAsync(QueryString query, CancellationToken ct)
        {
            var surveyId = query.SurveyId;
            var customerId = query.CustomerId;
            var ticketId = query.TicketId;
            var classification = query.Classification;
            var theme = query.Theme;
            var from = query.From;
            var to = query.To;
            var outcome = query.Outcome;
            var page = query.Page;
            var pageSize = query.PageSize;
            FeedbackClass? feedback = null;
            if (classification is not null)
            {
                if (!EnumText.TryParse<FeedbackClass>(classification, out var parsed))
                    return Problems.Invalid("classification", "The classification is 'happy', 'neutral' or 'unhappy'.");
                feedback = parsed;
            }
            var c = await session.ConnectionAsync(ct);
            var request = PageRequest.From(page, pageSize);
            const string where = """
                WHERE (@SurveyId IS NULL OR r.survey_id = @SurveyId) AND (@CustomerId IS NULL OR r.customer_id = @CustomerId)
                  AND (@TicketId IS NULL OR r.ticket_id = @TicketId) AND (@Classification IS NULL OR r.classification = @Classification)
                  AND (@From IS NULL OR r.responded_at >= @From) AND (@To IS NULL OR r.responded_at < @To)
                  AND (@Outcome IS NULL OR r.follow_up_outcome = @Outcome OR (@Outcome = 'open' AND r.classification = 'unhappy' AND r.follow_up_outcome IS NULL))
                  AND (@Theme IS NULL OR EXISTS (SELECT 1 FROM srv_response_themes rt JOIN srv_themes t ON t.id = rt.theme_id WHERE rt.response_id = r.id AND t.code = @Theme))
                """;
            var args = new
            {
                SurveyId = surveyId, CustomerId = customerId, TicketId = ticketId, Classification = feedback is { } f ? EnumText.Of(f) : null, From = from, To = to,
                Outcome = outcome, Theme = theme, request.Offset, Limit = request.PageSize,
            };
            var rows = (await c.QueryAsync<Row>($"{Select} {where} ORDER BY r.responded_at DESC, r.id DESC {session.Dialect.Page}", args)).ToList();
            var total = await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM srv_responses r {where}", args);
            var themes = await ThemesOfAsync(c, rows.Select(r => r.Id).ToList());
            var answers = await AnswersOfAsync(c, rows.Select(r => (r.Id, r.SurveyId, r.SurveyVersion, r.Answers)).ToList());
            return TypedResults.Ok(new Paged<Item>(rows.Select(r => r.ToItem(themes[r.Id].ToList()) with { Answers = answers[r.Id] }).ToList(),
                total, request.Page, request.PageSize));
        }
    }

    internal sealed class GetResponse(DbSession session) : EndpointWithoutRequest<Results<Ok<ListResponses.Item>, ProblemHttpResult>>
    {
        public override void Configure()
        {
            Get("survey-responses/{id:long}");
            Group<SurveysGroup>();
            Description(d => d
                .WithName("Surveys_GetResponse")
                .WithSummary("One response with its themes and follow-up outcome")
                .ProducesProblem(StatusCodes.Status404NotFound));
        }

        public override async Task<Results<Ok<Item>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
        {
            var id = Route<long>("id");
            var c = await session.ConnectionAsync(ct);
            var row = await c.QuerySingleOrDefaultAsync<Row>($"{Select} WHERE r.id = @Id", new { Id = id });
            if (row is null) return Problems.NotFound("Response", id);
            var answers = await AnswersOfAsync(c, [(row.Id, row.SurveyId, row.SurveyVersion, row.Answers)]);
            return TypedResults.Ok(row.ToItem((await ThemesOfAsync(c, [id]))[id].ToList()) with { Answers = answers[id] });
        }
    }
}
