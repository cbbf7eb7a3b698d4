using System.Globalization;
using Csm.Modules.Rules.Conditions;
using Csm.Modules.Rules.Facts;
using Csm.Modules.Rules.Events;

namespace Csm.Modules.Rules.Evaluation;

/// <summary>Why one predicate held or not for a customer: the fact's value against the threshold.</summary>
internal sealed record Explanation(string Fact, string Op, object? Value, object? Threshold, bool Held);

/// <summary>A customer the rule's condition matches, with the values of the facts it read.</summary>
internal sealed record Match(
    long CustomerId, string? CustomerName, string? CustomerEmail, string? CustomerLanguage, string? AccountManager, bool CoolingDown,
    IReadOnlyDictionary<string, object?> Facts, IReadOnlyList<Explanation> Why)
{
    // Read several times per firing (the firing row, texts, the RuleFired event): built once.
    private string? _reason;

    public string Reason => _reason ??= string.Join("; ", Why.Where(w => w.Held).Select(w => $"{w.Fact} {w.Op} {Show(w.Threshold)}: {Show(w.Value)}"));

    public static string Show(object? value) => value switch
    {
        null => "unknown",
        double d => d.ToString("0.##", CultureInfo.InvariantCulture),
        IEnumerable<object> list => "[" + string.Join(", ", list.Select(Show)) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}

/// <summary>Runs a rule's compiled condition: one query for all customers (or for the one customer of an event).</summary>
internal sealed class RuleMatcher(DbSession session, RulesCalendar calendar)
{
    /// <param name="ruleId">When set, each match says whether the customer is still in the rule's cool-down.</param>
    public async Task<List<Match>> MatchAsync(ConditionNode? condition, IEnumerable<Fact> alsoRead, long? ruleId, int cooldownDays,
        long? onlyCustomer, CancellationToken ct)
    {
        var now = calendar.Now;
        var today = calendar.Today;
        var cooling = ruleId is null
            ? ", 0 AS CoolingDown"
            : ", CASE WHEN EXISTS (SELECT 1 FROM rul_firings x WHERE x.rule_id = @RuleId AND x.customer_id = q.CustomerId AND x.fired_at > @CooldownSince) THEN 1 ELSE 0 END AS CoolingDown";
        var compiled = ConditionCompiler.Compile(condition, alsoRead, session.Dialect, now, today, cooling, onlyCustomer);
        if (ruleId is not null)
        {
            compiled.Parameters.Add("RuleId", ruleId);
            compiled.Parameters.Add("CooldownSince", now.AddDays(-cooldownDays));
        }
        var connection = await session.ConnectionAsync(ct);
        var rows = await connection.QueryAsync(new CommandDefinition(compiled.Sql, compiled.Parameters, session.Transaction, cancellationToken: ct));
        var matches = new List<Match>();
        foreach (IDictionary<string, object?> raw in rows)
        {
            // PostgreSQL folds unquoted aliases to lower case ("AS CustomerId" reads back as customerid).
            var row = new Dictionary<string, object?>(raw, StringComparer.OrdinalIgnoreCase);
            var values = compiled.Columns.ToDictionary(c => c.Fact.Name, c => FactValues.Read(c.Fact, row[c.Alias], now, today), StringComparer.Ordinal);
            object? ValueOf(Fact f) => values[f.Name];
            var why = (condition?.Predicates() ?? []).Select(p => new Explanation(p.Fact.Name, p.Op, ValueOf(p.Fact), Threshold(p, ValueOf),
                ConditionEvaluator.Holds(p, ValueOf))).ToList();
            matches.Add(new Match(Convert.ToInt64(row["CustomerId"], CultureInfo.InvariantCulture), row["CustomerName"] as string,
                row["CustomerEmail"] as string, row["CustomerLanguage"] as string, row["AccountManager"] as string, Convert.ToInt64(row["CoolingDown"], CultureInfo.InvariantCulture) == 1,
                values, why));
        }
        return matches;
    }

    private static object? Threshold(Predicate p, Func<Fact, object?> valueOf) => p switch
    {
        { ValueFact: { } other } => valueOf(other) is double d ? d * p.Factor : null,
        { Op: "between" or "in" } => p.Values,
        { Values.Count: > 0 } => p.Values[0],
        _ => null,
    };
}
