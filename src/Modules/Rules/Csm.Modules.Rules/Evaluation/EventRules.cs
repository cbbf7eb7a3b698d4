
namespace Csm.Modules.Rules.Evaluation;

/// <summary>
/// Evaluates the enabled rules triggered by an event for the one customer it concerns. Called by the facts
/// handlers after they updated the facts, in the same transaction, so the rule sees the event's effect.
/// </summary>
internal sealed class EventRules(DbSession session, RuleRunner runner)
{
    /// <summary>The enabled rules an event type triggers.</summary>
    private const string Triggered = "FROM rul_rules WHERE is_enabled = 1 AND event_type = @EventType";

    /// <summary>Whether any enabled rule is triggered by the event type (a handler taking a run of events asks once).</summary>
    public async Task<bool> AnyAsync(string eventType, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        return await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) {Triggered}", new { EventType = eventType }, session.Transaction) > 0;
    }

    /// <param name="surveyResponseId">The survey answer the event is, so a task the rule asks for follows up that answer.</param>
    public async Task OnEventAsync(string eventType, long customerId, long? ticketId, CancellationToken ct, long? surveyResponseId = null)
    {
        var c = await session.ConnectionAsync(ct);
        var rules = await c.QueryAsync<RuleRow>(
            $"SELECT {RuleStore.Columns} {Triggered} ORDER BY id",
            new { EventType = eventType }, session.Transaction);
        foreach (var rule in rules)
        {
            await runner.RunAsync(rule, "event:" + eventType, customerId, ticketId, ct, surveyResponseId: surveyResponseId);
        }
    }
}
