using System.Text.Json;
using Csm.Modules.Customers.Import;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Csm.Modules.Customers.Features;

internal sealed class ImportCustomers(
    CustomerImport import, CustomFieldCatalog catalog, Db db, DbSession session, IOptions<JsonOptions> json, ImportSettings settings, ImportJobRunner jobs, TimeProvider clock)
    : Endpoint<ImportCustomers.Parameters, Results<Ok<ImportReport>, Accepted<ImportJobView>, ValidationProblem, ProblemHttpResult>>
{
    /// <summary>The shape of one JSON row (CSV has the same columns, with cf.&lt;key&gt; for custom fields).</summary>
    public sealed record Row : CustomerInput
    {
        public string? Source { get; init; }
        public string? ExternalId { get; init; }
    }

    /// <summary>The body is the file itself (CSV or a JSON array of rows), read by the endpoint; the rest comes from the query.</summary>
    /// <param name="Source">The source system of rows that do not name one.</param>
    /// <param name="Blank">keep (default): a blank cell leaves the field as it is; clear: a blank cell empties it.</param>
    /// <param name="Replace">Lists this source owns whole, comma-separated (contacts, tags): its list replaces the customer's.</param>
    /// <param name="Mapping">A CSV column mapping as JSON, {"columns": {"Csm column": "file column"}, "constants": {"Csm column": "value"}}; without it, the one saved for the source (if any).</param>
    public sealed record Parameters(
        [property: QueryParam] string? Source = null, [property: QueryParam] string? Blank = null, [property: QueryParam] string? Replace = null,
        [property: QueryParam] string? Mapping = null);

    public override void Configure()
    {
        Post("customers/import");
        Policies(Can.ExportCustomers);
        Group<CustomersGroup>();
        // The endpoint reads the file from the body itself; only the query string is bound.
        RequestBinder(new RequestBinder<Parameters>(BindingSource.QueryParams));
        Description(d => d
            .ClearDefaultAccepts()
            .WithName("Customers_Import")
            .WithSummary("Imports customers from CSV or JSON, upserting by source and external id")
            .WithDescription("""
            Send `text/csv` (header: source, externalId, name, tier, kind, accountManager, language, contactName, email, phone, weChat,
            tags separated by `;`, and `cf.<key>` per custom field) or `application/json` (an array of rows). `?source=` gives the
            source system for rows without one. Valid rows land, invalid ones are listed in `errors` with their row number and field;
            re-sending the same file changes nothing. A wrong header or an unreadable file is refused whole with 400.
            An import never destroys: a column the file lacks leaves that field alone, a blank cell too (`?blank=clear` empties it),
            contacts and tags are added to (`?replace=contacts,tags` for a source that owns them whole), and a field a manager gave
            to another source (`PUT /api/customers/field-owners`) is filled only while empty — each value kept that way counts in `kept`.
            A CSV from a system with its own column names is mapped by `?mapping=` (JSON: `columns` Csm column → the file column it is read from, `constants`
            Csm column → value) or by the mapping saved for its source (`PUT /api/customers/import-mappings/{source}`).
            A file larger than `Customers:Import:BackgroundAboveBytes` (2 MB by default) is checked (type, header, mapping) and then
            imported in the background: the answer is 202 with the job at `GET /api/customers/imports/{id}` (progress, counts), its
            refused rows at `/api/customers/imports/{id}/errors` (CSV), and `DELETE` cancels it. A file larger than
            `Customers:Import:MaxFileBytes` (100 MB by default) is refused with 413 naming the limit.
            """)
            .Accepts<List<Row>>("application/json", "text/csv")
            .WithMetadata(new BuildingBlocks.Http.BodySizeLimit(ImportSettings.From(Config).MaxFileBytes))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType));
    }

    public override async Task<Results<Ok<ImportReport>, Accepted<ImportJobView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(Parameters parameters, CancellationToken ct)
    {
        var request = HttpContext.Request;
        var source = parameters.Source;
        if (source is { Length: > 100 }) return Problems.Invalid("source", "At most 100 characters.");
        if (parameters.Blank is not (null or "keep" or "clear")) return Problems.Invalid("blank", "keep (a blank cell leaves the field) or clear (a blank cell empties it).");
        var replace = (parameters.Replace ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        if (replace.FirstOrDefault(r => !ImportOptions.Lists.Contains(r)) is { } list)
            return Problems.Invalid("replace", $"'{list}' is not a list an import can replace; those are: {string.Join(", ", ImportOptions.Lists)}.");
        var options = new ImportOptions(parameters.Blank == "clear", replace);
        var type = request.ContentType ?? "";
        var csv = type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase);
        if (!csv && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return TypedResults.Problem("Send text/csv or application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");
        if (!csv && parameters.Mapping is not null) return Problems.Invalid("mapping", "A mapping renames CSV columns; a JSON import names Csm's fields itself.");
        string? file = null;
        try
        {
            var mapping = !csv ? null : parameters.Mapping is { } sent ? ImportMapping.Parse(sent) : await SavedMappingAsync(source, ct);
            var keys = (await catalog.LoadAsync(ct)).Keys.ToList();
            var body = request.Body;
            long? size = request.ContentLength;
            // A file that may be large waits on disk (within the limit) rather than in memory; a small one is read as it comes.
            if (size is null || size > settings.BackgroundAboveBytes)
            {
                (file, size) = await SpoolAsync(request.Body, ct);
                if (file is null) return TooLarge();
                body = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
            }
            await using (body == request.Body ? null : body)
            {
                if (size <= settings.BackgroundAboveBytes)
                {
                    var rows = csv ? await ImportFile.ReadCsvAsync(body, keys, ct, mapping) : await ImportFile.ReadJsonAsync(body, json.Value.SerializerOptions, ct);
                    if (rows.Count == 0) return Problems.Invalid("file", "The file has no rows.");
                    return TypedResults.Ok(await import.RunAsync(rows, source, options, ct));
                }
                IReadOnlyList<ImportRow>? parsed = null;
                if (csv)
                {
                    // The header and the mapping are checked now, so a file the job could not read is a 400, not a failed job.
                    var any = false;
                    await foreach (var _ in ImportFile.StreamCsvAsync(body, keys, mapping, ct)) { any = true; break; }
                    if (!any) return Problems.Invalid("file", "The file has no rows.");
                }
                else if ((parsed = await ImportFile.ReadJsonAsync(body, json.Value.SerializerOptions, ct)).Count == 0)
                    return Problems.Invalid("file", "The file has no rows.");
                var view = await StartJobAsync(source, type, size!.Value, ct);
                jobs.Enqueue(new ImportJobWork(view.Id, csv ? file : null, parsed, keys, mapping, source, options, User.Identity?.Name));
                if (csv) file = null; // the job owns it now
                return TypedResults.Accepted($"/api/customers/imports/{view.Id}", view);
            }
        }
        catch (ImportFileException e)
        {
            return Problems.Invalid(e.Field, e.Message);
        }
        finally
        {
            if (file is not null) File.Delete(file);
        }
    }

    private ProblemHttpResult TooLarge() => TypedResults.Problem(
        $"An import file may be at most {settings.MaxFileText} ({settings.MaxFileBytes} bytes, the setting Customers:Import:MaxFileBytes); this one is larger. Split it into several files.",
        statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request body is too large.");

    /// <summary>Copies the body to a file of its own; no file (and nothing left behind) when it passes the limit.</summary>
    private async Task<(string? File, long Size)> SpoolAsync(Stream body, CancellationToken ct)
    {
        Directory.CreateDirectory(settings.Folder);
        var path = Path.Combine(settings.Folder, Guid.NewGuid().ToString("N") + ".import");
        var size = 0L;
        try
        {
            await using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await body.ReadAsync(buffer, ct)) > 0)
            {
                size += read;
                if (size > settings.MaxFileBytes) break;
                await output.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            size = long.MaxValue;
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        if (size <= settings.MaxFileBytes) return (path, size);
        File.Delete(path);
        return (null, size);
    }

    private async Task<ImportJobView> StartJobAsync(string? source, string contentType, long size, CancellationToken ct)
    {
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        var id = await ImportJobs.StartAsync(c, tx, session.Dialect, source, contentType.Split(';')[0].Trim(), size, User.Identity?.Name, clock.GetUtcNow());
        var view = (await ImportJobs.FindAsync(c, tx, id))!;
        await session.CommitAsync(ct);
        return view;
    }

    private async Task<ImportMapping?> SavedMappingAsync(string? source, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(source)) return null;
        await using var c = await db.OpenAsync(ct);
        return await SavedMappings.FindAsync(c, source.Trim());
    }
}
