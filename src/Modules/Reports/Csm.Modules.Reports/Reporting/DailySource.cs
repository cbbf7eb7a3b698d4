using Csm.Modules.Reports.Rollups;

namespace Csm.Modules.Reports.Reporting;

/// <summary>A rollup row as reports read it.</summary>
internal sealed record DailyRow
{
    public DateOnly Day { get; init; }
    public string Value { get; init; } = "";
    public string Measure { get; init; } = "";
    public long Bucket { get; init; }
    public long N { get; init; }
    public double Total { get; init; }
}

/// <summary>
/// Where reports get their numbers: the daily rollups when the asked time zone is the one they are kept in; otherwise
/// the facts of the range are recounted into that zone's days by the same contribution rules (slower, but exact).
/// </summary>
internal sealed class DailySource(DbSession session, ReportingZone reporting)
{
    public bool UsesRollups(TimeZoneInfo zone) => zone.Id == reporting.Zone.Id;

    /// <param name="ranges">
    /// Every range the report will sum (its periods, total, previous period). Given, the rollups are read as week and month
    /// tiles that fit between those boundaries (<see cref="Tiles"/>): a row's Day is then its tile's first day, and a range
    /// sums the rows whose Day falls in it, as with days. Without, one row per day.
    /// </param>
    public async Task<IReadOnlyList<DailyRow>> ReadAsync(
        string dimension, IReadOnlyCollection<string> measures, string? measurePrefix, DateOnly from, DateOnly to, TimeZoneInfo zone, CancellationToken ct,
        IEnumerable<(DateOnly Start, DateOnly End)>? ranges = null)
    {
        if (!UsesRollups(zone)) return await RecountAsync(dimension, measures, measurePrefix, from, to, zone, ct);
        var c = await session.ConnectionAsync(ct);
        List<(string Grain, DateOnly First, DateOnly Last)> runs = ranges is null ? [(Tiles.Day, from, to)] : Tiles.Runs(Tiles.Cover(from, to, ranges));
        // The measure condition is written so the primary key's (dimension, measure, day…) order can be used: an IN list,
        // and a prefix as a text range (LIKE or an "@Prefix IS NULL OR" would make SQLite read every measure of the dimension).
        var args = new DynamicParameters(new { Dimension = dimension, Measures = measures, Low = measurePrefix, High = measurePrefix is null ? null : measurePrefix[..^1] + (char)(measurePrefix[^1] + 1) });
        var measureIs = (measures.Count > 0, measurePrefix is not null) switch
        {
            (true, true) => "(measure IN @Measures OR (measure >= @Low AND measure < @High))",
            (false, true) => "measure >= @Low AND measure < @High",
            _ => "measure IN @Measures",
        };
        const string what = "dim_value AS Value, measure AS Measure, bucket AS Bucket, n AS N, total AS Total";
        var which = $"dimension = @Dimension AND {measureIs} AND n <> 0";
        // One index range per run of same-grain tiles: a year by month is one read of twelve month rows per group and bucket.
        var selects = runs.Select((run, i) =>
        {
            args.Add($"A{i}", run.First);
            args.Add($"B{i}", run.Last);
            return run.Grain == Tiles.Day
                ? $"SELECT day AS Day, {what} FROM rpt_daily WHERE {which} AND day >= @A{i} AND day <= @B{i}"
                : $"SELECT start_day AS Day, {what} FROM rpt_period WHERE {which} AND grain = '{run.Grain}' AND start_day >= @A{i} AND start_day <= @B{i}";
        });
        return (await c.QueryAsync<DailyRow>(string.Join("\nUNION ALL\n", selects), args)).ToList();
    }

    /// <summary>Recounts the facts of the range: the path for other time zones, and the baseline the benchmark compares rollups with.</summary>
    public async Task<IReadOnlyList<DailyRow>> RecountAsync(
        string dimension, IReadOnlyCollection<string> measures, string? measurePrefix, DateOnly from, DateOnly to, TimeZoneInfo zone, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        var window = new { From = ReportingZone.StartOf(from, zone), To = ReportingZone.StartOf(to.AddDays(1), zone) };
        var totals = new DeltaTotals();
        void Keep(DailyDelta d)
        {
            if (d.Dimension == dimension && d.Day >= from && d.Day <= to
                && (measures.Contains(d.Measure) || (measurePrefix is not null && d.Measure.StartsWith(measurePrefix, StringComparison.Ordinal))))
                totals.Add(d);
        }
        if (measures.Any(m => !IsTicketMeasure(m)) || measurePrefix is not null)
        {
            await foreach (var r in c.QueryUnbufferedAsync<ResponseFact>(ResponseFact.Select + " WHERE r.responded_at >= @From AND r.responded_at < @To", window))
            {
                foreach (var d in Contribution.Of(r, zone)) Keep(d);
            }
        }
        if (measures.Any(IsTicketMeasure))
        {
            await foreach (var t in c.QueryUnbufferedAsync<TicketFact>(TicketFact.Select + """
                 WHERE created_at < @To AND (created_at >= @From OR resolved_at >= @From OR first_responded_at >= @From OR first_breached_at >= @From)
                """, window))
            {
                foreach (var d in Contribution.Of(t, zone)) Keep(d);
            }
        }
        return totals.ToList()
            .Select(d => new DailyRow { Day = d.Day, Value = d.Value, Measure = d.Measure, Bucket = d.Bucket, N = d.N, Total = d.Total })
            .ToList();
    }

    private static bool IsTicketMeasure(string measure) => measure is Measures.Created or Measures.ResolvedOfCreated or Measures.Resolved
        or Measures.FirstContact or Measures.FirstResponse or Measures.Resolution or Measures.SlaMet or Measures.Reopened or Measures.Escalated;
}
