namespace Csm.Testing;

/// <summary>A clock the test moves by hand. Starts at a fixed Monday morning (Beijing time) unless told otherwise.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start.ToUniversalTime();

    public TestClock() : this(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8))) { }

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;

    public void Set(DateTimeOffset to) => _now = to.ToUniversalTime();
}
