namespace Csm.Modules.Reports.Reporting;

/// <summary>An industry or target line a manager sets, drawn beside a report's figure (e.g. NPS "industry" = 32).</summary>
internal sealed record BenchmarkLine(string Metric, string Label, double Value);

internal static class BenchmarkLines
{
    public static async Task<IReadOnlyList<BenchmarkLine>> ForAsync(DbSession session, IReadOnlyCollection<string> metrics, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        return (await c.QueryAsync<BenchmarkLine>(
            "SELECT metric AS Metric, label AS Label, value AS Value FROM rpt_benchmarks WHERE metric IN @Metrics ORDER BY metric, label",
            new { Metrics = metrics })).ToList();
    }
}
