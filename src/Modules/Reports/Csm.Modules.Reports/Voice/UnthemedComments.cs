using Csm.Modules.Reports.Reporting;
using Csm.Modules.Reports.Rollups;

namespace Csm.Modules.Reports.Voice;

/// <summary>
/// Comments that matched no theme, per side: how many by local day and the newest few, in two queries for the whole
/// range (the theme rows say which responses matched; a response with words and none of them is "other").
/// </summary>
internal static class UnthemedComments
{
    public const string Name = "other";

    private const string Unthemed = """
        responded_at >= @From AND responded_at < @To AND comment IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM rpt_response_themes t WHERE t.response_id = r.response_id)
        """;

    private sealed record DayRow
    {
        public DateTimeOffset RespondedAt { get; init; }
        public string Category { get; init; } = "";
    }

    public sealed record Found(ILookup<string, DateOnly> Days, ILookup<string, Features.VoiceOfCustomerReport.Verbatim> Verbatims);

    public static async Task<Found> ReadAsync(DbSession session, ReportQuery q, int verbatims, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        var range = new { From = ReportingZone.StartOf(q.From, q.Zone), To = ReportingZone.StartOf(q.To.AddDays(1), q.Zone), Limit = verbatims };
        var days = await c.QueryAsync<DayRow>(
            $"SELECT r.responded_at AS RespondedAt, {VoiceCategory.Of} AS Category FROM rpt_responses r WHERE {Unthemed}", range);
        var newest = verbatims == 0 ? [] : await c.QueryAsync<VerbatimRow>($"""
            SELECT * FROM (
              SELECT {VoiceCategory.Of} AS "Group", {VerbatimRow.Columns},
                ROW_NUMBER() OVER (PARTITION BY {VoiceCategory.Of} ORDER BY r.responded_at DESC, r.response_id DESC) AS Position
              FROM rpt_responses r WHERE {Unthemed}
            ) v WHERE Position <= @Limit
            ORDER BY "Group", Position
            """, range);
        return new Found(
            days.ToLookup(d => d.Category, d => ReportingZone.LocalDay(d.RespondedAt, q.Zone)),
            newest.ToLookup(v => v.Group, v => v.ToVerbatim()));
    }
}
