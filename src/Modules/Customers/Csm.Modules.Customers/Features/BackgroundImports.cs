using Csm.Modules.Customers.Import;

namespace Csm.Modules.Customers.Features;

/// <summary>A background import's progress: rows read, written and refused, and its state.</summary>
internal sealed class ReadImportJob(DbSession session, ImportSettings settings, TimeProvider clock)
    : EndpointWithoutRequest<Results<Ok<ImportJobView>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("customers/imports/{id:long}");
        Policies(Can.ExportCustomers);
        Group<CustomersGroup>();
        Description(d => d
            .WithName("Customers_ImportJob")
            .WithSummary("A background import's progress and counts")
            .WithDescription("""
            `state` is running, completed, cancelled (the batches written before stay written and are counted), interrupted (the host
            stopped: send the file again, rows already imported come back unchanged) or failed (`reason` says why). `percent` is how much
            of the file has been read; `written` = created + updated; refused rows are at `errorReport`.
            """)
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<Ok<ImportJobView>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        var c = await session.ConnectionAsync(ct);
        var now = clock.GetUtcNow();
        // A job whose host stopped reporting (it died) is said to be interrupted rather than running for ever.
        if (await ImportJobs.HeartbeatAsync(c, id) is { } heartbeat && heartbeat < now.AddSeconds(-settings.LeaseSeconds))
        {
            var tx = await session.BeginAsync(ct);
            await ImportJobs.InterruptStaleAsync(c, tx, now.AddSeconds(-settings.LeaseSeconds), now);
            await session.CommitAsync(ct);
        }
        return await ImportJobs.FindAsync(c, null, id) is { } job ? TypedResults.Ok(job) : Problems.NotFound("Import", id);
    }
}

/// <summary>Stops a background import between batches: what it wrote stays written and counted.</summary>
internal sealed class CancelImportJob(DbSession session, ImportJobRunner runner, AuditTrail audit)
    : EndpointWithoutRequest<Results<Ok<ImportJobView>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Delete("customers/imports/{id:long}");
        Policies(Can.ExportCustomers);
        Group<CustomersGroup>();
        Description(d => d
            .WithName("Customers_CancelImportJob")
            .WithSummary("Cancels a running background import")
            .WithDescription("The job stops at once if this host runs it, else at its next batch; the batch in progress is undone whole, the ones before stay written. 409 when the job has already ended.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict));
    }

    public override async Task<Results<Ok<ImportJobView>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        if (await ImportJobs.RequestCancelAsync(c, tx, id) == 0)
        {
            return await ImportJobs.FindAsync(c, tx, id) is { } ended
                ? Problems.Conflict($"Import {id} has already ended ({ended.State}); there is nothing to cancel.")
                : Problems.NotFound("Import", id);
        }
        await audit.RecordAsync("customers", "customers.import.cancelled", "import", id, ct: ct);
        var view = (await ImportJobs.FindAsync(c, tx, id))!;
        await session.CommitAsync(ct);
        runner.Cancel(id);
        return TypedResults.Ok(view);
    }
}

/// <summary>The rows a background import refused, as a CSV to fix and send again.</summary>
internal sealed class ImportJobErrors(Db db) : EndpointWithoutRequest<Results<FileContentHttpResult, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("customers/imports/{id:long}/errors");
        Policies(Can.ExportCustomers);
        Group<CustomersGroup>();
        Description(d => d
            .WithName("Customers_ImportJobErrors")
            .WithSummary("Downloads a background import's refused rows as CSV (row, externalId, field, reason)")
            .Produces(StatusCodes.Status200OK, typeof(string), Csv.ContentType)
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        await using var c = await db.OpenAsync(ct);
        if (await ImportJobs.FindAsync(c, null, id) is null) return Problems.NotFound("Import", id);
        var errors = await ImportJobs.ErrorsAsync(c, id);
        return Csv.File($"import-{id}-errors", ["row", "externalId", "field", "reason"],
            errors.Select(e => (IReadOnlyList<object?>)[e.Row, e.ExternalId, e.Field, e.Message]));
    }
}
