using Csm.Modules.Rules.Evaluation;

namespace Csm.Modules.Rules.Features;

internal sealed class ListRules(DbSession session) : Endpoint<ListRules.QueryString, Ok<Paged<RuleView>>>
{
    /// <summary>The query string.</summary>
    public sealed record QueryString(bool? Enabled, int? Page, int? PageSize);

    public override void Configure()
    {
        Get("rules");
        Group<RulesGroup>();
        Description(d => d
            .WithName("Rules_List")
            .WithSummary("Lists rules, optionally only enabled or disabled ones"));
    }

    public override async Task<Ok<Paged<RuleView>>> ExecuteAsync(QueryString query, CancellationToken ct)
    {
        var (enabled, page, pageSize) = query;
        var paging = PageRequest.From(page, pageSize);
        var c = await session.ConnectionAsync(ct);
        var filter = enabled is null ? "" : "WHERE is_enabled = @Enabled";
        var p = new { Enabled = enabled, paging.Offset, Limit = paging.PageSize };
        var total = await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM rul_rules {filter}", p);
        var rows = await c.QueryAsync<RuleRow>($"SELECT {RuleStore.Columns} FROM rul_rules {filter} ORDER BY id {session.Dialect.Page}", p);
        return TypedResults.Ok(new Paged<RuleView>(rows.Select(RuleView.From).ToList(), total, paging.Page, paging.PageSize));
    }
}
