using System.Diagnostics;

namespace Csm.Modules.Rules.Evaluation;

/// <summary>Where a run's time went, phase by phase: the benchmark prints it, so a slow phase is named, not guessed.</summary>
internal sealed class RunPhases
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public List<(string Phase, TimeSpan Elapsed)> Items { get; } = [];

    /// <summary>Ends the current phase under <paramref name="phase"/> and starts the next.</summary>
    public void Lap(string phase)
    {
        Items.Add((phase, _watch.Elapsed));
        _watch.Restart();
    }

    public override string ToString() => string.Join(", ", Items.Select(i => $"{i.Phase} {i.Elapsed.TotalMilliseconds:0}"));
}
