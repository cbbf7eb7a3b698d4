using Csm.Modules.Reports.Reporting;
using Csm.Modules.Reports.Rollups;

namespace Csm.Modules.Reports.Dashboards;

/// <param name="Values">The values it may take; null when any id will do.</param>
internal sealed record TileParameter(string Name, bool Required, IReadOnlyList<string>? Values);

/// <summary>One kind of tile a dashboard may hold: what it shows, who may see it, what it takes and its usual size.</summary>
/// <param name="Permission">The permission the tile's data needs; a person without it is not offered the tile.</param>
internal sealed record TileKind(string Kind, string Permission, IReadOnlyList<TileParameter> Parameters, int W, int H);

/// <summary>
/// A tile on a dashboard's grid of <see cref="TileCatalogue.Columns"/> columns: its kind, place and size, and the
/// parameters its kind takes (a metric, a grouping, an interval, a rule, a saved ticket view, an improvement plan).
/// </summary>
internal sealed record Tile(string Kind, int X, int Y, int W, int H, string? Metric = null, string? GroupBy = null, string? Interval = null, long? RuleId = null, long? ViewId = null,
    long? PlanId = null);

internal static class TileCatalogue
{
    public const int Columns = 12, MaxRows = 200, MaxHeight = 12, MaxTiles = 40;

    private static readonly TileParameter Metric = new("metric", true, SatisfactionMetric.Names);

    public static readonly IReadOnlyList<TileKind> Kinds =
    [
        new("headline", Can.Reports, [Metric], 4, 6),
        new("satisfaction", Can.Reports, [Metric, new("groupBy", false, Measures.ResponseGroups), new("interval", false, ReportQuery.Intervals)], 6, 6),
        new("serviceLevel", Can.Reports, [], 4, 5),
        new("backlog", Can.Reports, [], 4, 5),
        new("closedLoop", Can.Reports, [], 4, 5),
        new("voiceThemes", Can.Reports, [], 8, 6),
        new("retention", Can.Reports, [], 6, 5),
        new("complaintRate", Can.Reports, [], 6, 4),
        new("kpis", Can.Reports, [], 6, 5),
        new("improvementPlans", Can.Reports, [new("planId", false, null)], 6, 5),
        new("ruleFirings", Can.WorkTickets, [new("ruleId", true, null)], 4, 4),
        new("ticketViews", Can.WorkTickets, [new("viewId", false, null)], 4, 4),
        new("myTickets", Can.WorkTickets, [], 4, 4),
    ];

    public static TileKind? Find(string? kind) => Kinds.FirstOrDefault(k => k.Kind == kind);

    /// <summary>The tile's parameters by name, as given (null when absent).</summary>
    public static IEnumerable<(string Name, object? Value)> Given(Tile t) =>
        [("metric", t.Metric), ("groupBy", t.GroupBy), ("interval", t.Interval), ("ruleId", t.RuleId), ("viewId", t.ViewId), ("planId", t.PlanId)];
}

/// <summary>A tile's kind is in the catalogue, its parameters are those of its kind with allowed values, it fits the grid.</summary>
internal sealed class TileValidator : AbstractValidator<Tile>
{
    public TileValidator()
    {
        RuleFor(t => t.Kind).Must(k => TileCatalogue.Find(k) is not null)
            .WithMessage(t => $"There is no tile '{t.Kind}'; GET /api/dashboards/catalogue lists them.");
        RuleFor(t => t.X).InclusiveBetween(0, TileCatalogue.Columns - 1);
        RuleFor(t => t.W).InclusiveBetween(1, TileCatalogue.Columns);
        RuleFor(t => t.W).Must((t, w) => t.X + w <= TileCatalogue.Columns).When(t => t.X >= 0)
            .WithMessage($"The tile runs past the grid's {TileCatalogue.Columns} columns (x + w > {TileCatalogue.Columns}).");
        RuleFor(t => t.Y).InclusiveBetween(0, TileCatalogue.MaxRows);
        RuleFor(t => t.H).InclusiveBetween(1, TileCatalogue.MaxHeight);
        RuleFor(t => t.RuleId).GreaterThan(0);
        RuleFor(t => t.ViewId).GreaterThan(0);
        RuleFor(t => t.PlanId).GreaterThan(0);
        RuleFor(t => t).Custom((t, context) =>
        {
            if (TileCatalogue.Find(t.Kind) is not { } kind) return;
            foreach (var (name, value) in TileCatalogue.Given(t))
            {
                var parameter = kind.Parameters.FirstOrDefault(p => p.Name == name);
                if (parameter is null && value is not null)
                    context.AddFailure(name, $"A '{kind.Kind}' tile takes no {name}.");
                else if (parameter is { Required: true } && value is null)
                    context.AddFailure(name, $"A '{kind.Kind}' tile needs its {name}.");
                else if (parameter?.Values is { } values && value is string s && !values.Contains(s))
                    context.AddFailure(name, $"Unknown {name} '{s}'; use one of: {string.Join(", ", values)}.");
            }
        });
    }
}
