using Csm.BuildingBlocks.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Csm.BuildingBlocks.Messaging;

/// <summary>
/// A background loop that does its work, then sleeps until a commit wakes it or its poll interval passes (for retries
/// and other hosts' rows). A failure is logged and tried again after the interval.
/// </summary>
public abstract class WakeUpLoop(WakeUp signal, ILogger logger) : BackgroundService
{
    protected abstract bool Enabled { get; }
    protected abstract TimeSpan PollInterval { get; }
    protected abstract Task RunOnceAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
                await signal.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "{Loop} failed; retrying shortly", GetType().Name);
                await Task.Delay(PollInterval, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
            }
        }
    }
}

/// <summary>Drains the outbox when a commit signals it, and on a poll for retries and other hosts' events.</summary>
internal sealed class OutboxWorker(OutboxDispatcher dispatcher, OutboxSignal signal, IOptions<OutboxOptions> options, ILogger<OutboxWorker> logger)
    : WakeUpLoop(signal, logger)
{
    protected override bool Enabled => options.Value.AutoDispatch;
    protected override TimeSpan PollInterval => options.Value.PollInterval;
    protected override Task RunOnceAsync(CancellationToken ct) => dispatcher.DrainAsync(ct);
}
