using System.Text.Json;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Messaging;
using Csm.Modules.Tickets.Sla;

namespace Csm.Modules.Tickets.Data;

/// <summary>
/// The shape of every change to a ticket: load it in a transaction, check the caller's version, write the new state
/// with the version bumped and due times recomputed, record history and events, commit.
/// </summary>
internal sealed class TicketChanges(
    DbSession session, Outbox outbox, OutboundQueue outbound, Notifications.CustomerMessages toCustomer, SlaPlanner planner, IStaffDirectory staff, BuildingBlocks.Templates.MessageTemplates templates, TimeProvider clock)
{
    public DateTimeOffset Now { get; } = clock.GetUtcNow();
    public Outbox Outbox => outbox;
    public OutboundQueue Outbound => outbound;
    /// <summary>Messages to the ticket's customer: by e-mail, or back through WeChat when the ticket came from there.</summary>
    public Notifications.CustomerMessages ToCustomer => toCustomer;
    public BuildingBlocks.Templates.MessageTemplates Templates => templates;
    public ISqlDialect Dialect => session.Dialect;
    public SlaPlanner Planner => planner;
    public IStaffDirectory Staff => staff;

    /// <summary>The ticket to change, or the 404/409 to answer. Opens the transaction.</summary>
    public async Task<(TicketRow? Ticket, ProblemHttpResult? Problem)> LoadAsync(long id, long version, CancellationToken ct)
    {
        var tx = await session.BeginAsync(ct);
        var ticket = await TicketStore.ByIdAsync(await session.ConnectionAsync(ct), id, tx);
        if (ticket is null) return (null, Problems.NotFound("Ticket", id));
        if (ticket.Version != version) return (null, Problems.StaleVersion(version, ticket.Version));
        return (ticket, null);
    }

    public Task<System.Data.Common.DbConnection> ConnectionAsync(CancellationToken ct) => session.ConnectionAsync(ct);
    public System.Data.Common.DbTransaction? Transaction => session.Transaction;

    /// <summary>Writes <paramref name="after"/> over <paramref name="before"/>; false when someone else changed it meanwhile.</summary>
    public async Task<bool> SaveAsync(TicketRow before, TicketRow after, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        var changed = await c.ExecuteAsync(
            """
            UPDATE tkt_tickets SET stage = @Stage, status = @Status, priority = @Priority, category = @Category, subject = @Subject, description = @Description, assignee = @Assignee, team = @Team,
              outcome = @Outcome, fields = @Fields, updated_at = @UpdatedAt, first_responded_at = @FirstRespondedAt,
              first_response_business_minutes = @FirstResponseBusinessMinutes, stage_entered_at = @StageEnteredAt, paused_at = @PausedAt,
              paused_minutes = @PausedMinutes, stage_paused_base = @StagePausedBase, resolved_at = @ResolvedAt, reopen_count = @ReopenCount, version = version + 1
            WHERE id = @Id AND version = @Version
            """,
            new
            {
                after.Stage, after.Status, Priority = EnumText.Of(after.Priority), after.Category, after.Subject, after.Description, after.Assignee, after.Team, after.Outcome,
                after.Fields, UpdatedAt = Now, after.FirstRespondedAt, after.FirstResponseBusinessMinutes, after.StageEnteredAt,
                after.PausedAt, after.PausedMinutes, after.StagePausedBase, after.ResolvedAt, after.ReopenCount, before.Id, before.Version,
            }, session.Transaction);
        if (changed == 0) return false;
        await planner.SaveAsync(before.Id, await planner.ComputeAsync(after, ct), ct);
        return true;
    }

    public async Task HistoryAsync(long ticketId, string? actor, string action, object? detail, CancellationToken ct) =>
        await TicketStore.AddHistoryAsync(await session.ConnectionAsync(ct), session.Transaction, ticketId, Now, actor, action, detail);

    /// <summary>Commits and answers with the ticket as it now is.</summary>
    public async Task<Ok<TicketView>> CommitAsync(long ticketId, CancellationToken ct)
    {
        var view = await TicketView.LoadAsync(await session.ConnectionAsync(ct), session.Transaction, ticketId, Now);
        await session.CommitAsync(ct);
        return TypedResults.Ok(view!);
    }

    public async Task<ProblemHttpResult> StaleAsync(TicketRow before, CancellationToken ct)
    {
        await session.RollbackAsync(ct);
        return Problems.StaleVersion(before.Version, before.Version + 1);
    }

    public async Task<ValidationProblem> InvalidAsync(string field, string message, CancellationToken ct)
    {
        await session.RollbackAsync(ct);
        return Problems.Invalid(field, message);
    }

    public static string FieldsJson(IReadOnlyDictionary<string, string> fields) => JsonSerializer.Serialize(fields);
}

internal static class TicketChangeEndpoints
{
    /// <summary>What every endpoint that changes a ticket answers besides 200 and its validator's 400: 404, 409 on a stale version.</summary>
    public static RouteHandlerBuilder ChangesATicket(this RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);
}
