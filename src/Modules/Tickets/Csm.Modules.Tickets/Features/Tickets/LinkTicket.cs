using Csm.Modules.Tickets.Data;

namespace Csm.Modules.Tickets.Features.Tickets;

/// <summary>
/// Puts a ticket under a parent (the complaint a repair came from, a site visit covering several calls) or takes it out
/// (parentId null). The chain never loops back on itself; both tickets' histories say so.
/// </summary>
internal sealed class LinkTicket(TicketChanges changes)
    : Endpoint<LinkTicket.Request, Results<Ok<TicketView>, ValidationProblem, ProblemHttpResult>>
{
    /// <param name="ParentId">The parent ticket, or null to unlink.</param>
    public sealed record Request(long? ParentId, long Version);

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.ParentId).GreaterThan(0).When(r => r.ParentId is not null);
            RuleFor(r => r.Version).GreaterThan(0);
        }
    }

    /// <summary>Parents are at most this deep: a deeper chain is a mistake, and the loop check stops here.</summary>
    private const int MaxDepth = 20;

    public override void Configure()
    {
        Put("tickets/{id:long}/parent");
        Group<TicketsGroup>();
        Description(d => d
            .WithName("Tickets_SetParent")
            .WithSummary("Sets or clears a ticket's parent ticket (parent/child links)")
            .WithDescription("400 naming `parentId` for the ticket itself, an unknown ticket, or a parent that is already below this ticket.")
            .ChangesATicket());
    }

    public override async Task<Results<Ok<TicketView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var id = Route<long>("id");
        if (request.ParentId == id) return Problems.Invalid("parentId", "A ticket cannot be its own parent.");
        var (ticket, problem) = await changes.LoadAsync(id, request.Version, ct);
        if (ticket is null) return problem!;
        var c = await changes.ConnectionAsync(ct);
        var tx = changes.Transaction;
        if (ticket.ParentId == request.ParentId) return await changes.CommitAsync(id, ct);
        TicketRef? parent = null;
        if (request.ParentId is { } parentId)
        {
            parent = await TicketLinks.FindAsync(c, tx, parentId);
            if (parent is null) return await changes.InvalidAsync("parentId", $"Ticket {parentId} does not exist.", ct);
            // Walk up from the parent: meeting this ticket would make a loop.
            var above = (long?)parentId;
            for (var depth = 0; above is { } at; depth++)
            {
                if (at == id) return await changes.InvalidAsync("parentId", $"Ticket {parent.Number} is already below this ticket; a ticket cannot be its own ancestor.", ct);
                if (depth == MaxDepth) return await changes.InvalidAsync("parentId", $"Parents may be at most {MaxDepth} deep.", ct);
                above = await c.ExecuteScalarAsync<long?>("SELECT parent_id FROM tkt_tickets WHERE id = @Id", new { Id = at }, tx);
            }
        }
        var changed = await c.ExecuteAsync("UPDATE tkt_tickets SET parent_id = @ParentId, version = version + 1, updated_at = @Now WHERE id = @Id AND version = @Version",
            new { request.ParentId, Now = changes.Now, Id = id, ticket.Version }, tx);
        if (changed == 0) return await changes.StaleAsync(ticket, ct);

        var actor = User.Identity?.Name;
        if (ticket.ParentId is { } previous)
        {
            var old = await TicketLinks.FindAsync(c, tx, previous);
            await changes.HistoryAsync(id, actor, "unlinked", new { parent = previous, number = old?.Number }, ct);
            await changes.HistoryAsync(previous, actor, "childUnlinked", new { child = id, number = ticket.Number }, ct);
        }
        if (parent is not null)
        {
            await changes.HistoryAsync(id, actor, "linked", new { parent = parent.Id, number = parent.Number }, ct);
            await changes.HistoryAsync(parent.Id, actor, "childLinked", new { child = id, number = ticket.Number }, ct);
        }
        return await changes.CommitAsync(id, ct);
    }
}
