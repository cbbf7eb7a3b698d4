using Csm.BuildingBlocks.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Csm.BuildingBlocks.Messaging;

/// <summary>Drains the outbox when a commit signals it, and on a poll for retries and other hosts' events.</summary>
internal sealed class OutboxWorker(OutboxDispatcher dispatcher, OutboxSignal signal, IOptions<OutboxOptions> options, ILogger<OutboxWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.AutoDispatch) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await dispatcher.DrainAsync(stoppingToken);
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "The outbox dispatcher failed; retrying shortly");
                await Task.Delay(options.Value.PollInterval, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
            }
        }
    }
}
