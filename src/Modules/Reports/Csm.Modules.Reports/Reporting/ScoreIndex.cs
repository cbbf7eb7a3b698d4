using Csm.Modules.Reports.Statistics;

namespace Csm.Modules.Reports.Reporting;

/// <summary>One group's score tiles in day order, so each period sums only its own tiles.</summary>
internal sealed class ScoreIndex
{
    private readonly ScoreTile[] _tiles;
    private readonly DateOnly[] _days;

    private ScoreIndex(IEnumerable<ScoreTile> tiles)
    {
        _tiles = tiles.OrderBy(t => t.Day).ToArray();
        _days = _tiles.Select(t => t.Day).ToArray();
    }

    public static ScoreIndex Of(IEnumerable<ScoreTile> tiles) => new(tiles);

    public ScoreCounts Between(DateOnly from, DateOnly to)
    {
        var counts = new ScoreCounts();
        var first = Array.BinarySearch(_days, from);
        for (var i = first < 0 ? ~first : first; i < _tiles.Length && _days[i] <= to; i++)
        {
            var tile = _tiles[i].Counts;
            for (var score = 0; score < tile.Length; score++) counts.Add(score, tile[score]);
        }
        return counts;
    }

    /// <summary>The tiles of each group value, the busiest value first; "all" alone when nothing was grouped.</summary>
    public static IReadOnlyList<(string Value, ScoreIndex Scores)> ByValue(IReadOnlyList<ScoreTile> tiles, DateOnly from, DateOnly to, string groupBy)
    {
        var groups = tiles.GroupBy(t => t.Value)
            .Select(g => (Value: g.Key, Weight: g.Where(t => t.Day >= from && t.Day <= to).Sum(t => t.Counts.Sum()), Scores: new ScoreIndex(g)))
            .Where(g => g.Weight > 0 || g.Value == Rollups.Measures.All)
            .OrderByDescending(g => g.Weight).ThenBy(g => g.Value, StringComparer.Ordinal)
            .Select(g => (g.Value, g.Scores))
            .ToList();
        if (groupBy == Rollups.Measures.All && groups.Count == 0) groups.Add((Rollups.Measures.All, new ScoreIndex([])));
        return groups;
    }
}
