using Csm.BuildingBlocks.Modules;
using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Csm.Modules.Customers.Import;

/// <summary>A background import handed over by the endpoint: a CSV waiting in <see cref="File"/>, or the rows of a JSON file already read.</summary>
internal sealed record ImportJobWork(
    long Id, string? File, IReadOnlyList<ImportRow>? Rows, ICollection<string> CustomFieldKeys, ImportMapping? Mapping, string? Source, ImportOptions Options, string? StartedBy);

/// <summary>
/// Runs background imports on the host that took the file, each in batches of <see cref="ImportSettings.BatchRows"/>
/// rows: a batch and its progress (counts, refused rows) commit together, so a job stopped anywhere leaves whole batches
/// and counts that match them. A job is cancelled between batches (asked here or through the database by another host);
/// a host that stops marks its running jobs interrupted, and one that died is found by its stale heartbeat.
/// </summary>
internal sealed class ImportJobRunner(IServiceScopeFactory scopes, ImportSettings settings, TimeProvider clock, ILogger<ImportJobRunner> log)
    : BackgroundService, IAfterMigrations
{
    private readonly Channel<ImportJobWork> _queue = Channel.CreateUnbounded<ImportJobWork>();
    private readonly ConcurrentDictionary<long, CancellationTokenSource> _running = new();
    private readonly ConcurrentDictionary<long, Task> _tasks = new();

    public void Enqueue(ImportJobWork work) => _queue.Writer.TryWrite(work);

    /// <summary>Stops a job this host runs at once rather than at its next batch (the caller has already recorded the request).</summary>
    public void Cancel(long id)
    {
        if (_running.TryGetValue(id, out var cancel)) cancel.Cancel();
    }

    /// <summary>At start-up: jobs left running by a host that stopped without saying so are interrupted.</summary>
    public async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var interrupted = await scopes.WriteAsync((_, c, tx) => ImportJobs.InterruptStaleAsync(c, tx, now.AddSeconds(-settings.LeaseSeconds), now), ct);
        if (interrupted > 0) log.LogWarning("{Count} background imports were left running by a host that stopped; they are marked interrupted.", interrupted);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var work in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                var task = Task.Run(() => RunJobAsync(work, stoppingToken), CancellationToken.None);
                _tasks[work.Id] = task;
                _ = task.ContinueWith(_ => _tasks.TryRemove(work.Id, out var _), TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await Task.WhenAll(_tasks.Values);
        // Jobs handed over but never started: nothing of them was written.
        while (_queue.Reader.TryRead(out var left)) await EndAsync(left, ImportJobs.Interrupted, ImportJobs.HostStopped);
    }

    private async Task RunJobAsync(ImportJobWork work, CancellationToken stopping)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _running[work.Id] = cancel;
        try
        {
            var earlier = new Dictionary<ExternalId, int>();
            var batch = new List<ImportRow>(settings.BatchRows);
            await using var file = work.File is null ? null : new FileStream(work.File, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
            var rows = file is null ? Listed(work.Rows!) : ImportFile.StreamCsvAsync(file, work.CustomFieldKeys, work.Mapping, cancel.Token);
            var done = 0;
            await foreach (var row in rows.WithCancellation(cancel.Token))
            {
                batch.Add(row);
                if (batch.Count < settings.BatchRows) continue;
                done += batch.Count;
                if (await RunBatchAsync(work, batch, earlier, file?.Position ?? done, cancel.Token)) { cancel.Cancel(); break; }
                batch.Clear();
            }
            if (!cancel.IsCancellationRequested && batch.Count > 0) await RunBatchAsync(work, batch, earlier, file?.Position ?? done + batch.Count, cancel.Token);
            cancel.Token.ThrowIfCancellationRequested();
            await EndAsync(work, ImportJobs.Completed, null);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await EndAsync(work, ImportJobs.Interrupted, ImportJobs.HostStopped);
        }
        catch (OperationCanceledException)
        {
            await EndAsync(work, ImportJobs.Cancelled, "Cancelled on request. The batches before are written and counted; the rest of the file was not read.");
        }
        catch (ImportFileException e)
        {
            await EndAsync(work, ImportJobs.Failed, $"{e.Field}: {e.Message}");
        }
        catch (Exception e)
        {
            log.LogError(e, "Background import {Id} failed.", work.Id);
            await EndAsync(work, ImportJobs.Failed, "The import stopped on an unexpected error; the batches before are written. The host's log has the details.");
        }
        finally
        {
            _running.TryRemove(work.Id, out _);
            if (work.File is not null) File.Delete(work.File);
        }
    }

    /// <summary>One batch in one transaction with its progress; true when the job was asked (perhaps on another host) to stop.</summary>
    private async Task<bool> RunBatchAsync(ImportJobWork work, List<ImportRow> batch, Dictionary<ExternalId, int> earlier, long bytesRead, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var import = scope.ServiceProvider.GetRequiredService<CustomerImport>();
        var stop = false;
        var keys = new Dictionary<ExternalId, int>(earlier);
        await import.RunAsync(batch, work.Source, work.Options, ct, keys, async (c, tx, report) =>
            stop = await ImportJobs.RecordBatchAsync(c, tx, work.Id, report, bytesRead, clock.GetUtcNow()), work.StartedBy);
        // Keys of a batch that did not commit are not "earlier".
        foreach (var (key, row) in keys) earlier[key] = row;
        return stop;
    }

    private async Task EndAsync(ImportJobWork work, string state, string? reason)
    {
        try
        {
            await scopes.WriteAsync(async (_, c, tx) =>
            {
                await ImportJobs.FinishAsync(c, tx, work.Id, state, reason, clock.GetUtcNow());
                return 0;
            }, CancellationToken.None);
        }
        catch (Exception e)
        {
            log.LogError(e, "Background import {Id} could not be marked {State}.", work.Id, state);
        }
    }

    private static async IAsyncEnumerable<ImportRow> Listed(IReadOnlyList<ImportRow> rows)
    {
        foreach (var row in rows) yield return row;
        await Task.CompletedTask;
    }
}
