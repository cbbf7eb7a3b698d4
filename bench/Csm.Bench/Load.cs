using System.Diagnostics;

namespace Csm.Bench;

internal sealed record LoadResult(string Name, int Clients, long Requests, long Failures, double Seconds, double P50Ms, double P99Ms)
{
    public double PerSecond => Requests / Seconds;

    public override string ToString() =>
        $"{Name,-34} {Clients,3} clients  {PerSecond,9:N0} req/s  p50 {P50Ms,7:N2} ms  p99 {P99Ms,7:N2} ms  ({Requests:N0} requests, {Failures} failed)";
}

/// <summary>A closed-loop load: N clients each send the next request as soon as the last one answers.</summary>
internal static class Load
{
    public static Task<LoadResult> RunAsync(string name, HttpClient client, int clients, TimeSpan warmUp, TimeSpan duration, Func<int, string> url) =>
        RunAsync(name, clients, warmUp, duration, r => client.GetAsync(url(r), HttpCompletionOption.ResponseContentRead));

    public static async Task<LoadResult> RunAsync(string name, int clients, TimeSpan warmUp, TimeSpan duration, Func<int, Task<HttpResponseMessage>> send)
    {
        var stop = DateTime.UtcNow + warmUp + duration;
        var measureFrom = DateTime.UtcNow + warmUp;
        var latencies = new List<double>[clients];
        var failures = new long[clients];
        var tasks = Enumerable.Range(0, clients).Select(async c =>
        {
            var mine = latencies[c] = new List<double>(100_000);
            var random = new Random(c);
            while (DateTime.UtcNow < stop)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await send(random.Next());
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (DateTime.UtcNow < measureFrom) continue;
                if (!response.IsSuccessStatusCode) failures[c]++;
                mine.Add(ms);
            }
        }).ToList();
        await Task.WhenAll(tasks);
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(name, clients, all.Length, failures.Sum(), duration.TotalSeconds,
            Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(p * sorted.Length))];
}
