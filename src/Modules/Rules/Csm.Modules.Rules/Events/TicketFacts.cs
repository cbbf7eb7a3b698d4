using Csm.Modules.Rules.Evaluation;
using Csm.Modules.Tickets.Contracts;
using MediatR;

using Csm.Modules.Rules.Facts;

namespace Csm.Modules.Rules.Events;

/// <summary>
/// Keeps open tickets and the tickets-per-day counts from the Tickets module's events. A ticket's open state
/// follows the newest of its events by time, so a late TicketResolved does not reopen it or the reverse.
/// </summary>
internal sealed class TicketFacts(FactsStore facts, EventRules rules, TimeProvider clock) :
    INotificationHandler<TicketCreated>,
    INotificationHandler<TicketResolved>,
    INotificationHandler<TicketReopened>,
    INotificationHandler<TicketClosed>,
    INotificationHandler<SlaBreached>
{
    private const string Columns = "ticket_id, customer_id, kind, created_at, is_open, state_at, counted";
    private const string Values = "@TicketId, @CustomerId, @Kind, @CreatedAt, @IsOpen, @At, 0";

    private DateTimeOffset When(Csm.BuildingBlocks.Messaging.IntegrationEvent e) => e.OccurredAt == default ? clock.GetUtcNow() : e.OccurredAt;

    public async Task Handle(TicketCreated e, CancellationToken ct)
    {
        if (e.CustomerId == TicketsContracts.NoCustomer) return; // a task about no customer is no customer's fact
        await facts.EnsureCustomerAsync(e.CustomerId, ct);
        var p = new { e.TicketId, e.CustomerId, Kind = EnumText.Of(e.Kind), CreatedAt = (DateTimeOffset?)e.CreatedAt, IsOpen = true, At = When(e) };
        if (!await facts.InsertIfAbsentAsync("rul_tickets", Columns, Values, "ticket_id", p, ct))
        {
            await facts.ExecuteAsync("UPDATE rul_tickets SET kind = @Kind, created_at = @CreatedAt WHERE ticket_id = @TicketId AND created_at IS NULL", p, ct);
        }
        await facts.CountTicketOnceAsync(e.TicketId, e.CustomerId, e.CreatedAt, ct);
        await rules.OnEventAsync(RuleEvents.TicketCreated, e.CustomerId, e.TicketId, ct);
    }

    public async Task Handle(TicketResolved e, CancellationToken ct)
    {
        if (e.CustomerId == TicketsContracts.NoCustomer) return;
        await facts.EnsureCustomerAsync(e.CustomerId, ct);
        var p = new { e.TicketId, e.CustomerId, Kind = EnumText.Of(e.Kind), CreatedAt = (DateTimeOffset?)e.CreatedAt, IsOpen = false, At = When(e) };
        if (!await facts.InsertIfAbsentAsync("rul_tickets", Columns, Values, "ticket_id", p, ct))
        {
            await facts.ExecuteAsync(
                """
                UPDATE rul_tickets SET kind = COALESCE(kind, @Kind), created_at = COALESCE(created_at, @CreatedAt),
                  is_open = CASE WHEN state_at <= @At THEN 0 ELSE is_open END,
                  state_at = CASE WHEN state_at <= @At THEN @At ELSE state_at END
                WHERE ticket_id = @TicketId
                """, p, ct);
        }
        await facts.CountTicketOnceAsync(e.TicketId, e.CustomerId, e.CreatedAt, ct);
        await rules.OnEventAsync(RuleEvents.TicketResolved, e.CustomerId, e.TicketId, ct);
    }

    public async Task Handle(TicketReopened e, CancellationToken ct)
    {
        if (e.CustomerId == TicketsContracts.NoCustomer) return;
        await facts.EnsureCustomerAsync(e.CustomerId, ct);
        var p = new { e.TicketId, e.CustomerId, Kind = (string?)null, CreatedAt = (DateTimeOffset?)null, IsOpen = true, At = When(e) };
        if (!await facts.InsertIfAbsentAsync("rul_tickets", Columns, Values, "ticket_id", p, ct))
        {
            await facts.ExecuteAsync(
                "UPDATE rul_tickets SET is_open = 1, state_at = @At WHERE ticket_id = @TicketId AND state_at <= @At", p, ct);
        }
        await rules.OnEventAsync(RuleEvents.TicketReopened, e.CustomerId, e.TicketId, ct);
    }

    public async Task Handle(TicketClosed e, CancellationToken ct)
    {
        if (e.CustomerId == TicketsContracts.NoCustomer) return;
        await facts.EnsureCustomerAsync(e.CustomerId, ct);
        var p = new { e.TicketId, e.CustomerId, Kind = (string?)null, CreatedAt = (DateTimeOffset?)null, IsOpen = false, At = e.ClosedAt };
        if (!await facts.InsertIfAbsentAsync("rul_tickets", Columns, Values, "ticket_id", p, ct))
        {
            await facts.ExecuteAsync("UPDATE rul_tickets SET is_open = 0, state_at = @At WHERE ticket_id = @TicketId AND state_at <= @At", p, ct);
        }
    }

    public async Task Handle(SlaBreached e, CancellationToken ct)
    {
        if (e.CustomerId == TicketsContracts.NoCustomer) return;
        await facts.EnsureCustomerAsync(e.CustomerId, ct);
        await facts.ExecuteAsync(
            """
            UPDATE rul_customer_facts SET last_sla_breach_at = @At
            WHERE customer_id = @CustomerId AND (last_sla_breach_at IS NULL OR last_sla_breach_at < @At)
            """, new { e.CustomerId, At = e.DueAt }, ct);
        await rules.OnEventAsync(RuleEvents.SlaBreached, e.CustomerId, e.TicketId, ct);
    }
}
