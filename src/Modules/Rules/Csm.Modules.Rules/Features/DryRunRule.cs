using Csm.BuildingBlocks.Auth;
using Csm.Modules.Rules.Conditions;
using Csm.Modules.Rules.Evaluation;

namespace Csm.Modules.Rules.Features;

/// <summary>Who a saved rule would match now and why, without firing anything.</summary>
internal sealed class DryRunRule(DbSession session, RuleMatcher matcher)
    : EndpointWithoutRequest<Results<Ok<DryRunRule.Response>, ProblemHttpResult>>
{
    public const int MaxListed = 500;

    public sealed record Customer(long CustomerId, string? CustomerName, string? AccountManager, bool WouldFire, bool InCooldown, string Reason,
        IReadOnlyList<Explanation> Why);

    public new sealed record Response(long? RuleId, int Matched, int WouldFire, IReadOnlyList<Customer> Customers);

    public override void Configure()
    {
        Post("rules/{id:long}/dry-run");
        Group<RulesGroup>();
        Policies(Access.Manager);
        Description(d => d
            .WithName("Rules_DryRun")
            .WithSummary("Lists the customers a rule would match now, with each fact's value and threshold; changes nothing")
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<Ok<Response>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
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
