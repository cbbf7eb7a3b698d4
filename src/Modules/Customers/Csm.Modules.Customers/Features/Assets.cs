using Csm.Modules.Customers.Contracts;

namespace Csm.Modules.Customers.Features;

/// <summary>Equipment installed at the customer.</summary>
internal sealed record AssetView
{
    public long Id { get; init; }
    public long CustomerId { get; init; }
    public string Model { get; init; } = "";
    public string? SerialNumber { get; init; }
    public DateOnly? InstalledOn { get; init; }
    public DateOnly? NextMaintenanceOn { get; init; }
    public long Version { get; init; }

    internal const string Select =
        "SELECT id, customer_id AS CustomerId, model, serial_number AS SerialNumber, installed_on AS InstalledOn, next_maintenance_on AS NextMaintenanceOn, version FROM cus_assets";
}

/// <summary>What a request says about a piece of equipment, checked the same way on record and on change.</summary>
internal interface IAssetFields
{
    string Model { get; }
    string? SerialNumber { get; }
    DateOnly? InstalledOn { get; }
    DateOnly? NextMaintenanceOn { get; }
}

internal abstract class AssetRules<T> : FastEndpoints.Validator<T> where T : IAssetFields
{
    protected AssetRules()
    {
        RuleFor(r => r.Model).NotEmpty().MaximumLength(200);
        RuleFor(r => r.SerialNumber).MaximumLength(200);
        RuleFor(r => r.NextMaintenanceOn).GreaterThanOrEqualTo(r => r.InstalledOn)
            .When(r => r.InstalledOn is not null && r.NextMaintenanceOn is not null)
            .WithMessage("Maintenance cannot be due before the installation.");
    }
}

internal sealed class RecordAsset(DbSession session, Outbox outbox, AuditTrail audit, TimeProvider clock)
    : Endpoint<RecordAsset.Request, Results<Created<AssetView>, ProblemHttpResult>>
{
    public sealed record Request(string Model, string? SerialNumber, DateOnly? InstalledOn, DateOnly? NextMaintenanceOn) : IAssetFields;

    internal sealed class Validator : AssetRules<Request>;

    public override void Configure()
    {
        Post("customers/{id:long}/assets");
        Group<CustomersGroup>();
        Description(d => d
            .WithName("Customers_RecordAsset")
            .WithSummary("Records equipment installed at a customer")
            .WithIdempotency()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict));
    }

    public override async Task<Results<Created<AssetView>, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var id = Route<long>("id");
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        if (await CustomerExists.CheckWritableAsync(c, id, tx) is { } refused) return refused;
        var assetId = await c.ExecuteScalarAsync<long>(session.Dialect.InsertReturningId("cus_assets",
                "customer_id, model, serial_number, installed_on, next_maintenance_on, version, updated_at",
                "@CustomerId, @Model, @SerialNumber, @InstalledOn, @NextMaintenanceOn, 1, @Now"),
            new { CustomerId = id, request.Model, request.SerialNumber, request.InstalledOn, request.NextMaintenanceOn, Now = clock.GetUtcNow() }, tx);
        var view = await c.QuerySingleAsync<AssetView>(AssetView.Select + " WHERE id = @Id", new { Id = assetId }, tx);
        await outbox.AddAsync(new AssetUpserted(assetId, id, view.Model, view.SerialNumber, view.InstalledOn, view.NextMaintenanceOn), ct);
        await audit.RecordAsync("customers", "asset.created", "customer", id, after: view, ct: ct);
        await session.CommitAsync(ct);
        return TypedResults.Created($"/api/customers/{id}/assets/{assetId}", view);
    }
}

internal sealed class UpdateAsset(DbSession session, Outbox outbox, AuditTrail audit, TimeProvider clock)
    : Endpoint<UpdateAsset.Request, Results<Ok<AssetView>, ProblemHttpResult>>
{
    public sealed record Request(string Model, string? SerialNumber, DateOnly? InstalledOn, DateOnly? NextMaintenanceOn, long Version) : IAssetFields;

    internal sealed class Validator : AssetRules<Request>
    {
        public Validator() => RuleFor(r => r.Version).GreaterThan(0);
    }

    public override void Configure()
    {
        Put("customers/{id:long}/assets/{assetId:long}");
        Group<CustomersGroup>();
        Description(d => d
            .WithName("Customers_UpdateAsset")
            .WithSummary("Changes equipment, e.g. after a maintenance visit sets the next date")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict));
    }

    public override async Task<Results<Ok<AssetView>, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var id = Route<long>("id");
        var assetId = Route<long>("assetId");
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        if (await CustomerExists.CheckWritableAsync(c, id, tx) is { } refused) return refused;
        var before = await c.QuerySingleOrDefaultAsync<AssetView>(AssetView.Select + " WHERE id = @Id AND customer_id = @CustomerId", new { Id = assetId, CustomerId = id }, tx);
        var changed = await c.ExecuteAsync(
            """
            UPDATE cus_assets SET model = @Model, serial_number = @SerialNumber, installed_on = @InstalledOn,
              next_maintenance_on = @NextMaintenanceOn, version = version + 1, updated_at = @Now
            WHERE id = @AssetId AND customer_id = @CustomerId AND version = @Version
            """,
            new { AssetId = assetId, CustomerId = id, request.Model, request.SerialNumber, request.InstalledOn, request.NextMaintenanceOn, request.Version, Now = clock.GetUtcNow() }, tx);
        var view = await c.QuerySingleOrDefaultAsync<AssetView>(AssetView.Select + " WHERE id = @Id AND customer_id = @CustomerId", new { Id = assetId, CustomerId = id }, tx);
        if (view is null) return Problems.NotFound("Asset", assetId);
        if (changed == 0) return Problems.StaleVersion(request.Version, view.Version);
        await outbox.AddAsync(new AssetUpserted(assetId, id, view.Model, view.SerialNumber, view.InstalledOn, view.NextMaintenanceOn), ct);
        await audit.RecordAsync("customers", "asset.updated", "customer", id, before, view, ct);
        await session.CommitAsync(ct);
        return TypedResults.Ok(view);
    }
}

internal sealed class ListAssets(DbSession session) : EndpointWithoutRequest<Results<Ok<List<AssetView>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("customers/{id:long}/assets");
        Group<CustomersGroup>();
        Description(d => d
            .WithName("Customers_ListAssets")
            .WithSummary("Lists a customer's equipment, next maintenance first")
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<Ok<List<AssetView>>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        var c = await session.ConnectionAsync(ct);
        if (await CustomerExists.CheckWritableAsync(c, id) is { StatusCode: 404 } unknown) return unknown;
        return TypedResults.Ok((await c.QueryAsync<AssetView>(
            AssetView.Select + " WHERE customer_id = @Id ORDER BY CASE WHEN next_maintenance_on IS NULL THEN 1 ELSE 0 END, next_maintenance_on, id", new { Id = id })).ToList());
    }
}
