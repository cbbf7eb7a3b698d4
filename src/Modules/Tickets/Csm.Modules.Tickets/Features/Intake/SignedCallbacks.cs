using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Csm.Modules.Tickets.Features.Intake;

/// <summary>
/// What every signed callback (WeChat, WeCom, the mail webhook) checks the same way: a Unix timestamp no more than five
/// minutes from the clock, and a signature compared in constant time (lower-case hex, as each scheme sends it).
/// </summary>
internal static class SignedCallbacks
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>How far the timestamp is from now; null when it is not Unix seconds a date can hold.</summary>
    public static TimeSpan? Age(string? stamp, TimeProvider clock) =>
        long.TryParse(stamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            ? (clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration()
            : null;

    public static bool Fresh(string? stamp, TimeProvider clock) => Age(stamp, clock) <= Tolerance;

    public static bool SameSignature(string expected, string? given) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(given.Trim().ToLowerInvariant()));
}
