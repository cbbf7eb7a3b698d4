using Csm.Modules.Rules.Evaluation;
using Csm.Modules.Surveys.Contracts;
using MediatR;

using Csm.Modules.Rules.Facts;

namespace Csm.Modules.Rules.Events;

/// <summary>Keeps each customer's latest NPS, CSAT and CES (newest answer wins, whatever order they arrive in).</summary>
internal sealed class SurveyFacts(FactsStore facts, EventRules rules) : INotificationHandler<SurveyResponded>
{
    public async Task Handle(SurveyResponded e, CancellationToken ct)
    {
        if (e.CustomerId is not { } customerId) return;
        await facts.EnsureCustomerAsync(customerId, ct);
        var p = new { CustomerId = customerId, At = e.RespondedAt, e.Nps, e.Csat, e.Ces, Feedback = EnumText.Of(e.Classification) };
        foreach (var metric in new[] { ("nps", e.Nps), ("csat", e.Csat), ("ces", e.Ces) }.Where(m => m.Item2 is not null).Select(m => m.Item1))
        {
            // The column names come from the fixed list above, never from the event.
            await facts.ExecuteAsync(
                $"UPDATE rul_customer_facts SET {metric} = @{char.ToUpperInvariant(metric[0])}{metric[1..]}, {metric}_at = @At WHERE customer_id = @CustomerId AND ({metric}_at IS NULL OR {metric}_at < @At)",
                p, ct);
        }
        await facts.ExecuteAsync(
            """
            UPDATE rul_customer_facts SET last_survey_at = @At, last_feedback = @Feedback
            WHERE customer_id = @CustomerId AND (last_survey_at IS NULL OR last_survey_at < @At)
            """, p, ct);
        await rules.OnEventAsync(RuleEvents.SurveyResponded, customerId, e.TicketId, ct, e.ResponseId);
    }
}
