namespace Csm.BuildingBlocks.Data;

/// <summary>Wakes the outbox dispatcher right after a commit that wrote events, instead of waiting for its next poll.</summary>
public sealed class OutboxSignal : WakeUp;

/// <summary>Wakes the outbound sender right after a commit that queued messages.</summary>
public sealed class OutboundSignal : WakeUp;

/// <summary>A wake-up call that is remembered once until the sleeper takes it.</summary>
public abstract class WakeUp
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try { _signal.Release(); } catch (SemaphoreFullException) { }
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}
