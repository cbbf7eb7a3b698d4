using System.Text.Json;
using Csm.Modules.Customers.Import;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Csm.Modules.Customers.Features;

internal sealed class ImportCustomers(CustomerImport import, CustomFieldCatalog catalog, IOptions<JsonOptions> json)
    : Endpoint<ImportCustomers.Parameters, Results<Ok<ImportReport>, ValidationProblem, ProblemHttpResult>>
{
    /// <summary>The shape of one JSON row (CSV has the same columns, with cf.&lt;key&gt; for custom fields).</summary>
    public sealed record Row : CustomerInput
    {
        public string? Source { get; init; }
        public string? ExternalId { get; init; }
    }

    /// <summary>The body is the file itself (CSV or a JSON array of rows), read by the endpoint; only the source comes from the query.</summary>
    public sealed record Parameters([property: QueryParam] string? Source = null);

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
        var type = request.ContentType ?? "";
        List<ImportRow> rows;
        try
        {
            if (type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
                rows = await ImportFile.ReadCsvAsync(request.Body, (await catalog.LoadAsync(ct)).Keys.ToList(), ct);
            else if (type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
                rows = await ImportFile.ReadJsonAsync(request.Body, json.Value.SerializerOptions, ct);
            else
                return TypedResults.Problem("Send text/csv or application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");
        }
        catch (ImportFileException e)
        {
            return Problems.Invalid(e.Field, e.Message);
        }
        if (rows.Count == 0) return Problems.Invalid("file", "The file has no rows.");
        return TypedResults.Ok(await import.RunAsync(rows, source, ct));
    }
}
