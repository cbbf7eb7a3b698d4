using System.Data.Common;
using System.Text.Json;
using Csm.Modules.Tickets.Contracts;
using Dapper;

namespace Csm.Modules.Tickets.Data;

/// <summary>Where a ticket is: open (the SLA clock runs), waiting for the customer (it is paused), closed (a final stage).</summary>
internal static class TicketStatus
{
    public const string Open = "open";
    public const string WaitingForCustomer = "waitingForCustomer";
    public const string Closed = "closed";
}

internal sealed record TicketRow
{
    public long Id { get; init; }
    public string Number { get; init; } = "";
    public string TypeCode { get; init; } = "";
    public TicketKind Kind { get; init; }
    public long WorkflowId { get; init; }
    public string Stage { get; init; } = "";
    public string Status { get; init; } = "";
    public long CustomerId { get; init; }
    public string CustomerTier { get; init; } = "";
    public TicketChannel Channel { get; init; }
    public TicketPriority Priority { get; init; }
    public string? Category { get; init; }
    public string Subject { get; init; } = "";
    public string? Description { get; init; }
    public string? Assignee { get; init; }
    public string? Team { get; init; }
    public string? Source { get; init; }
    public string? Outcome { get; init; }
    public string Fields { get; init; } = "{}";
    public long? SlaPolicyId { get; init; }
    public long? CalendarId { get; init; }
    public long? FirstResponseMinutes { get; init; }
    public long? ResolutionMinutes { get; init; }
    public double AtRiskShare { get; init; }
    public string? CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? FirstRespondedAt { get; init; }
    public double? FirstResponseBusinessMinutes { get; init; }
    public DateTimeOffset? FirstResponseDueAt { get; init; }
    public DateTimeOffset? ResolutionDueAt { get; init; }
    public DateTimeOffset StageEnteredAt { get; init; }
    public DateTimeOffset? StageDueAt { get; init; }
    public DateTimeOffset? NextDueAt { get; init; }
    public DateTimeOffset? NextRiskAt { get; init; }
    public DateTimeOffset? PausedAt { get; init; }
    public double PausedMinutes { get; init; }
    /// <summary>The pause total when the ticket entered its stage: the stage's own pauses are the difference.</summary>
    public double StagePausedBase { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public long ReopenCount { get; init; }
    public long Version { get; init; }
    /// <summary>The ticket this duplicate was merged into (it is closed and points there).</summary>
    public long? MergedIntoId { get; init; }
    /// <summary>The ticket this one belongs under: the complaint a repair came from.</summary>
    public long? ParentId { get; init; }
    public string Tags { get; init; } = "[]";

    public IReadOnlyList<string> TagList => JsonSerializer.Deserialize<List<string>>(Tags) ?? [];

    public Dictionary<string, string> FieldValues => JsonSerializer.Deserialize<Dictionary<string, string>>(Fields) ?? [];
}

internal static class TicketStore
{
    public const string Columns = """
        id, number, type_code AS TypeCode, kind, workflow_id AS WorkflowId, stage, status, customer_id AS CustomerId,
        customer_tier AS CustomerTier, channel, priority, category, subject, description, assignee, team, source, outcome, fields,
        sla_policy_id AS SlaPolicyId, calendar_id AS CalendarId, first_response_minutes AS FirstResponseMinutes,
        resolution_minutes AS ResolutionMinutes, at_risk_share AS AtRiskShare, created_by AS CreatedBy, created_at AS CreatedAt,
        updated_at AS UpdatedAt, first_responded_at AS FirstRespondedAt, first_response_business_minutes AS FirstResponseBusinessMinutes,
        first_response_due_at AS FirstResponseDueAt, resolution_due_at AS ResolutionDueAt, stage_entered_at AS StageEnteredAt,
        stage_due_at AS StageDueAt, next_due_at AS NextDueAt, next_risk_at AS NextRiskAt, paused_at AS PausedAt,
        paused_minutes AS PausedMinutes, stage_paused_base AS StagePausedBase, resolved_at AS ResolvedAt, reopen_count AS ReopenCount, version,
        merged_into_id AS MergedIntoId, parent_id AS ParentId, tags
        """;

    public static Task<TicketRow?> ByIdAsync(DbConnection c, long id, DbTransaction? tx) =>
        c.QuerySingleOrDefaultAsync<TicketRow>($"SELECT {Columns} FROM tkt_tickets WHERE id = @Id", new { Id = id }, tx);

    public static async Task<bool> ExistsAsync(DbConnection c, long id) =>
        await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM tkt_tickets WHERE id = @Id", new { Id = id }) > 0;

    public static Task AddHistoryAsync(DbConnection c, DbTransaction? tx, long ticketId, DateTimeOffset at, string? actor, string action, object? detail) =>
        c.ExecuteAsync("INSERT INTO tkt_history (ticket_id, at, actor, action, detail) VALUES (@TicketId, @At, @Actor, @Action, @Detail)",
            new { TicketId = ticketId, At = at, Actor = actor, Action = action, Detail = detail is null ? null : JsonSerializer.Serialize(detail, HistoryJson) }, tx);

    private static readonly JsonSerializerOptions HistoryJson = new(JsonSerializerDefaults.Web);
}
