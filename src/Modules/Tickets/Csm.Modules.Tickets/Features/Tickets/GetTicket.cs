using Csm.Modules.Tickets.Tickets;

namespace Csm.Modules.Tickets.Features.Tickets;

internal sealed class GetTicket : IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) => app
        .MapGet("tickets/{id:long}", Handle)
        .WithName("Tickets_Get")
        .WithSummary("A ticket: stage, owner, due times, SLA state and the transitions open from here")
        .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<TicketView>, ProblemHttpResult>> Handle(long id, DbSession session, TimeProvider clock, CancellationToken ct)
    {
        var view = await TicketView.LoadAsync(await session.ConnectionAsync(ct), null, id, clock.GetUtcNow());
        return view is null ? Problems.NotFound("Ticket", id) : TypedResults.Ok(view);
    }
}
