using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Dapper;
using Microsoft.AspNetCore.RateLimiting;

namespace Csm.Host.Auth;

/// <summary>
/// Requests per client address (the real one behind a named proxy) and minute for the endpoints that name a policy
/// (<c>RequireRateLimiting</c>: sign-in, the public survey, web-form and portal endpoints); one more is refused with 429,
/// a problem and Retry-After. On one host the counts are kept in memory (<see cref="MinuteCounts"/>); when several hosts
/// may share the clients (a server engine) in the database, so that 30 a minute means 30 whichever host is reached
/// (<see cref="SharedMinutes"/>).
/// </summary>
/// <remarks>
/// Not ASP.NET Core's rate limiter: its partitioned limiter keeps a limiter per address and visits every address seen in
/// the last 10 s ten times a second under one lock. Under the web-form benchmark (a new address per request, as
/// respondents' phones) that took 13 % of the host's CPU.
/// </remarks>
internal sealed class AddressLimits(RequestDelegate next, IConfiguration configuration, TimeProvider clock)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, MinuteCounts> _policies = new()
    {
        [RateLimits.Login] = new(configuration.GetValue("RateLimits:LoginPerMinute", 20)),
        [RateLimits.Public] = new(configuration.GetValue("RateLimits:PublicPerMinute", 30)),
        [RateLimits.PortalLinks] = new(configuration.GetValue("RateLimits:PortalLinksPerMinute", 10)),
    };

    private readonly bool _shared = DatabaseSettings.SharedByHosts(configuration);

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName is not { } name)
        {
            await next(context);
            return;
        }
        if (!_policies.TryGetValue(name, out var counts)) throw new InvalidOperationException($"No rate limit is defined for the policy '{name}'.");
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var now = clock.GetUtcNow();
        var wait = _shared
            ? await context.RequestServices.GetRequiredService<SharedMinutes>().TakeAsync($"{name}:{address}", counts.Limit, now, context.RequestAborted)
            : counts.Take(address, now);
        if (wait is null)
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.Value.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = 429, Title = "Too many requests", Detail = "Slow down and retry in a minute." },
        });
    }

    /// <summary>The first second of the minute <paramref name="now"/> is in, in ticks: every host and address counts the same minutes.</summary>
    internal static long MinuteOf(DateTimeOffset now) => now.UtcTicks - now.UtcTicks % Minute.Ticks;

    internal static TimeSpan UntilNextMinute(long start, DateTimeOffset now) => TimeSpan.FromTicks(start + Minute.Ticks - now.UtcTicks);
}

/// <summary>
/// One policy's counts of the current minute, per address, in memory. The minute's counts are one dictionary, replaced
/// whole when the minute turns: an address costs nothing once its minute is over, however many there were.
/// </summary>
internal sealed class MinuteCounts(int limit)
{
    private sealed record Window(long Start, ConcurrentDictionary<string, StrongBox<int>> Counts);

    private Window _current = new(long.MinValue, new());

    public int Limit => limit;

    /// <summary>Counts one request from <paramref name="address"/>: null when it may go on, else how long until it may.</summary>
    public TimeSpan? Take(string address, DateTimeOffset now)
    {
        var start = AddressLimits.MinuteOf(now);
        var window = Volatile.Read(ref _current);
        if (window.Start < start)
        {
            var fresh = new Window(start, new());
            var seen = Interlocked.CompareExchange(ref _current, fresh, window);
            window = ReferenceEquals(seen, window) ? fresh : seen;
        }
        var count = Interlocked.Increment(ref window.Counts.GetOrAdd(address, static _ => new StrongBox<int>()).Value);
        return count <= limit ? null : AddressLimits.UntilNextMinute(window.Start, now);
    }
}

/// <summary>
/// The counts in the database (sys_rate_counters) on a server engine, so every host behind the load balancer adds to the
/// same count.
/// </summary>
internal sealed class SharedMinutes(Db db)
{
    /// <summary>Counts one request under <paramref name="key"/> (policy and address): null when it may go on, else how long until it may.</summary>
    public async Task<TimeSpan?> TakeAsync(string key, int limit, DateTimeOffset now, CancellationToken ct)
    {
        var start = new DateTimeOffset(AddressLimits.MinuteOf(now), TimeSpan.Zero);
        // One statement on its own (no transaction to begin and commit): the count is all a public request waits for.
        // Now and then the first request of a minute clears everybody's earlier minutes.
        await using var c = await db.OpenAsync(ct);
        var n = await c.ExecuteScalarAsync<long>(db.Dialect.Increment("sys_rate_counters", "policy_key, window_start", "@Key, @Start", "n"), new { Key = key, Start = start });
        if (n == 1 && Random.Shared.Next(100) == 0)
            await c.ExecuteAsync("DELETE FROM sys_rate_counters WHERE window_start < @Start", new { Start = start });
        return n <= limit ? null : AddressLimits.UntilNextMinute(start.UtcTicks, now);
    }
}
