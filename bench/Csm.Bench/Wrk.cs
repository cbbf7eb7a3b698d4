using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Csm.Bench;

/// <summary>What wrk measured, and how many of its requests the server answered with a 2xx.</summary>
/// <param name="WarmUpSucceeded">The 2xx answers of the warm-up run before it (their rows are in the database too).</param>
internal sealed record WrkResult(LoadResult Load, long Succeeded, long WarmUpSucceeded = 0)
{
    public override string ToString() => Load.ToString();
}

/// <summary>
/// Load from outside, as a client would: Debian's wrk in its own process (2 threads, N connections, --latency), with a
/// Lua script when each request must differ (a fresh survey token, a fresh web-form writer). The figures are what wrk
/// prints: requests per second over the run, the 50th and 99th latency percentiles, and the non-2xx count.
/// </summary>
internal static partial class Wrk
{
    public static bool Installed => File.Exists("/usr/bin/wrk") || (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(':').Any(p => p.Length > 0 && File.Exists(Path.Combine(p, "wrk")));

    /// <summary>Runs wrk against <paramref name="url"/> for the duration (after a warm-up run of its own, with other script arguments).</summary>
    public static async Task<WrkResult> RunAsync(string name, string url, int connections, TimeSpan warmUp, TimeSpan duration,
        string? script = null, Func<bool, string[]>? arguments = null)
    {
        string? scriptFile = null;
        if (script is not null)
        {
            scriptFile = Path.Combine(Path.GetTempPath(), $"csm-wrk-{Guid.NewGuid():N}.lua");
            await File.WriteAllTextAsync(scriptFile, script);
        }
        try
        {
            var warm = warmUp > TimeSpan.Zero ? await RunOnceAsync(name, url, connections, warmUp, scriptFile, arguments?.Invoke(true)) : null;
            return await RunOnceAsync(name, url, connections, duration, scriptFile, arguments?.Invoke(false)) with { WarmUpSucceeded = warm?.Succeeded ?? 0 };
        }
        finally
        {
            if (scriptFile is not null) File.Delete(scriptFile);
        }
    }

    private static async Task<WrkResult> RunOnceAsync(string name, string url, int connections, TimeSpan duration, string? scriptFile, string[]? arguments)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-t2", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "--latency", "--timeout", "10s" }) start.ArgumentList.Add(a);
        if (scriptFile is not null) { start.ArgumentList.Add("-s"); start.ArgumentList.Add(scriptFile); }
        start.ArgumentList.Add(url);
        if (arguments is { Length: > 0 })
        {
            start.ArgumentList.Add("--");
            foreach (var a in arguments) start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"wrk failed ({process.ExitCode}): {error}{output}");
        return Parse(name, connections, duration, output);
    }

    internal static WrkResult Parse(string name, int connections, TimeSpan duration, string output)
    {
        var requests = long.Parse(RequestsLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var perSecond = double.Parse(PerSecondLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var failedMatch = NonSuccessLine().Match(output);
        var failed = failedMatch.Success ? long.Parse(failedMatch.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var errors = SocketErrors().Match(output);
        if (errors.Success) failed += errors.Groups.Cast<Group>().Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture));
        // The load's seconds are the ones wrk reports, so requests / seconds is wrk's own Requests/sec.
        var seconds = requests / perSecond;
        return new WrkResult(new LoadResult(name + " [wrk]", connections, requests, failed, seconds, Percentile(output, "50"), Percentile(output, "99")),
            requests - (failedMatch.Success ? long.Parse(failedMatch.Groups[1].Value, CultureInfo.InvariantCulture) : 0));
    }

    private static double Percentile(string output, string p)
    {
        var m = Regex.Match(output, $@"^\s*{p}%\s+([0-9.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        if (!m.Success) return double.NaN;
        var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch { "us" => value / 1000, "ms" => value, _ => value * 1000 };
    }

    [GeneratedRegex(@"^\s*(\d+) requests in", RegexOptions.Multiline)]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"^Requests/sec:\s+([0-9.]+)", RegexOptions.Multiline)]
    private static partial Regex PerSecondLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NonSuccessLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();

    /// <summary>
    /// A wrk script whose requests are all different: thread t of n sends request number offset + t + k·n (k = 0, 1, …),
    /// which <paramref name="requestBody"/> (Lua, with <c>i</c> the number) turns into a request. Script arguments: offset, n.
    /// </summary>
    public static string NumberedRequests(string requestBody) => $$"""
        local counter, offset, threads = 0, 0, 2
        local next_id = 0
        function setup(thread)
          thread:set("id", next_id)
          next_id = next_id + 1
        end
        function init(args)
          offset = tonumber(args[1]) or 0
          threads = tonumber(args[2]) or 2
        end
        function request()
          local i = offset + id + counter * threads
          counter = counter + 1
        {{requestBody}}
        end
        """;
}
