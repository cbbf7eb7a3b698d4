using System.Text.Json.Nodes;
using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Messaging;
using Csm.Modules.Surveys.Contracts;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.Tests.Reports;

/// <summary>How the report tests play the other modules (by writing their events to the outbox) and read reports.</summary>
internal static class ReportsApi
{
    public static readonly TimeSpan Beijing = TimeSpan.FromHours(8);


    public static SurveyResponded Answer(
        long id, DateTimeOffset at, int? nps = null, int? csat = null, int? ces = null, string? tier = "vip",
        Touchpoint touchpoint = Touchpoint.Service, long? customerId = 1, string? comment = null, string[]? themes = null,
        long? ticketId = null, string? ticketType = null, string? agent = null, string? team = null, long surveyId = 1)
    {
        // As Surveys classifies: CES 1 = very easy … 7 = very hard, so 5–7 is unhappy.
        var unhappy = nps is <= 6 || csat is <= 2 || ces is >= 5;
        var happy = nps is >= 9 || (nps is null && (csat is >= 4 || ces is <= 3));
        return new SurveyResponded(id, surveyId, 1, customerId, tier, touchpoint, nps, csat, ces, comment, themes ?? [],
            ticketId, ticketType, agent, team, at, unhappy ? FeedbackClass.Unhappy : happy ? FeedbackClass.Happy : FeedbackClass.Neutral, null);
    }

    public static async Task<JsonNode> ReportAsync(this HttpClient client, string url, int status = 200) =>
        await (await client.GetAsync(url).ExpectAsync(status)).NodeAsync();

    public static string[] ErrorsFor(this JsonNode problem, string field) =>
        problem["errors"]?[field]?.AsArray().Select(e => e!.GetValue<string>()).ToArray() ?? [];

    public static async Task<long> ScalarAsync(this CsmFixture csm, string sql)
    {
        await using var c = await csm.Service<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<long>(sql);
    }

    public static double? Number(this JsonNode? node) => node?.GetValue<double>();
}
