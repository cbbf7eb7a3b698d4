using Csm.Modules.Customers.Contracts;
using MediatR;

namespace Csm.Modules.Tickets.Events;

/// <summary>The customers' machines as Tickets knows them: a ticket field of kind asset names one of its customer's.</summary>
internal sealed class AssetReadModel(DbSession session) : INotificationHandler<AssetUpserted>
{
    public async Task Handle(AssetUpserted e, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        var args = new { e.AssetId, e.CustomerId, e.Model, e.SerialNumber };
        var updated = await c.ExecuteAsync("UPDATE tkt_assets SET customer_id = @CustomerId, model = @Model, serial_number = @SerialNumber WHERE asset_id = @AssetId",
            args, session.Transaction);
        if (updated == 0)
        {
            await c.ExecuteAsync(session.Dialect.InsertIfAbsent("tkt_assets", "asset_id, customer_id, model, serial_number",
                "@AssetId, @CustomerId, @Model, @SerialNumber", "asset_id"), args, session.Transaction);
        }
    }
}
