using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;

namespace Csm.Modules.Surveys.Data;

/// <summary>
/// The parsed definition of each survey's current version, kept by survey and revision: every edit of a survey raises
/// its revision (even one that rewrites an unanswered version in place), so an entry never goes stale, and an answer
/// read its revision from the database in the same request. Spares each public answer reading and parsing the
/// survey's JSON. Several hosts each keep their own; a few hundred entries at most, cleared when it grows past that.
/// </summary>
internal sealed class CurrentDefinitions
{
    private const int MaxEntries = 1_000;
    private readonly ConcurrentDictionary<(long SurveyId, long Revision), SurveyDefinition> _byRevision = new();

    /// <summary>The definition at that revision; null when the survey has changed since (the caller reads it again).</summary>
    public async Task<SurveyDefinition?> GetAsync(DbConnection c, long surveyId, long revision)
    {
        if (_byRevision.TryGetValue((surveyId, revision), out var known)) return known;
        var json = await c.ExecuteScalarAsync<string?>(
            """
            SELECT v.definition FROM srv_surveys s JOIN srv_survey_versions v ON v.survey_id = s.id AND v.version = s.current_version
            WHERE s.id = @SurveyId AND s.revision = @Revision
            """, new { SurveyId = surveyId, Revision = revision });
        if (json is null) return null;
        if (_byRevision.Count >= MaxEntries) _byRevision.Clear();
        return _byRevision[(surveyId, revision)] = SurveyDefinition.FromJson(json);
    }
}
