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

internal abstract class AssetRules<T> : AbstractValidator<T> where T : IAssetFields
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

internal sealed class RecordAsset : IEndpoint
{
    public sealed record Request(string Model, string? SerialNumber, DateOnly? InstalledOn, DateOnly? NextMaintenanceOn) : IAssetFields;

    internal sealed class Validator : AssetRules<Request>;

    public static void Map(IEndpointRouteBuilder app) => app
        .MapPost("customers/{id:long}/assets", Handle)
        .WithName("Customers_RecordAsset")
        .WithSummary("Records equipment installed at a customer")
        .WithRequestValidation<Request>()
        .WithIdempotency()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

    internal static async Task<Results<Created<AssetView>, ProblemHttpResult>> Handle(
        long id, Request request, DbSession session, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        if (await CustomerExists.CheckWritableAsync(c, id, tx) is { } refused) return refused;
        var assetId = await c.ExecuteScalarAsync<long>(session.Dialect.InsertReturningId("cus_assets",
                "customer_id, model, serial_number, installed_on, next_maintenance_on, version, updated_at",
                "@CustomerId, @Model, @SerialNumber, @InstalledOn, @NextMaintenanceOn, 1, @Now"),
            new { CustomerId = id, request.Model, request.SerialNumber, request.InstalledOn, request.NextMaintenanceOn, Now = clock.GetUtcNow() }, tx);
        var view = await c.QuerySingleAsync<AssetView>(AssetView.Select + " WHERE id = @Id", new { Id = assetId }, tx);
        await outbox.AddAsync(new AssetUpserted(assetId, id, view.Model, view.SerialNumber, view.InstalledOn, view.NextMaintenanceOn), ct);
        await session.CommitAsync(ct);
        return TypedResults.Created($"/api/customers/{id}/assets/{assetId}", view);
    }
}

internal sealed class UpdateAsset : IEndpoint
{
    public sealed record Request(string Model, string? SerialNumber, DateOnly? InstalledOn, DateOnly? NextMaintenanceOn, long Version) : IAssetFields;

    internal sealed class Validator : AssetRules<Request>
    {
        public Validator() => RuleFor(r => r.Version).GreaterThan(0);
    }

    public static void Map(IEndpointRouteBuilder app) => app
        .MapPut("customers/{id:long}/assets/{assetId:long}", Handle)
        .WithName("Customers_UpdateAsset")
        .WithSummary("Changes equipment, e.g. after a maintenance visit sets the next date")
        .WithRequestValidation<Request>()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

    internal static async Task<Results<Ok<AssetView>, ProblemHttpResult>> Handle(
        long id, long assetId, Request request, DbSession session, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        if (await CustomerExists.CheckWritableAsync(c, id, tx) is { } refused) return refused;
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
        await session.CommitAsync(ct);
        return TypedResults.Ok(view);
    }
}

internal sealed class ListAssets : IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) => app
        .MapGet("customers/{id:long}/assets", Handle)
        .WithName("Customers_ListAssets")
        .WithSummary("Lists a customer's equipment, next maintenance first")
        .ProducesProblem(StatusCodes.Status404NotFound);

    internal static async Task<Results<Ok<List<AssetView>>, ProblemHttpResult>> Handle(long id, DbSession session, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        if (await CustomerExists.CheckWritableAsync(c, id) is { StatusCode: 404 } unknown) return unknown;
        return TypedResults.Ok((await c.QueryAsync<AssetView>(
            AssetView.Select + " WHERE customer_id = @Id ORDER BY CASE WHEN next_maintenance_on IS NULL THEN 1 ELSE 0 END, next_maintenance_on, id", new { Id = id })).ToList());
    }
}
