using System.Threading.RateLimiting;
using Csm.BuildingBlocks.Data;
using Dapper;

namespace Csm.Host;

/// <summary>
/// A fixed one-minute window per policy and client address counted in the database (sys_rate_counters) on a server
/// engine, so every host behind the load balancer adds to the same count: 30 survey answers a minute from one address
/// means 30, not 30 per host. On SQLite (one host) the ASP.NET Core limiter counts in memory instead.
/// </summary>
internal sealed class SharedWindowLimiter(IServiceScopeFactory scopes, TimeProvider clock, string key, int permitLimit, TimeSpan window) : RateLimiter
{
    private long _lastUsed = Environment.TickCount64;

    public override TimeSpan? IdleDuration => TimeSpan.FromMilliseconds(Environment.TickCount64 - Interlocked.Read(ref _lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    // The count is in the database: the middleware's synchronous attempt is always passed to the asynchronous one.
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Lease.Refused(null);

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken ct)
    {
        Interlocked.Exchange(ref _lastUsed, Environment.TickCount64);
        var now = clock.GetUtcNow();
        var start = new DateTimeOffset(now.UtcTicks - now.UtcTicks % window.Ticks, TimeSpan.Zero);
        var count = await scopes.WriteAsync(async (session, c, tx) =>
        {
            var n = await c.ExecuteScalarAsync<long>(
                session.Dialect.Increment("sys_rate_counters", "policy_key, window_start", "@Key, @Start", "n"), new { Key = key, Start = start }, tx);
            // The first request of a window clears this key's earlier windows; now and then, everybody's.
            if (n == 1)
                await c.ExecuteAsync(Random.Shared.Next(100) == 0
                    ? "DELETE FROM sys_rate_counters WHERE window_start < @Start"
                    : "DELETE FROM sys_rate_counters WHERE policy_key = @Key AND window_start < @Start", new { Key = key, Start = start }, tx);
            return n;
        }, ct);
        return count <= permitLimit ? Lease.Granted : Lease.Refused(start + window - now);
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);
        public static Lease Refused(TimeSpan? retryAfter) => new(false, retryAfter);

        public override bool IsAcquired => acquired;
        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
