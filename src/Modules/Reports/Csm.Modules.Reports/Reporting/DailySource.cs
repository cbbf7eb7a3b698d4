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

    public async Task<IReadOnlyList<DailyRow>> ReadAsync(
        string dimension, IReadOnlyCollection<string> measures, string? measurePrefix, DateOnly from, DateOnly to, TimeZoneInfo zone, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        if (UsesRollups(zone))
        {
            return (await c.QueryAsync<DailyRow>("""
                SELECT day AS Day, dim_value AS Value, measure AS Measure, bucket AS Bucket, n AS N, total AS Total FROM rpt_daily
                WHERE dimension = @Dimension AND (measure IN @Measures OR (@Prefix IS NOT NULL AND measure LIKE @Prefix))
                  AND day >= @From AND day <= @To AND n <> 0
                """, new { Dimension = dimension, Measures = measures, Prefix = measurePrefix is null ? null : measurePrefix + "%", From = from, To = to })).ToList();
        }
        return await RecountAsync(dimension, measures, measurePrefix, from, to, zone, ct);
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
