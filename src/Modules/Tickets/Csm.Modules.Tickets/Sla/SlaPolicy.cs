using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using Csm.Modules.Tickets.Contracts;
using Dapper;

namespace Csm.Modules.Tickets.Sla;

internal enum EscalationWhen { AtRisk, Breached }

internal enum EscalationAction { Notify, ReassignToSupervisor, ReassignToTeamLead, RaisePriority }

/// <summary>What the escalation job does when a target is at risk or breached.</summary>
/// <param name="Target">Which clock; null for any.</param>
/// <param name="AssignTo">For a reassignment: a named user; otherwise a manager of the ticket's team, else any manager.</param>
internal sealed record EscalationStep(EscalationWhen When, SlaTarget? Target, EscalationAction Action, string? AssignTo = null);

internal sealed record SlaPolicyRow
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string? TypeCode { get; init; }
    public string? Priority { get; init; }
    public string? Tier { get; init; }
    public long? CalendarId { get; init; }
    public long FirstResponseMinutes { get; init; }
    public long ResolutionMinutes { get; init; }
    public double AtRiskShare { get; init; }
    public string Escalation { get; init; } = "[]";
    public bool IsActive { get; init; }
    public long Version { get; init; }

    public IReadOnlyList<EscalationStep> Steps => SlaPolicyStore.ParseSteps(Escalation);
}

internal static class SlaPolicyStore
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public const string Columns = """
        id, name, type_code AS TypeCode, priority, tier, calendar_id AS CalendarId, first_response_minutes AS FirstResponseMinutes,
        resolution_minutes AS ResolutionMinutes, at_risk_share AS AtRiskShare, escalation, is_active AS IsActive, version
        """;

    public static IReadOnlyList<EscalationStep> ParseSteps(string json) => JsonSerializer.Deserialize<List<EscalationStep>>(json, Json) ?? [];


    public static Task<SlaPolicyRow?> ByIdAsync(DbConnection c, long id, DbTransaction? tx = null) =>
        c.QuerySingleOrDefaultAsync<SlaPolicyRow>($"SELECT {Columns} FROM tkt_sla_policies WHERE id = @Id", new { Id = id }, tx);

    /// <summary>
    /// The active policy that fits a ticket best: each of type, priority and tier either matches or is left open
    /// (null), and the most specific one wins (type over priority over tier), then the newest.
    /// </summary>
    public static Task<SlaPolicyRow?> MatchAsync(DbConnection c, DbTransaction? tx, string typeCode, TicketPriority priority, string tier) =>
        c.QueryFirstOrDefaultAsync<SlaPolicyRow>(
            $"""
            SELECT {Columns} FROM tkt_sla_policies
            WHERE is_active = 1 AND (type_code IS NULL OR type_code = @TypeCode) AND (priority IS NULL OR priority = @Priority)
              AND (tier IS NULL OR tier = @Tier)
            ORDER BY (CASE WHEN type_code IS NULL THEN 0 ELSE 4 END) + (CASE WHEN priority IS NULL THEN 0 ELSE 2 END)
              + (CASE WHEN tier IS NULL THEN 0 ELSE 1 END) DESC, id DESC
            """,
            new { TypeCode = typeCode, Priority = EnumText.Of(priority), Tier = tier }, tx);
}
