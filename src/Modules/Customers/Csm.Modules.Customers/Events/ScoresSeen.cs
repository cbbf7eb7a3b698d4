using Csm.Modules.Surveys.Contracts;
using Csm.BuildingBlocks.Messaging;

namespace Csm.Modules.Customers.Events;

/// <summary>
/// The customer's survey scores, for the latest scores and trend on the 360 view. Anonymous answers carry no customer.
/// A run of answers is one statement run for each.
/// </summary>
internal sealed class ScoresSeen(DbSession session) : IBatchNotificationHandler<SurveyResponded>
{
    public Task Handle(SurveyResponded e, CancellationToken ct) => Handle([e], ct);

    public async Task Handle(IReadOnlyList<SurveyResponded> events, CancellationToken ct)
    {
        var scored = events.Where(e => e.CustomerId is not null)
            .Select(e => new { e.ResponseId, e.CustomerId, e.Nps, e.Csat, e.Ces, e.RespondedAt }).ToList();
        if (scored.Count == 0) return;
        var c = await session.ConnectionAsync(ct);
        await c.ExecuteAsync(session.Dialect.InsertIfAbsent("cus_score_view",
                "response_id, customer_id, nps, csat, ces, responded_at", "@ResponseId, @CustomerId, @Nps, @Csat, @Ces, @RespondedAt", "response_id"),
            scored, session.Transaction);
    }
}
