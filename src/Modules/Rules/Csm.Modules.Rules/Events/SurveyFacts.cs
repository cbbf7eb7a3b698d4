using Csm.BuildingBlocks.Messaging;
using Csm.Modules.Rules.Evaluation;
using Csm.Modules.Surveys.Contracts;

using Csm.Modules.Rules.Facts;

namespace Csm.Modules.Rules.Events;

/// <summary>
/// Keeps each customer's latest NPS, CSAT and CES (newest answer wins, whatever order they arrive in), then runs the
/// rules the answer triggers. A run of answers is taken at once, one statement per fact for all of them, when no rule
/// is triggered by answers; when one is, each answer is taken alone in order, so each rule sees its own answer's facts.
/// </summary>
internal sealed class SurveyFacts(FactsStore facts, EventRules rules) : IBatchNotificationHandler<SurveyResponded>
{
    private sealed record Scores(long CustomerId, DateTimeOffset At, int? Nps, int? Csat, int? Ces, string Feedback);

    /// <summary>The facts kept per metric; the column names come from this fixed list, never from the event.</summary>
    private static readonly (string Metric, string Parameter, Func<Scores, int?> Value)[] Metrics =
        [("nps", "Nps", s => s.Nps), ("csat", "Csat", s => s.Csat), ("ces", "Ces", s => s.Ces)];

    public async Task Handle(SurveyResponded e, CancellationToken ct)
    {
        if (e.CustomerId is not { } customerId) return;
        await KeepAsync([e], ct);
        await rules.OnEventAsync(RuleEvents.SurveyResponded, customerId, e.TicketId, ct, e.ResponseId);
    }

    public async Task Handle(IReadOnlyList<SurveyResponded> events, CancellationToken ct)
    {
        if (await rules.AnyAsync(RuleEvents.SurveyResponded, ct))
        {
            foreach (var e in events) await Handle(e, ct);
            return;
        }
        await KeepAsync(events, ct);
    }

    private async Task KeepAsync(IReadOnlyList<SurveyResponded> events, CancellationToken ct)
    {
        var answered = events.Where(e => e.CustomerId is not null)
            .Select(e => new Scores(e.CustomerId!.Value, e.RespondedAt, e.Nps, e.Csat, e.Ces, EnumText.Of(e.Classification))).ToList();
        if (answered.Count == 0) return;
        await facts.EnsureCustomersAsync(answered.Select(s => s.CustomerId).Distinct().ToList(), ct);
        foreach (var (metric, parameter, value) in Metrics)
        {
            var scored = answered.Where(s => value(s) is not null).ToList();
            if (scored.Count == 0) continue;
            await facts.ExecuteAsync(
                $"UPDATE rul_customer_facts SET {metric} = @{parameter}, {metric}_at = @At WHERE customer_id = @CustomerId AND ({metric}_at IS NULL OR {metric}_at < @At)",
                scored, ct);
        }
        await facts.ExecuteAsync(
            """
            UPDATE rul_customer_facts SET last_survey_at = @At, last_feedback = @Feedback
            WHERE customer_id = @CustomerId AND (last_survey_at IS NULL OR last_survey_at < @At)
            """, answered, ct);
    }
}
