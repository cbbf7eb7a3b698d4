using System.Globalization;
using Csm.Modules.Rules.Facts;
using Csm.Modules.Rules.Events;

namespace Csm.Modules.Rules.Conditions;

/// <summary>
/// One parameterised query over the facts table for a whole rule: the facts the rule reads become columns of an
/// inner select, the condition becomes the outer WHERE. Values only ever travel as parameters. Day facts are
/// compared as dates or instants (so indexes work and no date arithmetic differs between engines).
/// </summary>
internal sealed class CompiledCondition
{
    public required string Sql { get; init; }
    public required DynamicParameters Parameters { get; init; }
    public required IReadOnlyList<(Fact Fact, string Alias)> Columns { get; init; }
}

internal sealed class ConditionCompiler
{
    private readonly ISqlDialect _dialect;
    private readonly DateTimeOffset _now;
    private readonly DateOnly _today;
    private readonly DynamicParameters _parameters = new();
    private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);
    private readonly List<(Fact Fact, string Alias)> _columns = [];
    private int _next;

    private ConditionCompiler(ISqlDialect dialect, DateTimeOffset now, DateOnly today)
    {
        _dialect = dialect;
        _now = now;
        _today = today;
        foreach (var (name, value) in FactParameters.For(now, today)) _parameters.Add(name, value);
    }

    /// <param name="outerColumns">Extra columns of the outer select over q (e.g. the cool-down flag).</param>
    /// <param name="condition">Null reads the facts of every customer (or of the one customer).</param>
    /// <param name="onlyCustomer">Restricts to one customer: an event rule evaluates the same query for the event's customer.</param>
    public static CompiledCondition Compile(ConditionNode? condition, IEnumerable<Fact> alsoRead, ISqlDialect dialect, DateTimeOffset now,
        DateOnly today, string outerColumns = "", long? onlyCustomer = null)
    {
        var compiler = new ConditionCompiler(dialect, now, today);
        var read = condition is null ? alsoRead : condition.Predicates().SelectMany(p => p.Facts).Concat(alsoRead);
        foreach (var fact in read) compiler.Column(fact);
        var where = condition is null ? "1 = 1" : compiler.Node(condition);
        if (onlyCustomer is not null) compiler._parameters.Add("OnlyCustomer", onlyCustomer);
        var inner = string.Join("", compiler._columns.Select(c => $", {compiler.Expression(c.Fact)} AS {c.Alias}"));
        var sql = $"""
            SELECT q.*{outerColumns} FROM (
              SELECT f.customer_id AS CustomerId, f.name AS CustomerName, f.email AS CustomerEmail, f.language AS CustomerLanguage, f.account_manager AS AccountManager{inner}
              FROM rul_customer_facts f
              WHERE f.is_erased = 0{(onlyCustomer is null ? "" : " AND f.customer_id = @OnlyCustomer")}
            ) q
            WHERE {where}
            ORDER BY q.CustomerId
            """;
        return new CompiledCondition { Sql = sql, Parameters = compiler._parameters, Columns = compiler._columns };
    }

    private string Column(Fact fact)
    {
        if (_aliases.TryGetValue(fact.Name, out var alias)) return "q." + alias;
        alias = "x" + _columns.Count.ToString(CultureInfo.InvariantCulture);
        _aliases[fact.Name] = alias;
        _columns.Add((fact, alias));
        return "q." + alias;
    }

    private string Expression(Fact fact) => fact.CustomField is null ? fact.Sql : fact.Sql.Replace("{0}", Parameter(fact.CustomField), StringComparison.Ordinal);

    private string Parameter(object value)
    {
        var name = "p" + (_next++).ToString(CultureInfo.InvariantCulture);
        _parameters.Add(name, value);
        return "@" + name;
    }

    private string Node(ConditionNode node) => node switch
    {
        AllOf a => "(" + string.Join(" AND ", a.Items.Select(Node)) + ")",
        AnyOf a => "(" + string.Join(" OR ", a.Items.Select(Node)) + ")",
        NotNode n => "(NOT " + Node(n.Inner) + ")",
        Predicate p => Leaf(p),
        _ => throw new InvalidOperationException($"Unknown condition node {node.GetType().Name}."),
    };

    // Every predicate is false when its fact is unknown (NULL), also under NOT: two-valued logic, like the in-memory
    // evaluation. CASE turns NULL into false while naming each fact once, so a fact's subquery runs once per test.
    private string Leaf(Predicate p)
    {
        var a = Column(p.Fact);
        if (p.ValueFact is not null) return True($"{a} {Symbol(p.Op)} {Column(p.ValueFact)} * {Parameter(p.Factor)}");
        return p.Op switch
        {
            "isSet" => $"({a} IS NOT NULL)",
            "isNotSet" => $"({a} IS NULL)",
            "contains" => $"({_dialect.Like(a, Parameter(_dialect.Contains("|" + (string)p.Values[0] + "|")))})",
            "between" => True($"{Compare(p.Fact, a, "gte", p.Values[0])} AND {Compare(p.Fact, a, "lte", p.Values[1])}"),
            "in" => True(string.Join(" OR ", p.Values.Select(v => Compare(p.Fact, a, "eq", v)))),
            "ne" => True($"NOT ({Compare(p.Fact, a, "eq", p.Values[0])})"),
            _ => True(Compare(p.Fact, a, p.Op, p.Values[0])),
        };
    }

    private static string True(string test) => $"(CASE WHEN {test} THEN 1 ELSE 0 END = 1)";

    private string Compare(Fact fact, string column, string op, object value)
    {
        if (!fact.IsDays) return $"{column} {Symbol(op)} {Parameter(value)}";
        var days = (int)(double)value;
        return op switch
        {
            "gte" => AtLeast(fact, column, days),
            "lte" => AtMost(fact, column, days),
            "gt" => AtLeast(fact, column, days + 1),
            "lt" => AtMost(fact, column, days - 1),
            "eq" => $"{AtLeast(fact, column, days)} AND {AtMost(fact, column, days)}",
            _ => throw new InvalidOperationException($"Operator {op} on days."),
        };
    }

    // "at least n days": a bound on the stored date or instant, in the direction the fact counts.
    private string AtLeast(Fact fact, string column, int days) => fact.Type switch
    {
        FactType.DaysUntilDate => $"{column} >= {Parameter(_today.AddDays(days))}",
        FactType.DaysSinceDate => $"{column} <= {Parameter(_today.AddDays(-days))}",
        _ => $"{column} <= {Parameter(_now.AddDays(-days))}",
    };

    private string AtMost(Fact fact, string column, int days) => fact.Type switch
    {
        FactType.DaysUntilDate => $"{column} <= {Parameter(_today.AddDays(days))}",
        FactType.DaysSinceDate => $"{column} >= {Parameter(_today.AddDays(-days))}",
        _ => $"{column} > {Parameter(_now.AddDays(-(days + 1)))}",
    };

    private static string Symbol(string op) => op switch
    {
        "eq" => "=",
        "ne" => "<>",
        "lt" => "<",
        "lte" => "<=",
        "gt" => ">",
        "gte" => ">=",
        _ => throw new InvalidOperationException($"No symbol for {op}."),
    };
}
