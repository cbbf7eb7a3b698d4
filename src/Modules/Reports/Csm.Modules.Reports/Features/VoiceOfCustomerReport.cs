using Csm.BuildingBlocks.Http;
using Csm.Modules.Reports.Reporting;
using Csm.Modules.Reports.Rollups;
using Csm.Modules.Reports.Statistics;
using Csm.Modules.Reports.Voice;

namespace Csm.Modules.Reports.Features;

internal sealed class VoiceOfCustomerReport(DailySource source, DbSession session, ReportingZone reporting, TimeProvider clock)
    : Endpoint<VoiceOfCustomerReport.QueryString, Results<Ok<VoiceOfCustomerReport.Response>, FileContentHttpResult, ValidationProblem>>
{
    /// <param name="CustomerId">Null when the survey was anonymous or the customer was erased.</param>
    public sealed record Verbatim(long ResponseId, DateTimeOffset RespondedAt, string Comment, long? CustomerId, long? Nps, long? Csat, long? Ces);

    public sealed record TrendPoint(string Period, DateOnly Start, DateOnly End, long Mentions, double? Share);

    /// <param name="Share">Percent of the category's respondents in the range who mentioned the theme.</param>
    public sealed record Theme(string Name, long Mentions, double? Share, IReadOnlyList<TrendPoint> Trend, IReadOnlyList<Verbatim> Verbatims);

    /// <summary>
    /// Promoters and detractors by NPS (9–10, 0–6) where the survey asked NPS; otherwise the Surveys module's happy and
    /// unhappy reading of the answer. Themes are ranked by mentions; verbatims are the newest comments, newest first.
    /// DetractorsOther and PromotersOther are the comments no theme matched (named "other"), with the same share and trend.
    /// </summary>
    public new sealed record Response(
        DateOnly From, DateOnly To, string Interval, string TimeZone, string Source, IReadOnlyDictionary<string, long> Respondents,
        IReadOnlyList<Theme> Detractors, IReadOnlyList<Theme> Promoters, Theme DetractorsOther, Theme PromotersOther);

    /// <summary>The query string.</summary>
    public sealed record QueryString(string? From = null, string? To = null, string? Interval = null, string? TimeZone = null, int? Themes = null, int? Verbatims = null);

    public override void Configure()
    {
        Get("reports/voice-of-customer");
        Policies(Can.Reports);
        Group<ReportsGroup>();
        Description(d => d
            .WithName("Reports_VoiceOfCustomer")
            .WithSummary("Themes ranked among detractors and among promoters, their trend, and what customers wrote")
            .WithDescription("`from`, `to`, `interval`, `timeZone` as in the satisfaction report; `themes` how many per side (default 10, at most 50); `verbatims` comments per theme (default 5, at most 20). Send `Accept: text/csv` for CSV.")
            .Produces<Response>(StatusCodes.Status200OK, "application/json", Csv.ContentType));
    }

    public override async Task<Results<Ok<Response>, FileContentHttpResult, ValidationProblem>> ExecuteAsync(QueryString query, CancellationToken ct)
    {
        var http = HttpContext.Request;
        var (from, to, interval, timeZone, themes, verbatims) = query;
        var errors = new Dictionary<string, string[]>();
        if (themes is < 1 or > 50) errors["themes"] = ["themes must be between 1 and 50."];
        if (verbatims is < 0 or > 20) errors["verbatims"] = ["verbatims must be between 0 and 20."];
        var q = ReportQuery.Parse(from, to, interval, null, timeZone, [], reporting, clock, errors);
        if (q is null || errors.Count > 0) return Problems.Invalid(errors);
        var response = await BuildAsync(q, themes ?? 10, verbatims ?? 5, source, session, ct);
        return Csv.Wanted(http) ? ToCsv(response) : TypedResults.Ok(response);
    }

    internal static async Task<Response> BuildAsync(ReportQuery q, int themes, int verbatims, DailySource source, DbSession session, CancellationToken ct)
    {
        var periods = Periods.Between(q.From, q.To, q.Interval);
        var ranges = periods.Select(p => (p.Start, p.End)).ToList();
        var mentions = await source.ReadAsync(Measures.ThemeDimension, [], Measures.ThemePrefix, q.From, q.To, q.Zone, ct, ranges);
        var respondents = new DayIndex(await source.ReadAsync(Measures.All, [], Measures.Respondents, q.From, q.To, q.Zone, ct, ranges));
        long Respondents(string category, DateOnly a, DateOnly b) => respondents.Between(a, b).Count(Measures.Respondents + category);

        async Task<IReadOnlyList<Theme>> Rank(string category)
        {
            var ranked = mentions.Where(r => r.Measure == Measures.ThemePrefix + category).GroupBy(r => r.Value)
                .Select(g => (Name: g.Key, Mentions: g.Sum(r => r.N), Days: new DayIndex(g)))
                .Where(t => t.Mentions > 0)
                .OrderByDescending(t => t.Mentions).ThenBy(t => t.Name, StringComparer.Ordinal)
                .Take(themes).ToList();
            var comments = await ReadVerbatimsAsync(session, category, ranked.Select(t => t.Name).ToList(), q, verbatims, ct);
            var total = Respondents(category, q.From, q.To);
            return ranked.Select(t => new Theme(t.Name, t.Mentions, SatisfactionMath.Share(t.Mentions, total),
                periods.Select(p =>
                {
                    var m = t.Days.Between(p.Start, p.End).Sum(r => r.N);
                    return new TrendPoint(p.Label, p.Start, p.End, m, SatisfactionMath.Share(m, Respondents(category, p.Start, p.End)));
                }).ToList(),
                comments.GetValueOrDefault(t.Name) ?? [])).ToList();
        }

        var unthemed = await UnthemedComments.ReadAsync(session, q, verbatims, ct);
        Theme Other(string category)
        {
            var days = unthemed.Days[category].ToList();
            long Between(DateOnly a, DateOnly b) => days.Count(d => d >= a && d <= b);
            return new Theme(UnthemedComments.Name, days.Count, SatisfactionMath.Share(days.Count, Respondents(category, q.From, q.To)),
                periods.Select(p => new TrendPoint(p.Label, p.Start, p.End, Between(p.Start, p.End),
                    SatisfactionMath.Share(Between(p.Start, p.End), Respondents(category, p.Start, p.End)))).ToList(),
                unthemed.Verbatims[category].ToList());
        }

        return new Response(q.From, q.To, q.Interval, q.TimeZone, source.UsesRollups(q.Zone) ? "rollups" : "facts",
            new[] { "promoter", "passive", "detractor" }.ToDictionary(c => c, c => Respondents(c, q.From, q.To)),
            await Rank("detractor"), await Rank("promoter"), Other("detractor"), Other("promoter"));
    }

    /// <summary>The newest comments of each theme in one windowed query.</summary>
    private static async Task<Dictionary<string, List<Verbatim>>> ReadVerbatimsAsync(
        DbSession session, string category, IReadOnlyList<string> themes, ReportQuery q, int limit, CancellationToken ct)
    {
        if (themes.Count == 0 || limit == 0) return [];
        var c = await session.ConnectionAsync(ct);
        var rows = await c.QueryAsync<VerbatimRow>($"""
            SELECT * FROM (
              SELECT t.theme AS "Group", {VerbatimRow.Columns},
                ROW_NUMBER() OVER (PARTITION BY t.theme ORDER BY t.responded_at DESC, t.response_id DESC) AS Position
              FROM rpt_response_themes t JOIN rpt_responses r ON r.response_id = t.response_id
              WHERE t.category = @Category AND t.theme IN @Themes AND t.responded_at >= @From AND t.responded_at < @To AND r.comment IS NOT NULL
            ) v WHERE Position <= @Limit
            ORDER BY "Group", Position
            """, new
        {
            Category = category, Themes = themes, Limit = limit,
            From = ReportingZone.StartOf(q.From, q.Zone), To = ReportingZone.StartOf(q.To.AddDays(1), q.Zone),
        });
        return rows.GroupBy(r => r.Group).ToDictionary(g => g.Key, g => g.Select(r => r.ToVerbatim()).ToList());
    }

    internal static FileContentHttpResult ToCsv(Response r)
    {
        static Theme[] Some(Theme other) => other.Mentions > 0 ? [other] : [];
        string[] header = ["side", "theme", "mentions", "share", "responseId", "respondedAt", "customerId", "comment"];
        IEnumerable<IReadOnlyList<object?>> Rows(string side, IReadOnlyList<Theme> themes) => themes.SelectMany(t =>
            t.Verbatims.Count == 0
                ? [[side, t.Name, t.Mentions, t.Share, null, null, null, null]]
                : t.Verbatims.Select(v => (IReadOnlyList<object?>)[side, t.Name, t.Mentions, t.Share, v.ResponseId, v.RespondedAt, v.CustomerId, v.Comment]));
        return Csv.File($"voice-of-customer-{r.From:yyyyMMdd}-{r.To:yyyyMMdd}", header,
            Rows("detractors", [.. r.Detractors, .. Some(r.DetractorsOther)]).Concat(Rows("promoters", [.. r.Promoters, .. Some(r.PromotersOther)])));
    }
}
