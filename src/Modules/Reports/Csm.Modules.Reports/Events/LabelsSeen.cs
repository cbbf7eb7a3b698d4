using Csm.Modules.Tickets.Contracts;
using MediatR;

namespace Csm.Modules.Reports.Events;

/// <summary>Keeps each ticket's tags and field values as the latest event says, one row per value, for group-by.</summary>
internal sealed class LabelsSeen(DbSession session) : INotificationHandler<TicketLabelled>
{
    public const string Tag = "tag";
    public const string FieldPrefix = "field:";

    public async Task Handle(TicketLabelled e, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        var tx = session.Transaction;
        await c.ExecuteAsync("DELETE FROM rpt_ticket_labels WHERE ticket_id = @TicketId", new { e.TicketId }, tx);
        var rows = e.Tags.Select(t => (Dimension: Tag, Value: t.ToLowerInvariant()))
            .Concat(e.Fields.SelectMany(f => f.Value.Select(v => (Dimension: FieldPrefix + f.Key, Value: v))))
            .Where(r => r.Value.Length is > 0 and <= 400)
            .Distinct()
            .Select(r => new { e.TicketId, r.Dimension, r.Value });
        await c.ExecuteAsync("INSERT INTO rpt_ticket_labels (ticket_id, dimension, value) VALUES (@TicketId, @Dimension, @Value)", rows, tx);
    }
}
