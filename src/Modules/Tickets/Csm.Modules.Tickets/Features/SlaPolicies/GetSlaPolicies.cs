using Csm.Modules.Tickets.Sla;

namespace Csm.Modules.Tickets.Features.SlaPolicies;

internal static class GetSlaPolicies
{

    internal sealed class ListSlaPolicies(DbSession session) : EndpointWithoutRequest<Ok<Paged<SlaPolicyView>>>
    {
        public override void Configure()
        {
            Get("sla-policies");
            Group<TicketsGroup>();
            Description(d => d
                .WithName("Tickets_ListSlaPolicies")
                .WithSummary("Lists the SLA policies"));
        }

        public override async Task<Ok<Paged<SlaPolicyView>>> ExecuteAsync(CancellationToken ct)
        {
            var c = await session.ConnectionAsync(ct);
            var rows = (await c.QueryAsync<SlaPolicyRow>($"SELECT {SlaPolicyStore.Columns} FROM tkt_sla_policies ORDER BY id")).Select(SlaPolicyView.From).ToList();
            return TypedResults.Ok(new Paged<SlaPolicyView>(rows, rows.Count, 1, Math.Max(1, rows.Count)));
        }
    }

    internal sealed class GetSlaPolicy(DbSession session) : EndpointWithoutRequest<Results<Ok<SlaPolicyView>, ProblemHttpResult>>
    {
        public override void Configure()
        {
            Get("sla-policies/{id:long}");
            Group<TicketsGroup>();
            Description(d => d
                .WithName("Tickets_GetSlaPolicy")
                .WithSummary("An SLA policy")
                .ProducesProblem(StatusCodes.Status404NotFound));
        }

        public override async Task<Results<Ok<SlaPolicyView>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
        {
            var id = Route<long>("id");
            var row = await SlaPolicyStore.ByIdAsync(await session.ConnectionAsync(ct), id);
            return row is null ? Problems.NotFound("SLA policy", id) : TypedResults.Ok(SlaPolicyView.From(row));
        }
    }
}
