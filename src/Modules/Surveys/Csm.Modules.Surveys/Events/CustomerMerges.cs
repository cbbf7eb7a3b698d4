using Csm.BuildingBlocks.Data;
using Csm.Modules.Customers.Contracts;
using Dapper;
using MediatR;

namespace Csm.Modules.Surveys.Events;

/// <summary>
/// Survey invitations and responses follow a merge to the survivor (so its quiet period counts both); an undo moves
/// back the responses that were the restored customer's. Invitations stay with the survivor.
/// </summary>
internal sealed class CustomerMerges(DbSession session) : INotificationHandler<CustomerMerged>, INotificationHandler<CustomerUnmerged>
{
    public async Task Handle(CustomerMerged e, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        await c.ExecuteAsync(
            """
            UPDATE srv_invitations SET customer_id = @SurvivorId WHERE customer_id = @MergedId;
            UPDATE srv_responses SET customer_id = @SurvivorId WHERE customer_id = @MergedId;
            """, new { e.SurvivorId, e.MergedId }, session.Transaction);
    }

    public async Task Handle(CustomerUnmerged e, CancellationToken ct)
    {
        if (e.ResponseIds.Count == 0) return;
        var c = await session.ConnectionAsync(ct);
        await c.ExecuteAsync("UPDATE srv_responses SET customer_id = @RestoredId WHERE customer_id = @SurvivorId AND id IN @Ids",
            new { e.SurvivorId, e.RestoredId, Ids = e.ResponseIds }, session.Transaction);
    }
}
