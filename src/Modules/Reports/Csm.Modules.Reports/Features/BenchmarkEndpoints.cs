using Csm.BuildingBlocks.Auth;
using Csm.Modules.Reports.Reporting;

namespace Csm.Modules.Reports.Features;

internal sealed class SetBenchmark : IEndpoint
{
    public static readonly string[] Metrics =
        ["nps", "csat", "ces", "churnRate", "repurchaseRate", "slaCompliance", "firstContactResolution", "resolutionRate", "followedUpShare"];

    /// <param name="Value">In the metric's unit: NPS points (−100..100), percent for rates and CSAT, the 1–7 mean for CES.</param>
    public sealed record Request(string Metric, string Label, double Value);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Metric).NotEmpty().Must(m => Metrics.Contains(m, StringComparer.Ordinal))
                .WithMessage($"Unknown metric; use one of: {string.Join(", ", Metrics)}.");
            RuleFor(r => r.Label).NotEmpty().MaximumLength(100);
            RuleFor(r => r.Value).Must(double.IsFinite).InclusiveBetween(-100, 100);
        }
    }

    public static void Map(IEndpointRouteBuilder app) => app
        .MapPut("reports/benchmarks", Handle)
        .WithName("Reports_SetBenchmark")
        .WithSummary("Sets a benchmark line (e.g. the industry NPS) that reports draw beside their figures")
        .WithRequestValidation<Request>()
        .RequireAuthorization(Policies.Manager);

    internal static async Task<Ok<BenchmarkLine>> Handle(Request request, DbSession session, TimeProvider clock, CancellationToken ct)
    {
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        var row = new { request.Metric, Label = request.Label.Trim(), request.Value, Now = clock.GetUtcNow() };
        await c.ExecuteAsync(session.Dialect.InsertIfAbsent("rpt_benchmarks", "metric, label, value, updated_at", "@Metric, @Label, @Value, @Now", "metric, label"), row, tx);
        await c.ExecuteAsync("UPDATE rpt_benchmarks SET value = @Value, updated_at = @Now WHERE metric = @Metric AND label = @Label", row, tx);
        await session.CommitAsync(ct);
        return TypedResults.Ok(new BenchmarkLine(row.Metric, row.Label, row.Value));
    }
}

internal sealed class ListBenchmarks : IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) => app
        .MapGet("reports/benchmarks", Handle)
        .WithName("Reports_ListBenchmarks")
        .WithSummary("Lists the benchmark lines managers have set");

    internal static async Task<Ok<IReadOnlyList<BenchmarkLine>>> Handle(DbSession session, CancellationToken ct) =>
        TypedResults.Ok(await BenchmarkLines.ForAsync(session, SetBenchmark.Metrics, ct));
}

internal sealed class RemoveBenchmark : IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) => app
        .MapDelete("reports/benchmarks/{metric}/{label}", Handle)
        .WithName("Reports_RemoveBenchmark")
        .WithSummary("Removes a benchmark line")
        .RequireAuthorization(Policies.Manager)
        .ProducesProblem(StatusCodes.Status404NotFound);

    internal static async Task<Results<NoContent, ProblemHttpResult>> Handle(string metric, string label, DbSession session, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        var removed = await c.ExecuteAsync("DELETE FROM rpt_benchmarks WHERE metric = @Metric AND label = @Label", new { Metric = metric, Label = label });
        return removed == 0 ? Problems.NotFound("Benchmark", $"{metric}/{label}") : TypedResults.NoContent();
    }
}
