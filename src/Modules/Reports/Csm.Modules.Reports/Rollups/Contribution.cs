using System.Globalization;
using System.Text.Json;
using Csm.Modules.Reports.Statistics;

namespace Csm.Modules.Reports.Rollups;

/// <summary>One change to one rollup row: (dimension, measure, local day, dimension value, bucket) gains n and total.</summary>
internal readonly record struct DailyDelta(string Dimension, string Measure, DateOnly Day, string Value, long Bucket, long N, double Total)
{
    public (string, string, DateOnly, string, long) Key => (Dimension, Measure, Day, Value, Bucket);
}

/// <summary>The names of the rollups' measures and dimensions.</summary>
internal static class Measures
{
    public const string All = "all";
    public const string NoValue = "(none)";
    public const string ThemeDimension = "theme";

    public const string Nps = "nps", Csat = "csat", Ces = "ces";
    public const string Unhappy = "unhappy", FollowedUp = "followedUp", LoopClose = "loopClose", OutcomePrefix = "outcome:";
    public const string Respondents = "respondents:", ThemePrefix = "theme:";
    public const string ResurveySent = "resurveySent", ResurveySuppressed = "resurveySuppressed", ResurveyAnswered = "resurveyAnswered", Recovered = "recovered";
    public const string ResurveyNps = "resurveyNps", ResurveyCsat = "resurveyCsat", ResurveyCes = "resurveyCes";

    public const string Created = "created", ResolvedOfCreated = "resolvedOfCreated", Resolved = "resolved", FirstContact = "firstContact";
    public const string FirstResponse = "firstResponse", Resolution = "resolution", SlaMet = "slaMet", Reopened = "reopened", Escalated = "escalated";

    public static readonly string[] ResponseGroups = ["tier", "touchpoint", "ticketType", "channel", "agent", "team", "survey", "answeredVia"];
    public static readonly string[] TicketGroups = ["tier", "ticketType", "channel", "agent", "team"];
}

/// <summary>
/// What one fact adds to the rollups, as a pure function of the fact and the zone. A handler subtracts a fact's old
/// contribution and adds its new one, so a redelivered or reordered event nets to nothing, and a rebuild is the sum over facts.
/// </summary>
internal static class Contribution
{
    public static IEnumerable<DailyDelta> Of(ResponseFact f, TimeZoneInfo zone)
    {
        var day = ReportingZone.LocalDay(f.RespondedAt, zone);
        var values = new (string Dimension, string? Value)[]
        {
            (Measures.All, Measures.All), ("tier", f.Tier), ("touchpoint", f.Touchpoint), ("ticketType", f.TicketType),
            ("channel", f.Channel), ("agent", f.Agent), ("team", f.Team), ("survey", f.SurveyId.ToString(CultureInfo.InvariantCulture)),
            ("answeredVia", f.AnsweredVia),
        };
        var unhappy = f.Classification == "unhappy";
        foreach (var (dimension, raw) in values)
        {
            var value = string.IsNullOrEmpty(raw) ? Measures.NoValue : raw;
            if (f.Nps is { } nps) yield return new(dimension, Measures.Nps, day, value, nps, 1, 0);
            if (f.Csat is { } csat) yield return new(dimension, Measures.Csat, day, value, csat, 1, 0);
            if (f.Ces is { } ces) yield return new(dimension, Measures.Ces, day, value, ces, 1, 0);
            if (!unhappy) continue;
            yield return new(dimension, Measures.Unhappy, day, value, 0, 1, 0);
            foreach (var d in Resurvey(f, dimension, day, value)) yield return d;
            if (f.FollowUpResolvedAt is not { } closedAt) continue;
            var minutes = Math.Max(0, (closedAt - f.RespondedAt).TotalMinutes);
            yield return new(dimension, Measures.FollowedUp, day, value, 0, 1, 0);
            yield return new(dimension, Measures.LoopClose, day, value, MinuteHistogram.Bucket(minutes), 1, minutes);
            yield return new(dimension, Measures.OutcomePrefix + (f.FollowUpOutcome ?? "unknown"), day, value, 0, 1, 0);
        }
        var category = Category(f);
        yield return new(Measures.All, Measures.Respondents + category, day, Measures.All, 0, 1, 0);
        foreach (var theme in Themes(f.Themes))
        {
            yield return new(Measures.ThemeDimension, Measures.ThemePrefix + category, day, theme, 0, 1, 0);
        }
    }

    /// <summary>
    /// The re-survey of an unhappy answer, counted on the first answer's day and in its groups: issued (or suppressed), answered,
    /// its scores, and recovered when the second answer is no longer unhappy (a detractor now passive or promoter, CSAT 3+, CES below 5).
    /// </summary>
    private static IEnumerable<DailyDelta> Resurvey(ResponseFact f, string dimension, DateOnly day, string value)
    {
        if (f.ResurveyStatus is null) yield break;
        yield return new(dimension, f.ResurveyStatus == "suppressed" ? Measures.ResurveySuppressed : Measures.ResurveySent, day, value, 0, 1, 0);
        if (f.ResurveyClassification is not { } answered) yield break;
        yield return new(dimension, Measures.ResurveyAnswered, day, value, 0, 1, 0);
        if (f.ResurveyNps is { } nps) yield return new(dimension, Measures.ResurveyNps, day, value, nps, 1, 0);
        if (f.ResurveyCsat is { } csat) yield return new(dimension, Measures.ResurveyCsat, day, value, csat, 1, 0);
        if (f.ResurveyCes is { } ces) yield return new(dimension, Measures.ResurveyCes, day, value, ces, 1, 0);
        if (answered != "unhappy" && (f.ResurveyNps ?? f.ResurveyCsat ?? f.ResurveyCes) is not null)
            yield return new(dimension, Measures.Recovered, day, value, 0, 1, 0);
    }

    public static IEnumerable<DailyDelta> Of(TicketFact f, TimeZoneInfo zone)
    {
        // Proactive tasks are work for account managers, not service given to customers: they stay out of service figures.
        if (f.CreatedAt is not { } createdAt || f.Kind == "task") yield break;
        var created = ReportingZone.LocalDay(createdAt, zone);
        var values = new (string Dimension, string? Value)[]
        {
            (Measures.All, Measures.All), ("tier", f.Tier), ("ticketType", f.TypeCode), ("channel", f.Channel),
            ("agent", f.Assignee), ("team", f.Team),
        };
        foreach (var (dimension, raw) in values)
        {
            var value = string.IsNullOrEmpty(raw) ? Measures.NoValue : raw;
            yield return new(dimension, Measures.Created, created, value, 0, 1, 0);
            if (f.FirstRespondedAt is { } respondedAt && f.FirstResponseMinutes is { } firstMinutes)
            {
                yield return new(dimension, Measures.FirstResponse, ReportingZone.LocalDay(respondedAt, zone), value, MinuteHistogram.Bucket(firstMinutes), 1, firstMinutes);
            }
            if (f.FirstBreachedAt is { } breachedAt)
            {
                yield return new(dimension, Measures.Escalated, ReportingZone.LocalDay(breachedAt, zone), value, 0, 1, 0);
            }
            if (f.ResolvedAt is not { } resolvedAt) continue;
            var resolved = ReportingZone.LocalDay(resolvedAt, zone);
            yield return new(dimension, Measures.ResolvedOfCreated, created, value, 0, 1, 0);
            yield return new(dimension, Measures.Resolved, resolved, value, 0, 1, 0);
            if (f.ResolutionMinutes is { } minutes)
                yield return new(dimension, Measures.Resolution, resolved, value, MinuteHistogram.Bucket(minutes), 1, minutes);
            if (f.SlaMet == 1) yield return new(dimension, Measures.SlaMet, resolved, value, 0, 1, 0);
            if (f.Reopened > 0) yield return new(dimension, Measures.Reopened, resolved, value, 0, 1, 0);
            // First contact: settled by whoever took it first, never handed over and never reopened.
            if (f.Reopened == 0 && f.Reassigned == 0) yield return new(dimension, Measures.FirstContact, resolved, value, 0, 1, 0);
        }
    }

    /// <summary>NPS category when the survey asked NPS, otherwise the Surveys module's reading of the answer.</summary>
    public static string Category(ResponseFact f) => f.Nps switch
    {
        >= 9 => "promoter",
        >= 7 => "passive",
        not null => "detractor",
        null => f.Classification switch { "happy" => "promoter", "unhappy" => "detractor", _ => "passive" },
    };

    public static IReadOnlyList<string> Themes(string json) =>
        (JsonSerializer.Deserialize<List<string>>(json) ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Distinct().ToList();

    /// <summary>New minus old, with rows that cancel out dropped: what a handler writes.</summary>
    public static List<DailyDelta> Difference(IEnumerable<DailyDelta> before, IEnumerable<DailyDelta> after) =>
        Sum(before.Select(d => d with { N = -d.N, Total = -d.Total }).Concat(after));

    public static List<DailyDelta> Sum(IEnumerable<DailyDelta> deltas)
    {
        var totals = new DeltaTotals();
        foreach (var d in deltas) totals.Add(d);
        return totals.ToList();
    }
}

/// <summary>Deltas summed per rollup row as they stream by, so a rebuild or recount holds rows, not facts.</summary>
internal sealed class DeltaTotals
{
    private readonly Dictionary<(string, string, DateOnly, string, long), (long N, double Total)> _sums = [];

    public void Add(DailyDelta d)
    {
        var s = _sums.GetValueOrDefault(d.Key);
        _sums[d.Key] = (s.N + d.N, s.Total + d.Total);
    }

    public List<DailyDelta> ToList() => _sums.Where(s => s.Value.N != 0 || Math.Abs(s.Value.Total) > 1e-9)
        .Select(s => new DailyDelta(s.Key.Item1, s.Key.Item2, s.Key.Item3, s.Key.Item4, s.Key.Item5, s.Value.N, s.Value.Total))
        .ToList();
}
