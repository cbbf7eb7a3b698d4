using System.Data.Common;
using Csm.Modules.Reports.Rollups;

namespace Csm.Modules.Reports.Plans;

internal static partial class ImprovementPlan
{
    /// <param name="CustomerId">The customer the action is about; null for one about none ("retrain the night shift").</param>
    /// <param name="TicketId">The task Tickets opened for the action (with or without a customer), once it is open.</param>
    public sealed record ActionView(long Id, string Title, string Owner, DateOnly DueOn, long? CustomerId, long? TicketId, DateTimeOffset? DoneAt)
    {
        /// <summary>planned (no task yet), open (its task is being worked) or done (its task was resolved).</summary>
        public string State => DoneAt is not null ? "done" : TicketId is not null ? "open" : "planned";
    }

    /// <param name="Effect">Only when one plan is asked for; null before the plan starts.</param>
    public sealed record Plan(
        long Id, string Title, Problem Problem, Goal Goal, string Owner, DateOnly StartsOn, IReadOnlyList<ActionView> Actions,
        long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, Effect? Effect = null);
}

/// <summary>Plans' rows: one read per table for any number of plans, one write per table for a plan.</summary>
internal static class PlanStore
{
    private sealed record PlanRow
    {
        public long Id { get; init; }
        public string Title { get; init; } = "";
        public string? Description { get; init; }
        public string Metric { get; init; } = "";
        public string SegmentDimension { get; init; } = "";
        public string SegmentValue { get; init; } = "";
        public DateOnly StartsOn { get; init; }
        public string GoalMetric { get; init; } = "";
        public double GoalTarget { get; init; }
        public DateOnly GoalDate { get; init; }
        public string Owner { get; init; } = "";
        public long Version { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
    }

    private sealed record ActionRow
    {
        public long Id { get; init; }
        public long PlanId { get; init; }
        public string Title { get; init; } = "";
        public string Owner { get; init; } = "";
        public DateOnly DueOn { get; init; }
        public long? CustomerId { get; init; }
        public long? TicketId { get; init; }
        public DateTimeOffset? DoneAt { get; init; }
    }

    private const string Columns = """
        id, title, description, metric, segment_dimension AS SegmentDimension, segment_value AS SegmentValue, starts_on AS StartsOn,
        goal_metric AS GoalMetric, goal_target AS GoalTarget, goal_date AS GoalDate, owner, version, created_at AS CreatedAt, updated_at AS UpdatedAt
        """;

    private const string ActionColumns =
        "id, plan_id AS PlanId, title, owner, due_on AS DueOn, customer_id AS CustomerId, ticket_id AS TicketId, done_at AS DoneAt";

    public static async Task<(IReadOnlyList<ImprovementPlan.Plan> Plans, long Total)> PageAsync(DbConnection c, ISqlDialect dialect, PageRequest page)
    {
        var total = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM rpt_plans");
        var rows = (await c.QueryAsync<PlanRow>($"SELECT {Columns} FROM rpt_plans ORDER BY starts_on DESC, id DESC {dialect.Page}",
            new { page.Offset, Limit = page.PageSize, page.PageSize })).ToList();
        return (await ViewsAsync(c, null, rows), total);
    }

    public static async Task<ImprovementPlan.Plan?> FindAsync(DbConnection c, DbTransaction? tx, long id)
    {
        var rows = (await c.QueryAsync<PlanRow>($"SELECT {Columns} FROM rpt_plans WHERE id = @Id", new { Id = id }, tx)).ToList();
        return rows.Count == 0 ? null : (await ViewsAsync(c, tx, rows))[0];
    }

    private static async Task<IReadOnlyList<ImprovementPlan.Plan>> ViewsAsync(DbConnection c, DbTransaction? tx, List<PlanRow> plans)
    {
        if (plans.Count == 0) return [];
        var ids = plans.Select(p => p.Id).ToList();
        var themes = (await c.QueryAsync<(long PlanId, string Theme)>(
            "SELECT plan_id, theme FROM rpt_plan_themes WHERE plan_id IN @Ids ORDER BY theme", new { Ids = ids }, tx)).ToLookup(t => t.PlanId, t => t.Theme);
        var actions = (await c.QueryAsync<ActionRow>(
            $"SELECT {ActionColumns} FROM rpt_plan_actions WHERE plan_id IN @Ids ORDER BY plan_id, position", new { Ids = ids }, tx)).ToLookup(a => a.PlanId);
        return plans.Select(p => new ImprovementPlan.Plan(p.Id, p.Title,
            new ImprovementPlan.Problem(p.Description, themes[p.Id].ToList(), p.Metric,
                new ImprovementPlan.Segment(p.SegmentDimension, p.SegmentDimension == Measures.All ? null : p.SegmentValue)),
            new ImprovementPlan.Goal(p.GoalMetric, p.GoalTarget, p.GoalDate), p.Owner, p.StartsOn,
            actions[p.Id].Select(a => new ImprovementPlan.ActionView(a.Id, a.Title, a.Owner, a.DueOn, a.CustomerId, a.TicketId, a.DoneAt)).ToList(),
            p.Version, p.CreatedAt, p.UpdatedAt)).ToList();
    }

    private static object Values(ImprovementPlan.Form f, DateTimeOffset now) => new
    {
        f.Title, f.Problem.Description, f.Problem.Metric, SegmentDimension = f.Problem.Segment.Dimension,
        SegmentValue = f.Problem.Segment.Dimension == Measures.All ? Measures.All : f.Problem.Segment.Value!.Trim(),
        f.StartsOn, GoalMetric = f.Goal.Metric, GoalTarget = f.Goal.Target, GoalDate = f.Goal.Date, f.Owner, Now = now,
    };

    public static async Task<long> InsertAsync(DbConnection c, DbTransaction tx, ISqlDialect dialect, ImprovementPlan.Form f, DateTimeOffset now)
    {
        var id = await c.ExecuteScalarAsync<long>(dialect.InsertReturningId("rpt_plans",
            "title, description, metric, segment_dimension, segment_value, starts_on, goal_metric, goal_target, goal_date, owner, version, created_at, updated_at",
            "@Title, @Description, @Metric, @SegmentDimension, @SegmentValue, @StartsOn, @GoalMetric, @GoalTarget, @GoalDate, @Owner, 1, @Now, @Now"),
            Values(f, now), tx);
        await ReplacePartsAsync(c, tx, id, f);
        return id;
    }

    /// <summary>False when the version is not the plan's (someone changed it meanwhile).</summary>
    public static async Task<bool> UpdateAsync(DbConnection c, DbTransaction tx, long id, long version, ImprovementPlan.Form f, DateTimeOffset now)
    {
        var args = new DynamicParameters(Values(f, now));
        args.AddDynamicParams(new { Id = id, Version = version });
        var updated = await c.ExecuteAsync("""
            UPDATE rpt_plans SET title = @Title, description = @Description, metric = @Metric, segment_dimension = @SegmentDimension,
              segment_value = @SegmentValue, starts_on = @StartsOn, goal_metric = @GoalMetric, goal_target = @GoalTarget, goal_date = @GoalDate,
              owner = @Owner, version = version + 1, updated_at = @Now
            WHERE id = @Id AND version = @Version
            """, args, tx);
        if (updated == 0) return false;
        await ReplacePartsAsync(c, tx, id, f);
        return true;
    }

    public static async Task DeleteAsync(DbConnection c, DbTransaction tx, long id) => await c.ExecuteAsync("""
        DELETE FROM rpt_plan_themes WHERE plan_id = @Id;
        DELETE FROM rpt_plan_actions WHERE plan_id = @Id;
        DELETE FROM rpt_plans WHERE id = @Id;
        """, new { Id = id }, tx);

    /// <summary>
    /// Themes replaced; actions matched by position keep their id, task and done time when their title, owner and customer
    /// stay, so editing a plan does not orphan its tasks.
    /// </summary>
    private static async Task ReplacePartsAsync(DbConnection c, DbTransaction tx, long id, ImprovementPlan.Form f)
    {
        await c.ExecuteAsync("DELETE FROM rpt_plan_themes WHERE plan_id = @Id", new { Id = id }, tx);
        await c.ExecuteAsync("INSERT INTO rpt_plan_themes (plan_id, theme) VALUES (@Id, @Theme)",
            f.Problem.Themes.Distinct(StringComparer.Ordinal).Select(t => new { Id = id, Theme = t }), tx);
        var kept = (await c.QueryAsync<ActionRow>(
            $"SELECT {ActionColumns} FROM rpt_plan_actions WHERE plan_id = @Id ORDER BY position",
            new { Id = id }, tx)).ToList();
        var changed = kept.Where((a, i) => i >= f.Actions.Count || a.Title != f.Actions[i].Title || a.Owner != f.Actions[i].Owner || a.CustomerId != f.Actions[i].CustomerId)
            .Select(a => a.Id).ToList();
        await c.ExecuteAsync("DELETE FROM rpt_plan_actions WHERE id IN @Ids", new { Ids = changed }, tx);
        var same = kept.Select((a, i) => (a.Id, Position: i)).Where(x => !changed.Contains(x.Id)).Select(x => new { x.Id, x.Position, f.Actions[x.Position].DueOn });
        await c.ExecuteAsync("UPDATE rpt_plan_actions SET due_on = @DueOn, position = @Position WHERE id = @Id", same, tx);
        await c.ExecuteAsync("""
            INSERT INTO rpt_plan_actions (plan_id, position, title, owner, due_on, customer_id) VALUES (@PlanId, @Position, @Title, @Owner, @DueOn, @CustomerId)
            """, f.Actions.Select((a, i) => new { PlanId = id, Position = i, a.Title, a.Owner, a.DueOn, a.CustomerId })
                .Where(a => a.Position >= kept.Count || changed.Contains(kept[a.Position].Id)), tx);
    }
}
