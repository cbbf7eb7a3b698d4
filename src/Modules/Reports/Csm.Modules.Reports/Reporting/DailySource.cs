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

/// <summary>A group's answers per score (index 0–10) within one tile or day.</summary>
internal sealed record ScoreTile(DateOnly Day, string Value, long[] Counts)
{
    public const int Scores = 11;
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
        // Column order is what RowsAsync reads: day, value, measure, bucket, n, total.
        const string what = "dim_value AS Value, measure AS Measure, bucket AS Bucket, n AS N, total AS Total";
        var sql = Union(runs, args, measureIs, (day, rows) => $"SELECT {day} AS Day, {what} FROM {rows}");
        return await RowsAsync(c, sql, args, ct);
    }

    /// <summary>
    /// Answers per score (0–10) for each tile and group value of one satisfaction measure, summed by the database: one row
    /// per tile and group instead of one per score, which is what a satisfaction figure needs and all it needs.
    /// </summary>
    /// <param name="ranges">As for <see cref="ReadAsync"/>: every range the report will sum.</param>
    public async Task<IReadOnlyList<ScoreTile>> ReadScoresAsync(
        string dimension, string measure, DateOnly from, DateOnly to, TimeZoneInfo zone, IEnumerable<(DateOnly Start, DateOnly End)> ranges, CancellationToken ct)
    {
        if (!UsesRollups(zone))
        {
            return (await RecountAsync(dimension, [measure], null, from, to, zone, ct)).GroupBy(r => (r.Day, r.Value)).Select(g =>
            {
                var counts = new long[ScoreTile.Scores];
                foreach (var r in g.Where(r => r.Bucket is >= 0 and < ScoreTile.Scores)) counts[r.Bucket] += r.N;
                return new ScoreTile(g.Key.Day, g.Key.Value, counts);
            }).ToList();
        }
        var c = await session.ConnectionAsync(ct);
        var args = new DynamicParameters(new { Dimension = dimension, Measure = measure });
        var perScore = string.Join(", ", Enumerable.Range(0, ScoreTile.Scores).Select(s => $"SUM(CASE WHEN bucket = {s} THEN n ELSE 0 END) AS S{s}"));
        // Grouped in the primary key's own order (tile, group value, score), so the sums stream out of the index range.
        var sql = Union(Tiles.Runs(Tiles.Cover(from, to, ranges)), args, "measure = @Measure",
            (day, rows) => $"SELECT {day} AS Day, dim_value AS Value, {perScore} FROM {rows} GROUP BY {day}, dim_value");
        var tiles = new List<ScoreTile>();
        await using var reader = await c.ExecuteReaderAsync(sql, args);
        while (await reader.ReadAsync(ct))
        {
            var counts = new long[ScoreTile.Scores];
            for (var s = 0; s < counts.Length; s++) counts[s] = reader.GetInt64(2 + s);
            tiles.Add(new ScoreTile(Day(reader.GetValue(0)), reader.GetString(1), counts));
        }
        return tiles;
    }

    /// <summary>One index range per run of same-grain tiles: a year by month is one read of twelve month rows per group and bucket.</summary>
    /// <param name="select">Given the day column and "table WHERE …" for one run, the SELECT over it.</param>
    private static string Union(
        IEnumerable<(string Grain, DateOnly First, DateOnly Last)> runs, DynamicParameters args, string measureIs, Func<string, string, string> select) =>
        string.Join("\nUNION ALL\n", runs.Select((run, i) =>
        {
            args.Add($"A{i}", run.First);
            args.Add($"B{i}", run.Last);
            var (day, table) = run.Grain == Tiles.Day ? ("day", "rpt_daily") : ("start_day", "rpt_period");
            var grain = run.Grain == Tiles.Day ? "" : $" AND grain = '{run.Grain}'";
            return select(day, $"{table} WHERE dimension = @Dimension AND {measureIs} AND n <> 0{grain} AND {day} >= @A{i} AND {day} <= @B{i}");
        }));

    private static DateOnly Day(object value) => value switch
    {
        DateOnly d => d,
        DateTime d => DateOnly.FromDateTime(d),
        _ => DateOnly.ParseExact((string)value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// Reads rollup rows straight off the data reader: a year by week and agent is some ten thousand rows, and mapping each
    /// through Dapper's type handlers cost more than the query itself.
    /// </summary>
    private static async Task<List<DailyRow>> RowsAsync(System.Data.Common.DbConnection c, string sql, DynamicParameters args, CancellationToken ct)
    {
        var rows = new List<DailyRow>();
        await using var reader = await c.ExecuteReaderAsync(sql, args);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new DailyRow
            {
                Day = Day(reader.GetValue(0)),
                Value = reader.GetString(1), Measure = reader.GetString(2), Bucket = reader.GetInt64(3), N = reader.GetInt64(4), Total = reader.GetDouble(5),
            });
        }
        return rows;
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

    /// <summary>
    /// Ticket measures grouped by a label (a tag, or a field's value): recounted from the ticket facts, a ticket counting in
    /// every group its labels put it in. Labels change, so no rollup keeps them.
    /// </summary>
    public async Task<IReadOnlyList<DailyRow>> RecountByLabelAsync(
        string dimension, IReadOnlyCollection<string> measures, DateOnly from, DateOnly to, TimeZoneInfo zone, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        var window = new { From = ReportingZone.StartOf(from, zone), To = ReportingZone.StartOf(to.AddDays(1), zone), Dimension = dimension };
        var labels = (await c.QueryAsync<(long TicketId, string Value)>(
                """
                SELECT l.ticket_id, l.value FROM rpt_ticket_labels l JOIN rpt_tickets t ON t.ticket_id = l.ticket_id
                WHERE l.dimension = @Dimension AND t.created_at < @To
                  AND (t.created_at >= @From OR t.resolved_at >= @From OR t.first_responded_at >= @From OR t.first_breached_at >= @From)
                """, window))
            .ToLookup(l => l.TicketId, l => l.Value);
        var totals = new DeltaTotals();
        await foreach (var t in c.QueryUnbufferedAsync<TicketFact>(TicketFact.Select + """
             WHERE created_at < @To AND (created_at >= @From OR resolved_at >= @From OR first_responded_at >= @From OR first_breached_at >= @From)
            """, window))
        {
            var values = labels[t.TicketId].ToList();
            if (values.Count == 0) values = [Measures.NoValue];
            foreach (var d in Contribution.Of(t, zone))
            {
                if (d.Dimension != Measures.All || d.Day < from || d.Day > to || !measures.Contains(d.Measure)) continue;
                foreach (var value in values) totals.Add(d with { Dimension = dimension, Value = value });
            }
        }
        return totals.ToList()
            .Select(d => new DailyRow { Day = d.Day, Value = d.Value, Measure = d.Measure, Bucket = d.Bucket, N = d.N, Total = d.Total })
            .ToList();
    }

    private static bool IsTicketMeasure(string measure) => measure is Measures.Created or Measures.ResolvedOfCreated or Measures.Resolved
        or Measures.FirstContact or Measures.FirstResponse or Measures.Resolution or Measures.SlaMet or Measures.Reopened or Measures.Escalated;
}
