using Csm.Modules.Tickets.Data;

namespace Csm.Modules.Tickets.Features.Tickets;

internal sealed class GetTicket(DbSession session, TimeProvider clock)
    : EndpointWithoutRequest<Results<Ok<TicketView>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("tickets/{id:long}");
        Group<TicketsGroup>();
        Description(d => d
            .WithName("Tickets_Get")
            .WithSummary("A ticket: stage, owner, due times, SLA state and the transitions open from here")
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<Ok<TicketView>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        var view = await TicketView.LoadAsync(await session.ConnectionAsync(ct), null, id, clock.GetUtcNow());
        return view is null ? Problems.NotFound("Ticket", id) : TypedResults.Ok(view);
    }
}
