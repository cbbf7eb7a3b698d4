using Csm.BuildingBlocks.Auth;
using Csm.Modules.Rules.Conditions;
using Csm.Modules.Rules.Evaluation;

namespace Csm.Modules.Rules.Features;

/// <summary>Who a saved rule would match now and why, without firing anything.</summary>
internal sealed class DryRunRule : IEndpoint
{
    public const int MaxListed = 500;

    public sealed record Customer(long CustomerId, string? CustomerName, string? AccountManager, bool WouldFire, bool InCooldown, string Reason,
        IReadOnlyList<Explanation> Why);

    public sealed record Response(long? RuleId, int Matched, int WouldFire, IReadOnlyList<Customer> Customers);

    public static void Map(IEndpointRouteBuilder app) => app
        .MapPost("rules/{id:long}/dry-run", Handle)
        .WithName("Rules_DryRun")
        .WithSummary("Lists the customers a rule would match now, with each fact's value and threshold; changes nothing")
        .RequireAuthorization(Policies.Manager)
        .ProducesProblem(StatusCodes.Status404NotFound);

    internal static async Task<Results<Ok<Response>, ProblemHttpResult>> Handle(long id, DbSession session, RuleMatcher matcher, CancellationToken ct)
    {
        if (await RuleStore.FindAsync(session, id, ct) is not { } rule) return Problems.NotFound("Rule", id);
        var definition = rule.Definition;
        return TypedResults.Ok(await ListAsync(matcher, definition, rule.Condition, id, ct));
    }

    internal static async Task<Response> ListAsync(RuleMatcher matcher, RuleDefinition definition, ConditionNode condition, long? ruleId, CancellationToken ct)
    {
        var alsoRead = definition.Actions.SelectMany(ActionRunner.Texts).SelectMany(TemplateText.Facts);
        var matches = await matcher.MatchAsync(condition, alsoRead, ruleId, definition.CooldownDays, null, ct);
        var customers = matches.Take(MaxListed)
            .Select(m => new Customer(m.CustomerId, m.CustomerName, m.AccountManager, !m.CoolingDown, m.CoolingDown, m.Reason, m.Why))
            .ToList();
        return new Response(ruleId, matches.Count, matches.Count(m => !m.CoolingDown), customers);
    }
}
