using Csm.BuildingBlocks.Auth;
using Csm.Modules.Reports.Reporting;

namespace Csm.Modules.Reports.Features;

internal sealed class SetBenchmark(DbSession session, TimeProvider clock) : Endpoint<SetBenchmark.Request, Ok<BenchmarkLine>>
{
    public static readonly string[] Metrics =
        ["nps", "csat", "ces", "churnRate", "repurchaseRate", "slaCompliance", "firstContactResolution", "resolutionRate", "followedUpShare"];

    /// <param name="Value">In the metric's unit: NPS points (−100..100), percent for rates and CSAT, the 1–7 mean for CES.</param>
    public sealed record Request(string Metric, string Label, double Value);

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Metric).NotEmpty().Must(m => Metrics.Contains(m, StringComparer.Ordinal))
                .WithMessage($"Unknown metric; use one of: {string.Join(", ", Metrics)}.");
            RuleFor(r => r.Label).NotEmpty().MaximumLength(100);
            RuleFor(r => r.Value).Must(double.IsFinite).InclusiveBetween(-100, 100);
        }
    }

    public override void Configure()
    {
        Put("reports/benchmarks");
        Group<ReportsGroup>();
        Policies(Access.Manager);
        Description(d => d
            .WithName("Reports_SetBenchmark")
            .WithSummary("Sets a benchmark line (e.g. the industry NPS) that reports draw beside their figures"));
    }

    public override async Task<Ok<BenchmarkLine>> ExecuteAsync(Request request, CancellationToken ct)
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

internal sealed class ListBenchmarks(DbSession session) : EndpointWithoutRequest<Ok<IReadOnlyList<BenchmarkLine>>>
{
    public override void Configure()
    {
        Get("reports/benchmarks");
        Policies(Can.Reports);
        Group<ReportsGroup>();
        Description(d => d
            .WithName("Reports_ListBenchmarks")
            .WithSummary("Lists the benchmark lines managers have set"));
    }

    public override async Task<Ok<IReadOnlyList<BenchmarkLine>>> ExecuteAsync(CancellationToken ct)
    {
        return TypedResults.Ok(await BenchmarkLines.ForAsync(session, SetBenchmark.Metrics, ct));
    }
}

internal sealed class RemoveBenchmark(DbSession session) : EndpointWithoutRequest<Results<NoContent, ProblemHttpResult>>
{
    public override void Configure()
    {
        Delete("reports/benchmarks/{metric}/{label}");
        Group<ReportsGroup>();
        Policies(Access.Manager);
        Description(d => d
            .WithName("Reports_RemoveBenchmark")
            .WithSummary("Removes a benchmark line")
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<NoContent, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var metric = Route<string>("metric")!;
        var label = Route<string>("label")!;
        var c = await session.ConnectionAsync(ct);
        var removed = await c.ExecuteAsync("DELETE FROM rpt_benchmarks WHERE metric = @Metric AND label = @Label", new { Metric = metric, Label = label });
        return removed == 0 ? Problems.NotFound("Benchmark", $"{metric}/{label}") : TypedResults.NoContent();
    }
}
