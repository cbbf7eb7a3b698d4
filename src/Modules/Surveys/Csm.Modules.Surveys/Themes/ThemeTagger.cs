using System.Data.Common;
using Csm.BuildingBlocks.Data;
using Dapper;

namespace Csm.Modules.Surveys.Themes;

/// <summary>
/// Tags comments with themes by substring matching of each keyword (Chinese is not split into words), as one
/// set-based join of responses with the keyword patterns.
/// </summary>
internal static class ThemeTagger
{
    private sealed record Tagged
    {
        public long ResponseId { get; init; }
        public string Code { get; init; } = "";
    }

    /// <summary>Tags new responses (a batch of them: the query is the same for one or many) and returns their theme codes.</summary>
    public static async Task<Dictionary<long, IReadOnlyList<string>>> TagResponsesAsync(
        DbConnection c, DbTransaction tx, ISqlDialect dialect, IReadOnlyList<long> responseIds)
    {
        if (responseIds.Count == 0) return [];
        await c.ExecuteAsync(
            $"""
            INSERT INTO srv_response_themes (response_id, theme_id)
            SELECT DISTINCT r.id, k.theme_id FROM srv_responses r JOIN srv_theme_keywords k ON {dialect.Like("r.comment", "k.pattern")}
            WHERE r.id IN @Ids
            """, new { Ids = responseIds }, tx);
        var tagged = await c.QueryAsync<Tagged>(
            "SELECT rt.response_id AS ResponseId, t.code FROM srv_response_themes rt JOIN srv_themes t ON t.id = rt.theme_id WHERE rt.response_id IN @Ids ORDER BY t.code",
            new { Ids = responseIds }, tx);
        return tagged.GroupBy(t => t.ResponseId).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(t => t.Code).ToList());
    }

    /// <summary>After a dictionary changed: every response is matched again against that theme's keywords.</summary>
    public static async Task<int> RetagThemeAsync(DbConnection c, DbTransaction tx, ISqlDialect dialect, long themeId)
    {
        await c.ExecuteAsync("DELETE FROM srv_response_themes WHERE theme_id = @Id", new { Id = themeId }, tx);
        return await c.ExecuteAsync(
            $"""
            INSERT INTO srv_response_themes (response_id, theme_id)
            SELECT DISTINCT r.id, k.theme_id FROM srv_responses r JOIN srv_theme_keywords k ON {dialect.Like("r.comment", "k.pattern")}
            WHERE k.theme_id = @Id AND r.comment IS NOT NULL
            """, new { Id = themeId }, tx);
    }
}
