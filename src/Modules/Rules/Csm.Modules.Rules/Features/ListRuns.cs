
namespace Csm.Modules.Rules.Features;

internal sealed class ListRuns(DbSession session) : Endpoint<PageQuery, Results<Ok<Paged<ListRuns.Run>>, ProblemHttpResult>>
{
    public sealed record Run
    {
        public long Id { get; init; }
        public string Trigger { get; init; } = "";
        public DateTimeOffset StartedAt { get; init; }
        public DateTimeOffset? FinishedAt { get; init; }
        public long Matched { get; init; }
        public long Fired { get; init; }
        public long SkippedByCooldown { get; init; }
        public string? Error { get; init; }
    }

    public override void Configure()
    {
        Get("rules/{id:long}/runs");
        Group<RulesGroup>();
        Description(d => d
            .WithName("Rules_ListRuns")
            .WithSummary("Lists a rule's evaluations, newest first: matched, fired, skipped by cool-down, errors")
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<Ok<Paged<Run>>, ProblemHttpResult>> ExecuteAsync(PageQuery query, CancellationToken ct)
    {
        var id = Route<long>("id");
        var (page, pageSize) = query;
        var paging = PageRequest.From(page, pageSize);
        var c = await session.ConnectionAsync(ct);
        if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM rul_rules WHERE id = @Id", new { Id = id }) == 0) return Problems.NotFound("Rule", id);
        var p = new { Id = id, paging.Offset, Limit = paging.PageSize };
        var total = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM rul_runs WHERE rule_id = @Id", p);
        var runs = await c.QueryAsync<Run>(
            $"""
            SELECT id, trigger_kind AS "Trigger", started_at AS StartedAt, finished_at AS FinishedAt, matched, fired,
              skipped_by_cooldown AS SkippedByCooldown, error
            FROM rul_runs WHERE rule_id = @Id ORDER BY id DESC {session.Dialect.Page}
            """, p);
        return TypedResults.Ok(new Paged<Run>(runs.ToList(), total, paging.Page, paging.PageSize));
    }
}
