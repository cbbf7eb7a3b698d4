using Csm.Modules.Surveys.Contracts;
using MediatR;

namespace Csm.Modules.Customers.Events;

/// <summary>The customer's survey scores, for the latest scores and trend on the 360 view. Anonymous answers carry no customer.</summary>
internal sealed class ScoresSeen(DbSession session) : INotificationHandler<SurveyResponded>
{
    public async Task Handle(SurveyResponded e, CancellationToken ct)
    {
        if (e.CustomerId is null) return;
        var c = await session.ConnectionAsync(ct);
        await c.ExecuteAsync(session.Dialect.InsertIfAbsent("cus_score_view",
                "response_id, customer_id, nps, csat, ces, responded_at", "@ResponseId, @CustomerId, @Nps, @Csat, @Ces, @RespondedAt", "response_id"),
            new { e.ResponseId, e.CustomerId, e.Nps, e.Csat, e.Ces, e.RespondedAt }, session.Transaction);
    }
}
