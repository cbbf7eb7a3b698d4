using System.Data.Common;
using Csm.Modules.Customers.Import;

namespace Csm.Modules.Customers.Features;

/// <summary>Saved CSV column mappings, one per source system: an import from that source without a mapping of its own uses it.</summary>
internal static class SavedMappings
{
    public sealed record Saved(string Source, ImportMapping Mapping);

    public static async Task<ImportMapping?> FindAsync(DbConnection c, string source) =>
        await c.ExecuteScalarAsync<string?>("SELECT mapping FROM cus_import_mappings WHERE source = @Source", new { Source = source }) is { } json
            ? ImportMapping.Parse(json) : null;
}

internal sealed class ListImportMappings(Db db) : EndpointWithoutRequest<Ok<List<SavedMappings.Saved>>>
{
    public override void Configure()
    {
        Get("customers/import-mappings");
        Group<CustomersGroup>();
        Description(d => d.WithName("Customers_ImportMappings").WithSummary("Lists the saved CSV column mappings, one per source system"));
    }

    public override async Task<Ok<List<SavedMappings.Saved>>> ExecuteAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<(string Source, string Mapping)>("SELECT source, mapping FROM cus_import_mappings ORDER BY source");
        return TypedResults.Ok(rows.Select(r => new SavedMappings.Saved(r.Source, ImportMapping.Parse(r.Mapping))).ToList());
    }
}

internal sealed class SaveImportMapping(DbSession session, AuditTrail audit, CustomFieldCatalog catalog, TimeProvider clock)
    : Endpoint<SaveImportMapping.Request, Results<Ok<SavedMappings.Saved>, ValidationProblem>>
{
    /// <param name="Columns">Csm column (externalId, name, tier, …, cf.&lt;key&gt;) → the file column it is read from.</param>
    /// <param name="Constants">Csm column → one value for every row (e.g. tier: standard).</param>
    public sealed record Request(IReadOnlyDictionary<string, string>? Columns, IReadOnlyDictionary<string, string>? Constants);

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Columns).Must(c => c!.Count <= 200 && c.All(x => x.Key.Length is > 0 and <= 200 && x.Value is { Length: > 0 and <= 200 }))
                .When(r => r.Columns is not null).WithMessage("At most 200 columns, each a file column and a Csm column of up to 200 characters.");
            RuleFor(r => r.Constants).Must(c => c!.Count <= 50 && c.All(x => x.Key.Length <= 200 && (x.Value?.Length ?? 0) <= 1000))
                .When(r => r.Constants is not null).WithMessage("At most 50 constants, values up to 1000 characters.");
        }
    }

    public override void Configure()
    {
        Put("customers/import-mappings/{source}");
        Group<CustomersGroup>();
        Policies(Access.Manager);
        Description(d => d.WithName("Customers_SaveImportMapping").WithSummary("Saves a source system's CSV column mapping (managers)"));
    }

    public override async Task<Results<Ok<SavedMappings.Saved>, ValidationProblem>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var source = Route<string>("source")!.Trim();
        if (source.Length is 0 or > 100) return Problems.Invalid("source", "A source is 1 to 100 characters.");
        var mapping = new ImportMapping { Columns = request.Columns ?? new Dictionary<string, string>(), Constants = request.Constants ?? new Dictionary<string, string>() };
        var problems = mapping.Problems((await catalog.LoadAsync(ct)).Keys.ToList());
        if (problems.Count > 0) return Problems.Invalid(problems);
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        var before = await c.ExecuteScalarAsync<string?>("SELECT mapping FROM cus_import_mappings WHERE source = @Source", new { Source = source }, tx);
        await c.ExecuteAsync("DELETE FROM cus_import_mappings WHERE source = @Source", new { Source = source }, tx);
        await c.ExecuteAsync("INSERT INTO cus_import_mappings (source, mapping, updated_at) VALUES (@Source, @Mapping, @Now)",
            new { Source = source, Mapping = mapping.ToJson(), Now = clock.GetUtcNow() }, tx);
        await audit.RecordAsync("customers", "importMapping.saved", "importMapping", source,
            before: before is null ? null : ImportMapping.Parse(before), after: mapping, ct: ct);
        await session.CommitAsync(ct);
        return TypedResults.Ok(new SavedMappings.Saved(source, mapping));
    }
}
