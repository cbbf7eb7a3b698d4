using System.Data.Common;
using Dapper;

namespace Csm.Modules.Surveys.Invitations;

/// <summary>Quiet days and a cap per period for one tier ("*" is the default for tiers without their own).</summary>
internal sealed record FatiguePolicy
{
    public const string AnyTier = "*";
    public string Tier { get; init; } = AnyTier;
    public long QuietDays { get; init; }
    public long CapCount { get; init; }
    public long CapDays { get; init; }
}

/// <summary>
/// Nobody is asked twice inside their quiet period, across every survey and channel, nor more than the cap
/// per period. Loads the recent invitations of a whole batch of customers at once and keeps counting as
/// the batch issues more.
/// </summary>
internal sealed class Fatigue
{
    private const int Chunk = 500;
    private readonly IReadOnlyDictionary<string, FatiguePolicy> _policies;
    private readonly Dictionary<long, List<DateTimeOffset>> _recent;

    private Fatigue(IReadOnlyDictionary<string, FatiguePolicy> policies, Dictionary<long, List<DateTimeOffset>> recent)
    {
        _policies = policies;
        _recent = recent;
    }

    public static async Task<IReadOnlyList<FatiguePolicy>> PoliciesAsync(DbConnection c, DbTransaction? tx) =>
        (await c.QueryAsync<FatiguePolicy>(
            "SELECT tier, quiet_days AS QuietDays, cap_count AS CapCount, cap_days AS CapDays FROM srv_fatigue_policies ORDER BY tier",
            transaction: tx)).ToList();

    public static async Task<Fatigue> LoadAsync(DbConnection c, DbTransaction tx, IEnumerable<long> customerIds, DateTimeOffset at)
    {
        var policies = (await PoliciesAsync(c, tx)).ToDictionary(p => p.Tier, StringComparer.OrdinalIgnoreCase);
        var window = policies.Values.Max(p => Math.Max(p.QuietDays, p.CapDays));
        var recent = new Dictionary<long, List<DateTimeOffset>>();
        foreach (var chunk in customerIds.Distinct().Chunk(Chunk))
        {
            var rows = await c.QueryAsync<(long CustomerId, DateTimeOffset SendAt)>(
                """
                SELECT customer_id, send_at FROM srv_invitations
                WHERE customer_id IN @Ids AND status <> 'suppressed' AND send_at > @Since
                """, new { Ids = chunk, Since = at.AddDays(-window) }, tx);
            foreach (var (customerId, sendAt) in rows) Add(recent, customerId, sendAt);
        }
        return new Fatigue(policies, recent);
    }

    /// <summary>Why this customer must not be asked at <paramref name="at"/>, or null when they may be.</summary>
    public string? Reason(long customerId, string? tier, DateTimeOffset at)
    {
        if (!_recent.TryGetValue(customerId, out var times)) return null;
        var policy = (tier is null ? null : _policies.GetValueOrDefault(tier)) ?? _policies[FatiguePolicy.AnyTier];
        var quietSince = at.AddDays(-policy.QuietDays);
        var last = times.Where(t => t > quietSince).DefaultIfEmpty().Max();
        if (last != default)
            return $"quiet period: already surveyed for {last:yyyy-MM-dd HH:mm} UTC; {policy.QuietDays}-day quiet period";
        var inCap = times.Count(t => t > at.AddDays(-policy.CapDays));
        return inCap >= policy.CapCount ? $"cap: {inCap} surveys in the last {policy.CapDays} days (at most {policy.CapCount})" : null;
    }

    public void Record(long customerId, DateTimeOffset at) => Add(_recent, customerId, at);

    private static void Add(Dictionary<long, List<DateTimeOffset>> recent, long customerId, DateTimeOffset at)
    {
        if (!recent.TryGetValue(customerId, out var list)) recent[customerId] = list = [];
        list.Add(at);
    }
}
