using System.Text.Json;
using Csm.Modules.Tickets.Contracts;
using MediatR;

namespace Csm.Modules.Customers.Events;

/// <summary>
/// The customer's tickets as the 360 view shows them, kept from the Tickets module's events. Each handler is an
/// upsert or a guarded update, so a redelivery changes nothing.
/// </summary>
internal sealed class TicketsSeen(DbSession session) :
    INotificationHandler<TicketCreated>, INotificationHandler<TicketAssigned>, INotificationHandler<TicketStageChanged>,
    INotificationHandler<TicketResolved>, INotificationHandler<TicketReopened>, INotificationHandler<TicketClosed>,
    INotificationHandler<SlaBreached>
{
    public async Task Handle(TicketCreated e, CancellationToken ct)
    {
        if (e.CustomerId == TicketsContracts.NoCustomer) return; // a task about no customer is in no customer's view
        var c = await session.ConnectionAsync(ct);
        await c.ExecuteAsync(session.Dialect.InsertIfAbsent("cus_ticket_view",
                "ticket_id, customer_id, number, type_code, kind, subject, priority, stage, assignee, is_open, created_at, due_at, breached",
                "@TicketId, @CustomerId, @Number, @TypeCode, @Kind, @Subject, @Priority, @Stage, @Assignee, 1, @CreatedAt, @DueAt, 0",
                "ticket_id"),
            new { e.TicketId, e.CustomerId, e.Number, e.TypeCode, Kind = EnumText.Of(e.Kind), e.Subject, Priority = EnumText.Of(e.Priority), e.Stage, e.Assignee, e.CreatedAt, DueAt = e.ResolutionDueAt },
            session.Transaction);
    }

    public Task Handle(TicketAssigned e, CancellationToken ct) =>
        UpdateAsync("assignee = @Assignee", new { e.TicketId, e.Assignee }, ct);

    public Task Handle(TicketStageChanged e, CancellationToken ct) =>
        UpdateAsync("stage = @Stage", new { e.TicketId, Stage = e.ToStage }, ct);

    public Task Handle(TicketResolved e, CancellationToken ct) =>
        UpdateAsync("is_open = 0, resolved_at = @ResolvedAt", new { e.TicketId, e.ResolvedAt }, ct);

    public Task Handle(TicketReopened e, CancellationToken ct) =>
        UpdateAsync("is_open = 1, resolved_at = NULL, stage = @Stage", new { e.TicketId, e.Stage }, ct);

    public Task Handle(TicketClosed e, CancellationToken ct) =>
        UpdateAsync("is_open = 0, resolved_at = COALESCE(resolved_at, @ClosedAt)", new { e.TicketId, e.ClosedAt }, ct);

    public Task Handle(SlaBreached e, CancellationToken ct) =>
        UpdateAsync("breached = 1", new { e.TicketId }, ct);

    private async Task UpdateAsync(string set, object values, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        await c.ExecuteAsync($"UPDATE cus_ticket_view SET {set} WHERE ticket_id = @TicketId", values, session.Transaction);
    }
}
