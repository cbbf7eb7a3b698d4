using System.Text.Json;
using Csm.BuildingBlocks.Data;
using Dapper;

namespace Csm.Modules.Tickets.Sla;

/// <summary>A ticket's SLA terms and due times after a re-plan, as one row of a batch.</summary>
internal sealed record ReplannedTicket(long Id, SlaTerms Terms, SlaDueTimes Due);

/// <summary>
/// Writes the due times of many tickets with ONE statement: the rows travel as a JSON array parameter that the engine
/// opens as a table (json_each on SQLite, OPENJSON on SQL Server, jsonb_array_elements on PostgreSQL) and joins to tkt_tickets. Business-time arithmetic
/// happens in C#; the database sees a single UPDATE however many tickets a policy or calendar edit touches.
/// </summary>
internal static class DueTimeBatch
{
    public static async Task<int> WriteAsync(DbSession session, IReadOnlyCollection<ReplannedTicket> tickets, CancellationToken ct)
    {
        if (tickets.Count == 0) return 0;
        var c = await session.ConnectionAsync(ct);
        var d = session.Dialect;
        string V(string key, SqlType type = SqlType.Time) => d.JsonValue("j.value", "$." + key, type);
        return await c.ExecuteAsync(
            $"""
            UPDATE tkt_tickets SET sla_policy_id = {V("p", SqlType.BigInt)}, calendar_id = {V("c", SqlType.BigInt)}, first_response_minutes = {V("fm", SqlType.BigInt)},
              resolution_minutes = {V("rm", SqlType.BigInt)}, at_risk_share = {V("s", SqlType.Float)}, first_response_due_at = {V("fd")}, first_response_risk_at = {V("fr")},
              resolution_due_at = {V("rd")}, resolution_risk_at = {V("rr")}, stage_due_at = {V("sd")}, stage_risk_at = {V("sr")},
              next_due_at = {V("nd")}, next_risk_at = {V("nr")}
            FROM {d.JsonRows("@Rows")} j
            WHERE tkt_tickets.id = {V("id", SqlType.BigInt)}
            """, new { Rows = Json(tickets) }, session.Transaction);
    }

    private static string Json(IEnumerable<ReplannedTicket> tickets) => JsonRows.Text(tickets, static (w, ticket) =>
    {
        var (id, terms, due) = ticket;
        w.WriteStartObject();
        w.WriteNumber("id", id);
        JsonRows.Number(w, "p", terms.PolicyId);
        JsonRows.Number(w, "c", terms.CalendarId);
        JsonRows.Number(w, "fm", terms.FirstResponseMinutes);
        JsonRows.Number(w, "rm", terms.ResolutionMinutes);
        w.WriteNumber("s", terms.AtRiskShare);
        Time(w, "fd", due.FirstResponseDueAt);
        Time(w, "fr", due.FirstResponseRiskAt);
        Time(w, "rd", due.ResolutionDueAt);
        Time(w, "rr", due.ResolutionRiskAt);
        Time(w, "sd", due.StageDueAt);
        Time(w, "sr", due.StageRiskAt);
        Time(w, "nd", due.NextDueAt);
        Time(w, "nr", due.NextRiskAt);
        w.WriteEndObject();
    });

    private static void Time(Utf8JsonWriter w, string key, DateTimeOffset? value)
    {
        if (value is { } v) w.WriteString(key, JsonRows.Time(v));
        else w.WriteNull(key);
    }
}
