using Microsoft.Extensions.Time.Testing;

namespace Csm.Testing;

/// <summary>Test clocks: a FakeTimeProvider that the test moves by hand, always in UTC (it keeps the offset it is given).</summary>
public static class Clocks
{
    /// <summary>Where a fixture's clock starts unless told otherwise: a Monday morning, Beijing time.</summary>
    public static readonly DateTimeOffset MondayMorning = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    public static FakeTimeProvider At(DateTimeOffset now) => new(now.ToUniversalTime());
}
