using Csm.Modules.Reports.Reporting;
using Csm.Modules.Reports.Rollups;
using Csm.Modules.Reports.Voice;

namespace Csm.Modules.Reports.Features;

/// <summary>
/// Words detractors use more this period than in the period of equal length before it, found in their comments rather
/// than in any theme's dictionary: what nobody has defined yet. A term counts once per comment.
/// </summary>
internal sealed class RisingTerms(DbSession session, ReportingZone reporting, TimeProvider clock)
    : Endpoint<RisingTerms.QueryString, Results<Ok<RisingTerms.Response>, ValidationProblem>>
{
    /// <param name="Current">Detractors' comments this period that use the term.</param>
    /// <param name="Previous">The same in the period of equal length just before.</param>
    /// <param name="Rise">Current minus previous.</param>
    /// <param name="Language">"zh" or "en": the dictionary a theme made of it would hold it in.</param>
    public sealed record Term(string Text, string Language, long Current, long Previous, long Rise, IReadOnlyList<VoiceOfCustomerReport.Verbatim> Verbatims);

    /// <param name="Comments">Detractors' comments this period.</param>
    /// <param name="PreviousComments">Detractors' comments in the previous period.</param>
    public new sealed record Response(
        DateOnly From, DateOnly To, DateOnly PreviousFrom, DateOnly PreviousTo, string TimeZone, long Comments, long PreviousComments, IReadOnlyList<Term> Terms);

    /// <summary>The query string.</summary>
    public sealed record QueryString(string? From = null, string? To = null, string? TimeZone = null, int? Terms = null, int? Verbatims = null);

    public override void Configure()
    {
        Get("reports/voice-of-customer/rising-terms");
        Policies(Can.Reports);
        Group<ReportsGroup>();
        Description(d => d
            .WithName("Reports_RisingTerms")
            .WithSummary("Words rising fastest in detractors' comments against the previous period of equal length")
            .WithDescription("`from`, `to`, `timeZone` as in the satisfaction report; `terms` how many (default 20, at most 100), ranked by rise, then by this period's count; `verbatims` newest comments per term (default 3, at most 20). Chinese is segmented with jieba, other text split into words; stop words, single Chinese characters and numbers are left out."));
    }

    public override async Task<Results<Ok<Response>, ValidationProblem>> ExecuteAsync(QueryString query, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (query.Terms is < 1 or > 100) errors["terms"] = ["terms must be between 1 and 100."];
        if (query.Verbatims is < 0 or > 20) errors["verbatims"] = ["verbatims must be between 0 and 20."];
        var q = ReportQuery.Parse(query.From, query.To, null, null, query.TimeZone, [], reporting, clock, errors);
        if (q is null || errors.Count > 0) return Problems.Invalid(errors);
        return TypedResults.Ok(await BuildAsync(q, query.Terms ?? 20, query.Verbatims ?? 3, session, ct));
    }

    internal static async Task<Response> BuildAsync(ReportQuery q, int count, int verbatims, DbSession session, CancellationToken ct)
    {
        var previous = q.Previous;
        var now = await ReadDetractorCommentsAsync(session, q.From, q.To, q.Zone, ct);
        var before = await ReadDetractorCommentsAsync(session, previous.From, previous.To, q.Zone, ct);
        var earlier = Count(before.Select(c => c.Terms));
        var terms = Count(now.Select(c => c.Terms))
            .Select(t => (Text: t.Key, Current: t.Value, Previous: earlier.GetValueOrDefault(t.Key)))
            .Where(t => t.Current > t.Previous)
            .OrderByDescending(t => t.Current - t.Previous).ThenByDescending(t => t.Current).ThenBy(t => t.Text, StringComparer.Ordinal)
            .Take(count)
            .Select(t => new Term(t.Text, CommentTerms.LanguageOf(t.Text), t.Current, t.Previous, t.Current - t.Previous,
                now.Where(c => c.Terms.Contains(t.Text)).Take(verbatims).Select(c => c.Verbatim).ToList()))
            .ToList();
        return new Response(q.From, q.To, previous.From, previous.To, q.TimeZone, now.Count, before.Count, terms);
    }

    private static Dictionary<string, long> Count(IEnumerable<IReadOnlyList<string>> comments)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var term in comments.SelectMany(c => c)) counts[term] = counts.GetValueOrDefault(term) + 1;
        return counts;
    }

    private sealed record Commented(VoiceOfCustomerReport.Verbatim Verbatim, IReadOnlyList<string> Terms);

    /// <summary>Every detractor's comment of the local dates, newest first, with its terms: one query per period.</summary>
    private static async Task<List<Commented>> ReadDetractorCommentsAsync(DbSession session, DateOnly from, DateOnly to, TimeZoneInfo zone, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        var rows = await c.QueryAsync<VerbatimRow>($"""
            SELECT {VerbatimRow.Columns}
            FROM rpt_responses r
            WHERE responded_at >= @From AND responded_at < @To AND comment IS NOT NULL AND {VoiceCategory.IsDetractor}
            ORDER BY responded_at DESC, response_id DESC
            """, new { From = ReportingZone.StartOf(from, zone), To = ReportingZone.StartOf(to.AddDays(1), zone) });
        return rows.Select(r => new Commented(r.ToVerbatim(), CommentTerms.Of(r.Comment))).ToList();
    }
}
