using System.Text.Json;
using Csm.Modules.Customers.Import;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Csm.Modules.Customers.Features;

internal sealed class ImportCustomers(CustomerImport import, CustomFieldCatalog catalog, Db db, IOptions<JsonOptions> json)
    : Endpoint<ImportCustomers.Parameters, Results<Ok<ImportReport>, ValidationProblem, ProblemHttpResult>>
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
            """)
            .Accepts<List<Row>>("application/json", "text/csv")
            .WithMetadata(new BuildingBlocks.Http.BodySizeLimit(64L * 1024 * 1024))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType));
    }

    public override async Task<Results<Ok<ImportReport>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(Parameters parameters, CancellationToken ct)
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
        List<ImportRow> rows;
        try
        {
            if (type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
            {
                var mapping = parameters.Mapping is { } sent ? ImportMapping.Parse(sent) : await SavedMappingAsync(source, ct);
                rows = await ImportFile.ReadCsvAsync(request.Body, (await catalog.LoadAsync(ct)).Keys.ToList(), ct, mapping);
            }
            else if (type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            {
                if (parameters.Mapping is not null) return Problems.Invalid("mapping", "A mapping renames CSV columns; a JSON import names Csm's fields itself.");
                rows = await ImportFile.ReadJsonAsync(request.Body, json.Value.SerializerOptions, ct);
            }
            else
                return TypedResults.Problem("Send text/csv or application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");
        }
        catch (ImportFileException e)
        {
            return Problems.Invalid(e.Field, e.Message);
        }
        if (rows.Count == 0) return Problems.Invalid("file", "The file has no rows.");
        return TypedResults.Ok(await import.RunAsync(rows, source, options, ct));
    }

    private async Task<ImportMapping?> SavedMappingAsync(string? source, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(source)) return null;
        await using var c = await db.OpenAsync(ct);
        return await SavedMappings.FindAsync(c, source.Trim());
    }
}
