namespace Csm.Modules.Reports.Reporting;

/// <summary>One group's rollup rows by day, so each period sums only its own days.</summary>
internal sealed class DayIndex(IEnumerable<DailyRow> rows)
{
    private readonly Dictionary<DateOnly, List<DailyRow>> _byDay = rows.GroupBy(r => r.Day).ToDictionary(g => g.Key, g => g.ToList());

    public IEnumerable<DailyRow> Between(DateOnly from, DateOnly to)
    {
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            if (!_byDay.TryGetValue(day, out var rows)) continue;
            foreach (var row in rows) yield return row;
        }
    }

    /// <summary>The rows of each dimension value, the busiest value first; "all" alone when nothing was grouped.</summary>
    public static IReadOnlyList<(string Value, DayIndex Days)> ByValue(IReadOnlyList<DailyRow> rows, DateOnly from, DateOnly to, string groupBy)
    {
        var groups = rows.GroupBy(r => r.Value)
            .Select(g => (Value: g.Key, Weight: g.Where(r => r.Day >= from && r.Day <= to).Sum(r => r.N), Days: new DayIndex(g)))
            .Where(g => g.Weight > 0 || g.Value == Rollups.Measures.All)
            .OrderByDescending(g => g.Weight).ThenBy(g => g.Value, StringComparer.Ordinal)
            .Select(g => (g.Value, g.Days))
            .ToList();
        if (groupBy == Rollups.Measures.All && groups.Count == 0) groups.Add((Rollups.Measures.All, new DayIndex([])));
        return groups;
    }
}
