using System.Security.Claims;
using Csm.BuildingBlocks.Auth;
using System.Text.Json;
using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Sla;

namespace Csm.Modules.Tickets.Notifications;

/// <summary>Why a person was told about a ticket.</summary>
internal enum NotificationKind
{
    /// <summary>A ticket they own is at risk of missing a target.</summary>
    AtRisk,
    /// <summary>A ticket they own missed a target.</summary>
    Breached,
    /// <summary>The escalation job reassigned a ticket to them (its target and whether at risk or breached say why).</summary>
    Escalated,
    /// <summary>A rule escalated a ticket and asked for their role to be told (the reason says why).</summary>
    RuleEscalated,
    /// <summary>A rule told them about a customer (the title is the rule, the reason its message).</summary>
    RuleNotice,
    /// <summary>The customer wrote on a ticket they own (e-mail, portal, WeChat); the reason is the start of what they wrote.</summary>
    CustomerReplied,
}

/// <summary>One notification to write. <paramref name="SlaState"/> is "atRisk" or "breached" for an escalation.</summary>
internal sealed record Notice(string Recipient, long? TicketId, NotificationKind Kind, SlaTarget? Target = null, string? SlaState = null, string? Reason = null)
{
    /// <summary>For a notification about a customer rather than a ticket.</summary>
    public long? CustomerId { get; init; }
    public string? Title { get; init; }
}

internal static class Notices
{
    /// <summary>
    /// Writes any number of notifications with ONE statement: the rows travel as a JSON array parameter the engine opens
    /// as a table (json_each on SQLite, OPENJSON on SQL Server), so an escalation scan that tells thousands of owners
    /// costs one round trip, not one per owner. With <paramref name="inHistory"/>, each owner told of a risk or a breach
    /// is also a "notified" line in the ticket's history, written by the same command.
    /// </summary>
    public static async Task WriteAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction? tx, ISqlDialect d,
        IReadOnlyCollection<Notice> notices, DateTimeOffset now, bool inHistory = false)
    {
        if (notices.Count == 0) return;
        // Each row is a JSON array, not an object: the engine reads a field by position, several times cheaper per row.
        string V(int i) => d.JsonText("j.value", $"$[{i}]");
        var rows = d.JsonRows("@Rows");
        var history = !inHistory ? "" : $"""
            ;
            INSERT INTO tkt_history (ticket_id, at, actor, action, detail)
            SELECT CAST({V(1)} AS BIGINT), @Now, 'sla', 'notified', {V(6)} FROM {rows} j WHERE {V(6)} IS NOT NULL
            """;
        await c.ExecuteAsync(
            $"""
            INSERT INTO tkt_notifications (recipient, ticket_id, kind, target, sla_state, reason, customer_id, title, created_at)
            SELECT {V(0)}, CAST({V(1)} AS BIGINT), {V(2)}, {V(3)}, {V(4)}, {V(5)}, CAST({V(7)} AS BIGINT), {V(8)}, @Now FROM {rows} j{history}
            """, new { Rows = Json(notices, inHistory), Now = now }, tx);
    }

    /// <summary>[recipient, ticket, kind, target, slaState, reason, history detail or null, customer, title].</summary>
    private static string Json(IEnumerable<Notice> notices, bool inHistory) => JsonRows.Text(notices, (w, n) =>
    {
        w.WriteStartArray();
        w.WriteStringValue(n.Recipient);
        if (n.TicketId is { } ticket) w.WriteNumberValue(ticket); else w.WriteNullValue();
        w.WriteStringValue(EnumText.Of(n.Kind));
        w.WriteStringValue(n.Target is { } g ? EnumText.Of(g) : null);
        w.WriteStringValue(n.SlaState);
        w.WriteStringValue(n.Reason);
        if (inHistory && n.Kind is NotificationKind.AtRisk or NotificationKind.Breached)
            w.WriteStringValue(JsonSerializer.Serialize(new { to = n.Recipient, target = n.Target?.ToString(), kind = EnumText.Of(n.Kind) }, HistoryJson));
        else
            w.WriteNullValue();
        if (n.CustomerId is { } customer) w.WriteNumberValue(customer); else w.WriteNullValue();
        w.WriteStringValue(n.Title);
        w.WriteEndArray();
    });

    private static readonly JsonSerializerOptions HistoryJson = new(JsonSerializerDefaults.Web);

    /// <summary>The signed-in person's user name; null for an API key, which acts for a system, not a person.</summary>
    public static string? PersonOf(ClaimsPrincipal user) =>
        user.IsApiKey() ? null : user.Identity?.Name;

    public static ProblemHttpResult NotAPerson() => TypedResults.Problem(
        "Notifications are for people: an API key has no inbox. Sign in as a person to read notifications.",
        statusCode: StatusCodes.Status403Forbidden, title: "Notifications are for people");
}
