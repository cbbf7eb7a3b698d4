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
        public long ThemeId { get; init; }
        public string Code { get; init; } = "";
    }

    /// <summary>Tags new responses (a batch of them: the query is the same for one or many) and returns their theme codes.</summary>
    public static async Task<Dictionary<long, IReadOnlyList<string>>> TagResponsesAsync(
        DbConnection c, DbTransaction tx, ISqlDialect dialect, IReadOnlyList<(long Id, string Comment)> responses)
    {
        if (responses.Count == 0) return [];
        // The new responses' comments travel as one parameter and are matched against the keywords there, so tagging a
        // batch reads no response back (a server engine scanned the responses for a batch whose ids it had).
        string V(string key, SqlType type = SqlType.Text) => dialect.JsonValue("j.value", "$." + key, type);
        var found = (await c.QueryAsync<Tagged>(
            $"""
            SELECT DISTINCT CAST({V("id", SqlType.BigInt)} AS BIGINT) AS ResponseId, t.id AS ThemeId, t.code
            FROM {dialect.JsonRows("@Rows")} j
              JOIN srv_theme_keywords k ON {dialect.Like(V("comment", SqlType.LongText), "k.pattern")}
              JOIN srv_themes t ON t.id = k.theme_id
            """,
            new
            {
                Rows = JsonRows.Text(responses, static (w, r) =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("id", r.Id);
                    w.WriteString("comment", r.Comment);
                    w.WriteEndObject();
                }),
            }, tx)).ToList();
        if (found.Count == 0) return [];
        await c.ExecuteAsync(
            $"INSERT INTO srv_response_themes (response_id, theme_id) SELECT {V("r", SqlType.BigInt)}, {V("t", SqlType.BigInt)} FROM {dialect.JsonRows("@Rows")} j",
            new
            {
                Rows = JsonRows.Text(found, static (w, f) =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("r", f.ResponseId);
                    w.WriteNumber("t", f.ThemeId);
                    w.WriteEndObject();
                }),
            }, tx);
        return found.GroupBy(t => t.ResponseId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(t => t.Code).Order(StringComparer.Ordinal).ToList());
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
