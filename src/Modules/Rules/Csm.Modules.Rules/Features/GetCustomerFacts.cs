using Csm.Modules.Rules.Evaluation;
using Csm.Modules.Rules.Facts;
using Csm.Modules.Rules.Events;

namespace Csm.Modules.Rules.Features;

/// <summary>What the rules see about one customer: every fact's current value, to answer "why did (not) this fire?".</summary>
internal sealed class GetCustomerFacts(DbSession session, RuleMatcher matcher)
    : EndpointWithoutRequest<Results<Ok<GetCustomerFacts.Response>, ProblemHttpResult>>
{
    public new sealed record Response(long CustomerId, string? CustomerName, string? AccountManager, IReadOnlyDictionary<string, object?> Facts);

    public override void Configure()
    {
        Get("rules/customer-facts/{customerId:long}");
        Group<RulesGroup>();
        Description(d => d
            .WithName("Rules_GetCustomerFacts")
            .WithSummary("Shows the facts rules evaluate for one customer")
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<Ok<Response>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var customerId = Route<long>("customerId");
        var c = await session.ConnectionAsync(ct);
        var fields = await c.QueryAsync<string>("SELECT name FROM rul_custom_fields WHERE customer_id = @CustomerId ORDER BY name", new { CustomerId = customerId });
        var facts = FactCatalog.All.Concat(fields.Select(f => FactCatalog.Find(FactCatalog.CustomFieldPrefix + f)).OfType<Fact>());
        var match = (await matcher.MatchAsync(null, facts, null, 1, customerId, ct)).SingleOrDefault();
        return match is null
            ? Problems.NotFound("Customer facts for customer", customerId)
            : TypedResults.Ok(new Response(match.CustomerId, match.CustomerName, match.AccountManager, match.Facts));
    }
}
