using Csm.BuildingBlocks.Templates;
using Csm.Modules.Surveys.Data;

namespace Csm.Modules.Surveys.Delivery;

/// <summary>The placeholders of the survey e-mails for one real customer: their first name and the latest survey, with an example link.</summary>
internal sealed class SurveysMessagePreview(Db db, TimeProvider clock) : IMessagePreview
{
    public string Module => SurveyMessages.Module;

    private sealed record Known
    {
        public string? FirstName { get; init; }
    }

    public async Task<IReadOnlyDictionary<string, string?>?> ValuesAsync(string kind, long customerId, string language, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        if (await c.QuerySingleOrDefaultAsync<Known>("SELECT first_name AS FirstName FROM srv_customers WHERE customer_id = @Id", new { Id = customerId }) is not { } known)
            return null;
        var latestId = await c.ExecuteScalarAsync<long?>("SELECT MAX(id) FROM srv_surveys");
        var latest = latestId is { } id ? await SurveyQueries.CurrentAsync(c, id) : null;
        var survey = latest?.Parsed ?? new SurveyDefinition(new LocalizedText("服务满意度调查（示例）", "Service survey (example)"), []);
        return InvitationMessages.Values(language, survey, known.FirstName, "https://csm.example.com/s/example-link", clock.GetUtcNow().AddDays(7));
    }
}
