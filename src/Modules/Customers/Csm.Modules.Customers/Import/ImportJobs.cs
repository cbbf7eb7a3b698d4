using Csm.BuildingBlocks.Modules;
using System.Data.Common;
using Microsoft.Extensions.Configuration;

namespace Csm.Modules.Customers.Import;

/// <summary>How large imports are taken (Customers:Import:*).</summary>
/// <param name="BackgroundAboveBytes">A file larger than this runs as a background job (202 and its progress); smaller ones answer with their report.</param>
/// <param name="MaxFileBytes">The largest file an import accepts; a larger one is 413 naming this limit.</param>
/// <param name="BatchRows">Rows per transaction of a background import: a batch lands whole or not at all.</param>
/// <param name="LeaseSeconds">A running job whose host has not reported for this long is shown as interrupted (its host died).</param>
/// <param name="Folder">Where a background import's file waits while it is read (the data folder's imports/).</param>
internal sealed record ImportSettings(long BackgroundAboveBytes, long MaxFileBytes, int BatchRows, int LeaseSeconds, string Folder)
{
    public static ImportSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Customers:Import");
        var settings = new ImportSettings(
            section.GetValue("BackgroundAboveBytes", 2L * 1024 * 1024),
            section.GetValue("MaxFileBytes", 100L * 1024 * 1024),
            section.GetValue("BatchRows", 5000),
            section.GetValue("LeaseSeconds", 120),
            section["Folder"] is { Length: > 0 } folder ? folder : Path.Combine(Path.GetTempPath(), "csm-imports"));
        if (settings.MaxFileBytes < 1024) throw HostCannotStart.Setting("Customers:Import:MaxFileBytes", "at least 1024 bytes");
        if (settings.BackgroundAboveBytes < 0) throw HostCannotStart.Setting("Customers:Import:BackgroundAboveBytes", "0 or more bytes");
        if (settings.BatchRows is < 1 or > 50_000) throw HostCannotStart.Setting("Customers:Import:BatchRows", "1 to 50000 rows");
        if (settings.LeaseSeconds < 10) throw HostCannotStart.Setting("Customers:Import:LeaseSeconds", "at least 10 seconds");
        return settings;
    }

    /// <summary>The limit as people say it: "100 MB".</summary>
    public string MaxFileText => MaxFileBytes % (1024 * 1024) == 0 ? $"{MaxFileBytes / (1024 * 1024)} MB" : $"{MaxFileBytes:N0} bytes";
}

/// <summary>A background import as its caller follows it.</summary>
/// <param name="State">running, completed, cancelled (rows of the batches before stay written and counted), interrupted (the host stopped: send the file again, imported rows come back unchanged) or failed.</param>
/// <param name="Percent">How much of the file has been read, 0 to 100.</param>
/// <param name="Written">Rows that created or updated a customer.</param>
/// <param name="ErrorReport">Where the refused rows are downloaded as CSV (row, externalId, field, reason).</param>
internal sealed record ImportJobView(
    long Id, string State, string? Source, long FileBytes, int Percent, long RowsRead, long Written, long Created, long Updated, long Unchanged,
    long Failed, long Kept, long Linked, long LikelyDuplicates, bool CancelRequested, string? Reason, string? StartedBy,
    DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string ErrorReport);

/// <summary>The SQL of background imports: the job row, its progress per batch, its refused rows.</summary>
internal static class ImportJobs
{
    public const string Running = "running", Completed = "completed", Cancelled = "cancelled", Interrupted = "interrupted", Failed = "failed";

    private sealed record JobRow
    {
        public long Id { get; init; }
        public string State { get; init; } = "";
        public string? Source { get; init; }
        public long FileBytes { get; init; }
        public long BytesRead { get; init; }
        public long RowsRead { get; init; }
        public long Created { get; init; }
        public long Updated { get; init; }
        public long Unchanged { get; init; }
        public long Failed { get; init; }
        public long Kept { get; init; }
        public long Linked { get; init; }
        public long LikelyDuplicates { get; init; }
        public long CancelRequested { get; init; }
        public string? Reason { get; init; }
        public string? StartedBy { get; init; }
        public DateTimeOffset StartedAt { get; init; }
        public DateTimeOffset HeartbeatAt { get; init; }
        public DateTimeOffset? FinishedAt { get; init; }

        public ImportJobView View() => new(Id, State, Source, FileBytes,
            State == Completed || FileBytes == 0 ? 100 : (int)Math.Min(99, 100 * BytesRead / FileBytes),
            RowsRead, Created + Updated, Created, Updated, Unchanged, Failed, Kept, Linked, LikelyDuplicates, CancelRequested == 1, Reason, StartedBy,
            StartedAt, FinishedAt, $"/api/customers/imports/{Id}/errors");
    }

    private const string Columns = """
        id, state, source, file_bytes AS FileBytes, bytes_read AS BytesRead, rows_read AS RowsRead, created, updated, unchanged, failed, kept, linked,
        likely_duplicates AS LikelyDuplicates, cancel_requested AS CancelRequested, reason, started_by AS StartedBy, started_at AS StartedAt,
        heartbeat_at AS HeartbeatAt, finished_at AS FinishedAt
        """;

    public static Task<long> StartAsync(DbConnection c, DbTransaction tx, ISqlDialect dialect, string? source, string contentType, long fileBytes, string? startedBy, DateTimeOffset now) =>
        c.ExecuteScalarAsync<long>(dialect.InsertReturningId("cus_import_jobs",
                "source, content_type, state, file_bytes, started_by, started_at, heartbeat_at", "@Source, @ContentType, @State, @FileBytes, @StartedBy, @Now, @Now"),
            new { Source = source, ContentType = contentType, State = Running, FileBytes = fileBytes, StartedBy = startedBy, Now = now }, tx);

    /// <summary>Adds a batch's counts and refused rows to its job, in the batch's own transaction; says whether the job was asked to stop.</summary>
    public static async Task<bool> RecordBatchAsync(DbConnection c, DbTransaction tx, long id, ImportReport report, long bytesRead, DateTimeOffset now)
    {
        await c.ExecuteAsync(
            """
            UPDATE cus_import_jobs SET rows_read = rows_read + @Total, created = created + @Created, updated = updated + @Updated,
              unchanged = unchanged + @Unchanged, failed = failed + @Failed, kept = kept + @Kept, linked = linked + @Linked,
              likely_duplicates = likely_duplicates + @LikelyDuplicates, bytes_read = @BytesRead, heartbeat_at = @Now
            WHERE id = @Id
            """,
            new { report.Total, report.Created, report.Updated, report.Unchanged, report.Failed, report.Kept, report.Linked, report.LikelyDuplicates, BytesRead = bytesRead, Now = now, Id = id }, tx);
        await c.ExecuteAsync("INSERT INTO cus_import_job_errors (job_id, file_row, external_id, field, reason) VALUES (@Job, @Row, @ExternalId, @Field, @Message)",
            report.Errors.Select(e => new { Job = id, e.Row, e.ExternalId, e.Field, e.Message }), tx);
        return await c.ExecuteScalarAsync<long>("SELECT cancel_requested FROM cus_import_jobs WHERE id = @Id", new { Id = id }, tx) == 1;
    }

    /// <summary>Ends a running job; a job already ended (cancelled, marked interrupted by another host) keeps its state.</summary>
    public static Task FinishAsync(DbConnection c, DbTransaction tx, long id, string state, string? reason, DateTimeOffset now) =>
        c.ExecuteAsync(
            "UPDATE cus_import_jobs SET state = @State, reason = @Reason, finished_at = @Now, heartbeat_at = @Now, bytes_read = CASE WHEN @State = 'completed' THEN file_bytes ELSE bytes_read END WHERE id = @Id AND state = 'running'",
            new { State = state, Reason = reason, Now = now, Id = id }, tx);

    public const string HostStopped = "The host stopped while this import ran. The batches before it stopped are written; send the file again to finish (rows already imported come back unchanged).";

    /// <summary>Running jobs whose host has not reported within the lease (it stopped or died) are interrupted.</summary>
    public static Task<int> InterruptStaleAsync(DbConnection c, DbTransaction tx, DateTimeOffset before, DateTimeOffset now) =>
        c.ExecuteAsync("UPDATE cus_import_jobs SET state = 'interrupted', reason = @Reason, finished_at = @Now WHERE state = 'running' AND heartbeat_at < @Before",
            new { Reason = HostStopped, Now = now, Before = before }, tx);

    public static async Task<ImportJobView?> FindAsync(DbConnection c, DbTransaction? tx, long id) =>
        (await c.QuerySingleOrDefaultAsync<JobRow>($"SELECT {Columns} FROM cus_import_jobs WHERE id = @Id", new { Id = id }, tx))?.View();

    public static async Task<DateTimeOffset?> HeartbeatAsync(DbConnection c, long id) =>
        await c.QuerySingleOrDefaultAsync<DateTimeOffset?>("SELECT heartbeat_at FROM cus_import_jobs WHERE id = @Id AND state = 'running'", new { Id = id });

    public static Task<int> RequestCancelAsync(DbConnection c, DbTransaction tx, long id) =>
        c.ExecuteAsync("UPDATE cus_import_jobs SET cancel_requested = 1 WHERE id = @Id AND state = 'running'", new { Id = id }, tx);

    public static async Task<IEnumerable<ImportError>> ErrorsAsync(DbConnection c, long id) =>
        (await c.QueryAsync<(long Row, string? ExternalId, string Field, string Reason)>(
            "SELECT file_row, external_id, field, reason FROM cus_import_job_errors WHERE job_id = @Id ORDER BY file_row, id", new { Id = id }))
        .Select(e => new ImportError((int)e.Row, e.ExternalId, e.Field, e.Reason));
}
