using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Messaging;
using Csm.Modules.Surveys.Invitations;
using Csm.Modules.Surveys.Data;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Csm.Modules.Surveys.Jobs;

/// <summary>
/// Relationship surveys (e.g. quarterly NPS): each due distribution invites its whole segment (tiers, tags) in one
/// run, with fatigue applied to the whole batch. The run moves next_run_at forward first, so on several hosts
/// only one of them fans out.
/// </summary>
internal sealed class RelationshipSurveys(Db db, IServiceScopeFactory scopes, InvitationIssuer issuer, TimeProvider clock)
{
    private sealed record Due
    {
        public long Id { get; init; }
        public long SurveyId { get; init; }
        public string Channel { get; init; } = "";
        public long ValidHours { get; init; }
        public string? SegmentTiers { get; init; }
        public string? SegmentTags { get; init; }
        public long EveryDays { get; init; }
        public DateTimeOffset NextRunAt { get; init; }
        public long? RemindAfterHours { get; init; }
    }

    public sealed record Run(long DistributionId, int Invited, int Suppressed);

    public async Task<IReadOnlyList<Run>> RunDueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        List<Due> due;
        await using (var c = await db.OpenAsync(ct))
        {
            due = (await c.QueryAsync<Due>(
                """
                SELECT id, survey_id AS SurveyId, channel, valid_hours AS ValidHours, segment_tiers AS SegmentTiers, segment_tags AS SegmentTags,
                  every_days AS EveryDays, next_run_at AS NextRunAt, remind_after_hours AS RemindAfterHours
                FROM srv_distributions WHERE kind = 'relationship' AND enabled = 1 AND next_run_at <= @Now ORDER BY next_run_at, id
                """, new { Now = now })).ToList();
        }
        var runs = new List<Run>();
        foreach (var d in due)
        {
            if (await RunOneAsync(d, now, ct) is { } run) runs.Add(run);
        }
        return runs;
    }

    private async Task<Run?> RunOneAsync(Due d, DateTimeOffset now, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        var next = d.NextRunAt;
        while (next <= now) next = next.AddDays(d.EveryDays);
        var claimed = await c.ExecuteAsync("UPDATE srv_distributions SET next_run_at = @Next WHERE id = @Id AND next_run_at = @Was",
            new { d.Id, Next = next, Was = d.NextRunAt }, tx);
        var survey = await SurveyQueries.CurrentAsync(c, d.SurveyId, tx);
        if (claimed == 0 || survey is null)
        {
            await session.RollbackAsync(ct);
            return null;
        }
        var tiers = d.SegmentTiers?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var tags = d.SegmentTags?.Split('\n', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var recipients = (await c.QueryAsync<Recipient>(
            $"""
            {Recipients.Select}
            WHERE erased = 0 AND (@AnyTier = 1 OR tier IN @Tiers)
              AND (@AnyTag = 1 OR EXISTS (SELECT 1 FROM srv_customer_tags t WHERE t.customer_id = srv_customers.customer_id AND t.tag IN @Tags))
            ORDER BY customer_id
            """, new { AnyTier = tiers.Length == 0, Tiers = tiers, AnyTag = tags.Length == 0, Tags = tags }, tx)).ToList();
        var issued = await issuer.IssueAsync(session, scope.ServiceProvider.GetRequiredService<Outbox>(), survey.Parsed,
            new IssueRequest(d.SurveyId, d.Id, d.Channel, now, TimeSpan.FromHours(d.ValidHours), null,
                d.RemindAfterHours is { } hours ? TimeSpan.FromHours(hours) : null), recipients, ct);
        await session.CommitAsync(ct);
        var suppressed = issued.Count(i => i.Status == InvitationStatus.Suppressed);
        return new Run(d.Id, issued.Count - suppressed, suppressed);
    }
}

[DisallowConcurrentExecution]
internal sealed class RelationshipSurveyJob(RelationshipSurveys surveys) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct) => await surveys.RunDueAsync(ct);
}
