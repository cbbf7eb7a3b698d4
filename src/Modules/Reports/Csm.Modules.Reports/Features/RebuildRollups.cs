using Csm.BuildingBlocks.Auth;
using Csm.Modules.Reports.Rollups;

namespace Csm.Modules.Reports.Features;

internal sealed class RebuildRollups(DbSession session, ReportingZone reporting, TimeProvider clock)
    : EndpointWithoutRequest<Ok<RebuildRollups.Response>>
{
    public new sealed record Response(int Rows, string TimeZone, DateTimeOffset RebuiltAt);

    public override void Configure()
    {
        Post("reports/rollups/rebuild");
        Group<ReportsGroup>();
        Policies(Access.Manager);
        Description(d => d
            .WithName("Reports_RebuildRollups")
            .WithSummary("Recomputes every daily rollup from the response and ticket facts (after a time-zone change or a repair)"));
    }

    public override async Task<Ok<Response>> ExecuteAsync(CancellationToken ct)
    {
        var tx = await session.BeginAsync(ct);
        var rows = await DailyRollup.RebuildAsync(await session.ConnectionAsync(ct), tx, session.Dialect, reporting.Zone);
        await session.CommitAsync(ct);
        return TypedResults.Ok(new Response(rows, reporting.Zone.Id, clock.GetUtcNow()));
    }
}
