using Csm.BuildingBlocks.Auth;
using Csm.Modules.Reports.Rollups;

namespace Csm.Modules.Reports.Features;

internal sealed class RebuildRollups : IEndpoint
{
    public sealed record Response(int Rows, string TimeZone, DateTimeOffset RebuiltAt);

    public static void Map(IEndpointRouteBuilder app) => app
        .MapPost("reports/rollups/rebuild", Handle)
        .WithName("Reports_RebuildRollups")
        .WithSummary("Recomputes every daily rollup from the response and ticket facts (after a time-zone change or a repair)")
        .RequireAuthorization(Policies.Manager);

    internal static async Task<Ok<Response>> Handle(DbSession session, ReportingZone reporting, TimeProvider clock, CancellationToken ct)
    {
        var tx = await session.BeginAsync(ct);
        var rows = await DailyRollup.RebuildAsync(await session.ConnectionAsync(ct), tx, session.Dialect, reporting.Zone);
        await session.CommitAsync(ct);
        return TypedResults.Ok(new Response(rows, reporting.Zone.Id, clock.GetUtcNow()));
    }
}
