using System.Data.Common;
using Csm.BuildingBlocks.Data;
using Csm.Modules.Surveys.Responses;
using Dapper;

namespace Csm.Modules.Surveys.Links;

/// <summary>
/// The invitations the response writer makes for answers through a reusable link, inside its transaction: each answered
/// at once, anonymous, with its channel and browser. A browser that has answered the survey already (the unique index on
/// survey and browser) or a link switched off or a survey edited since the answers were checked makes none.
/// </summary>
internal static class LinkInvitations
{
    /// <summary>The new invitations' ids by survey and browser; null when <paramref name="alone"/> and the browser has answered.</summary>
    public static async Task<Dictionary<(long SurveyId, string BrowserId), long>?> AddAsync(
        DbConnection c, DbTransaction tx, ISqlDialect dialect, IReadOnlyList<NewResponse> answers, bool alone)
    {
        var visits = answers.Where(a => a.Visitor is not null).Select(a => new
        {
            a.SurveyId, a.Revision, a.Channel, a.Now, a.Visitor!.BrowserId, a.Visitor.Language,
        }).ToList();
        if (visits.Count == 0) return [];
        int added;
        try
        {
            added = await c.ExecuteAsync(
                """
                INSERT INTO srv_invitations (survey_id, channel, language, status, send_at, expires_at, created_at, opened_at, answered_at, browser_id)
                SELECT s.id, @Channel, @Language, 'answered', @Now, @Now, @Now, @Now, @Now, @BrowserId
                FROM srv_surveys s JOIN srv_survey_links l ON l.survey_id = s.id
                WHERE s.id = @SurveyId AND s.revision = @Revision AND l.enabled = 1
                """, visits, tx);
        }
        catch (Exception e) when (alone && dialect.IsUniqueViolation(e))
        {
            return null;
        }
        if (added != visits.Count) return null;
        return (await c.QueryAsync<(long Id, long SurveyId, string BrowserId)>(
                "SELECT id, survey_id, browser_id FROM srv_invitations WHERE browser_id IN @Browsers",
                new { Browsers = visits.Select(v => v.BrowserId).Distinct().ToList() }, tx))
            .Where(r => visits.Any(v => v.SurveyId == r.SurveyId && v.BrowserId == r.BrowserId))
            .ToDictionary(r => (r.SurveyId, r.BrowserId), r => r.Id);
    }
}
