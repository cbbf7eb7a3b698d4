using Csm.Modules.Tickets.Contracts;
using MediatR;

namespace Csm.Modules.Tickets.Features.Views;

internal sealed class TicketViewQuery(Db db) : IRequestHandler<FindTicketViews, IReadOnlyList<long>>
{
    public async Task<IReadOnlyList<long>> Handle(FindTicketViews request, CancellationToken ct)
    {
        if (request.Ids.Count == 0) return [];
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<long>(
            "SELECT id FROM tkt_views WHERE id IN @Ids AND (is_shared = 1 OR owner = @Person)", new { request.Ids, request.Person })).ToList();
    }
}
