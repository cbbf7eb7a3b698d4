using Csm.BuildingBlocks.Data;
using Dapper;
using Quartz;

namespace Csm.Host.Operations;

/// <summary>
/// Keeps delivered events for <c>Outbox:KeepDeliveredDays</c> (default 7; 0 keeps them for ever): once an hour the events
/// delivered before that are deleted with their inbox records, a batch at a time. A delivered event is never delivered
/// again, so nothing needs it; its payload (a customer's name and contacts, an answer's comment) would otherwise stay in
/// the database for ever, an erased customer's too, and every event of every day would stay in the outbox's tables.
/// Waiting and parked events stay whatever their age. What a batch deletes is read before the write turn (on SQLite a
/// scan of the outbox must not hold the single writer), and the reading stops at the first batch that reaches events
/// created after the cut-off, whose delivery is later still.
/// </summary>
internal sealed class OutboxRetention(IServiceScopeFactory scopes, Db db, IConfiguration configuration, TimeProvider clock, ILogger<OutboxRetention> logger) : IJob
{
    public const string JobName = "outbox.retention";
    private const int Batch = 1_000;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var pruned = await PruneAsync(cancellationToken);
        if (pruned > 0) logger.LogInformation("Deleted {Count} delivered events past Outbox:KeepDeliveredDays", pruned);
    }

    /// <summary>Deletes the events delivered before the cut-off and their inbox records; how many events.</summary>
    public async Task<int> PruneAsync(CancellationToken ct)
    {
        var days = configuration.GetValue("Outbox:KeepDeliveredDays", 7);
        if (days <= 0) return 0;
        var before = clock.GetUtcNow().AddDays(-days);
        var (total, after) = (0, 0L);
        while (true)
        {
            List<(long Id, DateTimeOffset CreatedAt, DateTimeOffset? ProcessedAt)> rows;
            await using (var c = await db.OpenAsync(ct))
                rows = (await c.QueryAsync<(long, DateTimeOffset, DateTimeOffset?)>(
                    $"SELECT {db.Dialect.Top(Batch)} id, created_at, processed_at FROM outbox_messages WHERE id > @After ORDER BY id {db.Dialect.Limit(Batch)}",
                    new { After = after })).ToList();
            if (rows.Count == 0) return total;
            after = rows[^1].Id;
            var delivered = rows.Where(r => r.ProcessedAt < before).Select(r => r.Id).ToList();
            if (delivered.Count > 0)
                total += await scopes.WriteAsync(async (_, c, tx) =>
                {
                    await c.ExecuteAsync("DELETE FROM inbox_messages WHERE event_id IN (SELECT event_id FROM outbox_messages WHERE id IN @Ids)", new { Ids = delivered }, tx);
                    return await c.ExecuteAsync("DELETE FROM outbox_messages WHERE id IN @Ids AND processed_at < @Before", new { Ids = delivered, Before = before }, tx);
                }, ct);
            if (rows.Count < Batch || rows[^1].CreatedAt >= before) return total;
        }
    }
}
