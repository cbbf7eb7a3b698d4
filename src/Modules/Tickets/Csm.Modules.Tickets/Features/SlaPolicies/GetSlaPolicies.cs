using Csm.Modules.Tickets.Sla;

namespace Csm.Modules.Tickets.Features.SlaPolicies;

internal sealed class GetSlaPolicies : IEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("sla-policies", List)
            .WithName("Tickets_ListSlaPolicies")
            .WithSummary("Lists the SLA policies");
        app.MapGet("sla-policies/{id:long}", Get)
            .WithName("Tickets_GetSlaPolicy")
            .WithSummary("An SLA policy")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<Paged<SlaPolicyView>>> List(DbSession session, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        var rows = (await c.QueryAsync<SlaPolicyRow>($"SELECT {SlaPolicyStore.Columns} FROM tkt_sla_policies ORDER BY id")).Select(SlaPolicyView.From).ToList();
        return TypedResults.Ok(new Paged<SlaPolicyView>(rows, rows.Count, 1, Math.Max(1, rows.Count)));
    }

    private static async Task<Results<Ok<SlaPolicyView>, ProblemHttpResult>> Get(long id, DbSession session, CancellationToken ct)
    {
        var row = await SlaPolicyStore.ByIdAsync(await session.ConnectionAsync(ct), id);
        return row is null ? Problems.NotFound("SLA policy", id) : TypedResults.Ok(SlaPolicyView.From(row));
    }
}
