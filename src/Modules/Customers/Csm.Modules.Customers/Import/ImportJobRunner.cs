using System.Data.Common;
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
        var progress = new Progress(work.Id, clock.GetUtcNow());
        try
        {
            var earlier = new Dictionary<ExternalId, int>();
            await using var file = work.File is null ? null : new FileStream(work.File, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
            var rows = file is null ? Listed(work.Rows!) : ImportFile.StreamCsvAsync(file, work.CustomFieldKeys, work.Mapping, cancel.Token);
            using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(cancel.Token);
            var batches = Channel.CreateBounded<(List<ImportRow> Rows, long BytesRead)>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
            var reading = ReadAheadAsync(rows, file, batches.Writer, stopReading.Token);
            try
            {
                await foreach (var (batch, bytesRead) in batches.Reader.ReadAllAsync(cancel.Token))
                {
                    if (await RunBatchAsync(work, batch, earlier, progress, bytesRead, cancel.Token)) { cancel.Cancel(); break; }
                }
            }
            finally
            {
                await stopReading.CancelAsync();
                await reading;
            }
            cancel.Token.ThrowIfCancellationRequested();
            await EndAsync(work, ImportJobs.Completed, null, progress);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await EndAsync(work, ImportJobs.Interrupted, ImportJobs.HostStopped, progress);
        }
        catch (OperationCanceledException)
        {
            await EndAsync(work, ImportJobs.Cancelled, progress: progress, reason: "Cancelled on request. The batches before are written and counted; the rest of the file was not read.");
        }
        catch (ImportFileException e)
        {
            await EndAsync(work, ImportJobs.Failed, $"{e.Field}: {e.Message}", progress);
        }
        catch (Exception e)
        {
            log.LogError(e, "Background import {Id} failed.", work.Id);
            await EndAsync(work, ImportJobs.Failed, progress: progress, reason: "The import stopped on an unexpected error; the batches before are written. The host's log has the details.");
        }
        finally
        {
            _running.TryRemove(work.Id, out _);
            if (work.File is not null) File.Delete(work.File);
        }
    }

    /// <summary>
    /// Counts of unchanged batches not yet written to the job's row (<see cref="CustomerImport.UnchangedAsync"/> writes
    /// nothing): they go with the next batch that writes, or on their own once a second has passed (the job's heartbeat and
    /// its cancellation check), and at the end, so the job's row always counts whole batches.
    /// </summary>
    private sealed class Progress(long jobId, DateTimeOffset started)
    {
        public long JobId { get; } = jobId;
        public ImportReport? Unrecorded { get; set; }
        public long BytesRead { get; set; }
        public DateTimeOffset RecordedAt { get; set; } = started;

        /// <summary>Whether the next batch is first checked for being unchanged: at the start, and after a batch that was.</summary>
        public bool Expected { get; set; } = true;

        /// <summary>An unchanged batch's counts, added to those not yet recorded (they carry no refused rows).</summary>
        public void Add(ImportReport report) => Unrecorded = Unrecorded is not { } u ? report
            : u with { Total = u.Total + report.Total, Unchanged = u.Unchanged + report.Unchanged };

        public void Recorded(DateTimeOffset at) => (Unrecorded, RecordedAt) = (null, at);
    }

    /// <summary>One batch in one transaction with its progress; true when the job was asked (perhaps on another host) to stop.</summary>
    private async Task<bool> RunBatchAsync(ImportJobWork work, List<ImportRow> batch, Dictionary<ExternalId, int> earlier, Progress progress, long bytesRead, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var import = scope.ServiceProvider.GetRequiredService<CustomerImport>();
        var keys = new Dictionary<ExternalId, int>(earlier);
        progress.BytesRead = bytesRead;
        if (progress.Expected && await import.UnchangedAsync(batch, work.Source, work.Options, keys, ct) is { } unchanged)
        {
            foreach (var (key, row) in keys) earlier[key] = row;
            progress.Add(unchanged);
            if (clock.GetUtcNow() - progress.RecordedAt < TimeSpan.FromSeconds(1)) return false;
            var asked = await WriteAsync((recorder, c, tx) => RecordUnrecordedAsync(recorder, c, tx, work, progress, ct), ct);
            progress.Recorded(clock.GetUtcNow());
            return asked;
        }
        var stop = false;
        var written = await import.RunAsync(batch, work.Source, work.Options, ct, keys, async (c, tx, report) =>
        {
            await RecordUnrecordedAsync(import, c, tx, work, progress, ct);
            stop = await ImportJobs.RecordBatchAsync(c, tx, work.Id, report, bytesRead, clock.GetUtcNow());
        }, work.StartedBy);
        // Keys of a batch that did not commit are not "earlier".
        foreach (var (key, row) in keys) earlier[key] = row;
        progress.Expected = written.Unchanged == written.Total;
        progress.Recorded(clock.GetUtcNow());
        return stop;
    }

    /// <summary>
    /// The unchanged batches' counts into the job's row and their audit entry, in the caller's transaction; true when the
    /// job was asked to stop. Nothing when there are none.
    /// </summary>
    private async Task<bool> RecordUnrecordedAsync(CustomerImport import, DbConnection c, DbTransaction tx, ImportJobWork work, Progress progress, CancellationToken ct)
    {
        if (progress.Unrecorded is not { } unrecorded) return false;
        await import.RecordAsync(unrecorded, work.Source, work.Options, work.StartedBy, ct);
        return await ImportJobs.RecordBatchAsync(c, tx, work.Id, unrecorded, progress.BytesRead, clock.GetUtcNow());
    }

    private async Task<T> WriteAsync<T>(Func<CustomerImport, DbConnection, DbTransaction, Task<T>> write, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var tx = await session.BeginAsync(ct);
        var result = await write(scope.ServiceProvider.GetRequiredService<CustomerImport>(), await session.ConnectionAsync(ct), tx);
        await session.CommitAsync(ct);
        return result;
    }

    /// <param name="progress">The job's unrecorded counts (unchanged batches), written with its end.</param>
    private async Task EndAsync(ImportJobWork work, string state, string? reason, Progress? progress = null)
    {
        try
        {
            await WriteAsync(async (import, c, tx) =>
            {
                if (progress is not null) await RecordUnrecordedAsync(import, c, tx, work, progress, CancellationToken.None);
                await ImportJobs.FinishAsync(c, tx, work.Id, state, reason, clock.GetUtcNow());
                return 0;
            }, CancellationToken.None);
        }
        catch (Exception e)
        {
            log.LogError(e, "Background import {Id} could not be marked {State}.", work.Id, state);
        }
    }

    /// <summary>
    /// Reads the file a batch ahead of the writes (the next batch is parsed while the one before is checked and written),
    /// each batch with how far into the file it ends. A file that cannot be read ends the batches with its error, after
    /// the batches before it.
    /// </summary>
    private async Task ReadAheadAsync(IAsyncEnumerable<ImportRow> rows, FileStream? file, ChannelWriter<(List<ImportRow>, long)> batches, CancellationToken ct)
    {
        try
        {
            var length = file?.Length;
            var batch = new List<ImportRow>(settings.BatchRows);
            var done = 0L;
            await foreach (var row in rows.WithCancellation(ct))
            {
                batch.Add(row);
                if (batch.Count < settings.BatchRows) continue;
                done += batch.Count;
                await batches.WriteAsync((batch, file?.Position ?? done), ct);
                batch = new List<ImportRow>(settings.BatchRows);
            }
            // The whole file is read (and closed with its reader): the last batch ends at its end.
            if (batch.Count > 0) await batches.WriteAsync((batch, length ?? done + batch.Count), ct);
            batches.TryComplete();
        }
        catch (Exception e)
        {
            batches.TryComplete(e);
        }
    }

    private static async IAsyncEnumerable<ImportRow> Listed(IReadOnlyList<ImportRow> rows)
    {
        foreach (var row in rows) yield return row;
        await Task.CompletedTask;
    }
}
