using Csm.BuildingBlocks.Data;
using Dapper;

namespace Csm.Host.Auth;

/// <summary>
/// Slows down and then locks sign-ins to one user name that keep failing, whatever addresses they come from (the
/// per-address limit does not stop many addresses trying one account). After SignIn:SlowDownAfter failures (3) the
/// next try must wait 1 s, then 2 s, 4 s … up to SignIn:MaxPause (1 min); after SignIn:LockAfter failures (10) the
/// name is locked for SignIn:LockFor (15 min), even for the right password. A quiet SignIn:FailureWindow (15 min)
/// forgives the count, and a successful sign-in clears it. Failures are counted per name typed, so a name that
/// exists and one that does not answer exactly alike. Kept in the database, so every host counts the same tries.
/// </summary>
internal sealed class SignInThrottle(Db db, IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration)
{
    private sealed class Failures
    {
        public long Count { get; init; }
        public DateTimeOffset LastFailedAt { get; init; }
    }

    /// <summary>Whether the name has failures on record, and when a try may be made again (null: now).</summary>
    public sealed record Standing(bool HasFailures, DateTimeOffset? NotBefore);

    private int SlowDownAfter => configuration.GetValue("SignIn:SlowDownAfter", 3);
    private int LockAfter => configuration.GetValue("SignIn:LockAfter", 10);
    private TimeSpan LockFor => configuration.GetValue("SignIn:LockFor", TimeSpan.FromMinutes(15));
    private TimeSpan Window => configuration.GetValue("SignIn:FailureWindow", TimeSpan.FromMinutes(15));
    private TimeSpan MaxPause => configuration.GetValue("SignIn:MaxPause", TimeSpan.FromMinutes(1));

    /// <summary>The name as it is counted: what was typed, trimmed and in lower case (user names ignore case).</summary>
    private static string Key(string userName)
    {
        var key = userName.Trim().ToLowerInvariant();
        return key.Length <= 200 ? key : key[..200];
    }

    private const string Select = "SELECT failures AS Count, last_failed_at AS LastFailedAt FROM sys_sign_in_failures WHERE user_name = @Name";

    public async Task<Standing> StandingAsync(string userName, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var failures = await connection.QuerySingleOrDefaultAsync<Failures>(Select, new { Name = Key(userName) });
        if (failures is null) return new Standing(false, null);
        var next = NextTry(failures);
        return new Standing(true, next > clock.GetUtcNow() ? next : null);
    }

    private DateTimeOffset? NextTry(Failures f)
    {
        if (f.Count >= LockAfter) return f.LastFailedAt + LockFor;
        if (f.Count < SlowDownAfter) return null;
        var pause = TimeSpan.FromSeconds(Math.Pow(2, Math.Min(f.Count - SlowDownAfter, 20L)));
        return f.LastFailedAt + (pause < MaxPause ? pause : MaxPause);
    }

    public Task FailedAsync(string userName, CancellationToken ct) => scopes.WriteAsync(async (_, c, tx) =>
    {
        var name = Key(userName);
        var now = clock.GetUtcNow();
        var before = await c.QuerySingleOrDefaultAsync<Failures>(Select, new { Name = name }, tx);
        // A lock that has run out, or a quiet spell, starts the count again.
        var forgiven = before is null || now - before.LastFailedAt > Window || (before.Count >= LockAfter && now >= NextTry(before));
        var sql = before is null
            ? "INSERT INTO sys_sign_in_failures (user_name, failures, last_failed_at) VALUES (@Name, @Count, @Now)"
            : "UPDATE sys_sign_in_failures SET failures = @Count, last_failed_at = @Now WHERE user_name = @Name";
        return await c.ExecuteAsync(sql, new { Name = name, Count = forgiven ? 1 : before!.Count + 1L, Now = now }, tx);
    }, ct);

    public Task SucceededAsync(string userName, CancellationToken ct) => scopes.WriteAsync(
        (_, c, tx) => c.ExecuteAsync("DELETE FROM sys_sign_in_failures WHERE user_name = @Name", new { Name = Key(userName) }, tx), ct);
}
