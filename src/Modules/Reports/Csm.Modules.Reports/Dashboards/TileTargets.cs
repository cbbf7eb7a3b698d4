using System.Data.Common;
using Csm.Modules.Rules.Contracts;
using Csm.Modules.Tickets.Contracts;
using MediatR;

namespace Csm.Modules.Reports.Dashboards;

/// <summary>
/// The things tiles refer to exist when a dashboard is saved: a rule (asked of Rules), a saved ticket view its audience sees
/// (asked of Tickets: a personal dashboard's owner sees their own and the shared views, a team or role only the shared
/// ones) and an improvement plan. One question per module for all the tiles. A target deleted later is the SPA's
/// "no longer exists", not a failing dashboard.
/// </summary>
internal static class TileTargets
{
    public static async Task<Dictionary<string, string[]>> MissingAsync(
        IMediator mediator, DbConnection c, DbTransaction? tx, IReadOnlyList<Tile> tiles, Audience audience, string owner, CancellationToken ct)
    {
        static List<long> Ids(IEnumerable<long?> ids) => ids.OfType<long>().Distinct().ToList();
        var ruleIds = Ids(tiles.Select(t => t.RuleId));
        var viewIds = Ids(tiles.Select(t => t.ViewId));
        var planIds = Ids(tiles.Select(t => t.PlanId));
        var rules = ruleIds.Count == 0 ? [] : (await mediator.Send(new FindRules(ruleIds), ct)).ToHashSet();
        var views = viewIds.Count == 0 ? [] : (await mediator.Send(
            new FindTicketViews(viewIds, audience.Kind == Audience.Person ? owner : null), ct)).ToHashSet();
        var plans = planIds.Count == 0 ? [] : (await c.QueryAsync<long>("SELECT id FROM rpt_plans WHERE id IN @Ids", new { Ids = planIds }, tx)).ToHashSet();

        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < tiles.Count; i++)
        {
            var t = tiles[i];
            if (t.RuleId is { } rule && !rules.Contains(rule))
                errors[$"tiles[{i}].ruleId"] = [$"There is no rule {rule}."];
            if (t.ViewId is { } view && !views.Contains(view))
                errors[$"tiles[{i}].viewId"] = [audience.Kind == Audience.Person
                    ? $"There is no saved ticket view {view} of yours or shared."
                    : $"There is no shared ticket view {view}; a dashboard shared with a {audience.Kind} shows only shared views."];
            if (t.PlanId is { } plan && !plans.Contains(plan))
                errors[$"tiles[{i}].planId"] = [$"There is no improvement plan {plan}."];
        }
        return errors;
    }
}
