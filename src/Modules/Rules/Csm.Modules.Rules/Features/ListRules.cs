using Csm.Modules.Rules.Evaluation;

namespace Csm.Modules.Rules.Features;

internal sealed class ListRules : IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) => app
        .MapGet("rules", Handle)
        .WithName("Rules_List")
        .WithSummary("Lists rules, optionally only enabled or disabled ones");

    internal static async Task<Ok<Paged<RuleView>>> Handle(DbSession session, bool? enabled, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var c = await session.ConnectionAsync(ct);
        var filter = enabled is null ? "" : "WHERE is_enabled = @Enabled";
        var p = new { Enabled = enabled, paging.Offset, Limit = paging.PageSize };
        var total = await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM rul_rules {filter}", p);
        var rows = await c.QueryAsync<RuleRow>($"SELECT {RuleStore.Columns} FROM rul_rules {filter} ORDER BY id {session.Dialect.Page}", p);
        return TypedResults.Ok(new Paged<RuleView>(rows.Select(RuleView.From).ToList(), total, paging.Page, paging.PageSize));
    }
}
