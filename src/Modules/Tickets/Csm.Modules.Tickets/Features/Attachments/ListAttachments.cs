using Csm.Modules.Tickets.Attachments;
using Csm.Modules.Tickets.Data;

namespace Csm.Modules.Tickets.Features.Attachments;

internal sealed class ListAttachments(DbSession session)
    : EndpointWithoutRequest<Results<Ok<IReadOnlyList<AttachmentView>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("tickets/{id:long}/attachments");
        Group<TicketsGroup>();
        Description(d => d
            .WithName("Tickets_Attachments")
            .WithSummary("A ticket's files, oldest first, with those a merge brought from a duplicate marked")
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<Ok<IReadOnlyList<AttachmentView>>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        var c = await session.ConnectionAsync(ct);
        if (!await TicketStore.ExistsAsync(c, id)) return Problems.NotFound("Ticket", id);
        return TypedResults.Ok(await AttachmentStore.OfTicketAsync(c, id));
    }
}
