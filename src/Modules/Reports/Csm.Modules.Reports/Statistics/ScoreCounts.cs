namespace Csm.Modules.Reports.Statistics;

/// <summary>How many answers each score got: everything a satisfaction figure and its interval need.</summary>
internal sealed class ScoreCounts
{
    private readonly Dictionary<int, long> _counts = [];

    public long N => _counts.Values.Sum();

    public void Add(int score, long count)
    {
        if (count == 0) return;
        _counts[score] = _counts.GetValueOrDefault(score) + count;
    }

    public long Between(int low, int high) => _counts.Where(c => c.Key >= low && c.Key <= high).Sum(c => c.Value);

    public double Sum => _counts.Sum(c => (double)c.Key * c.Value);

    public double SumOfSquares => _counts.Sum(c => (double)c.Key * c.Key * c.Value);

    /// <summary>Every score of the scale with its count, zeros included, so a chart needs no gaps filled.</summary>
    public IReadOnlyDictionary<string, long> Distribution(int low, int high) =>
        Enumerable.Range(low, high - low + 1).ToDictionary(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture), s => _counts.GetValueOrDefault(s));
}
