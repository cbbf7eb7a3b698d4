using System.Text.Json;
using Csm.Modules.Rules.Facts;
using Csm.Modules.Rules.Events;

namespace Csm.Modules.Rules.Conditions;

/// <summary>Checks a condition as written and types its values; every problem is reported under its JSON path.</summary>
internal sealed class ConditionParser
{
    private const int MaxDepth = 8;
    private const int MaxPredicates = 50;
    private static readonly string[] Comparisons = ["eq", "ne", "lt", "lte", "gt", "gte"];

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);
    private int _predicates;

    public IReadOnlyDictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public static (ConditionNode? Node, IReadOnlyDictionary<string, string[]> Errors) Parse(Condition? condition, string path = "condition")
    {
        var parser = new ConditionParser();
        var node = parser.Node(condition, path, 0);
        return (parser._errors.Count == 0 ? node : null, parser.Errors);
    }

    private void Error(string path, string message)
    {
        if (!_errors.TryGetValue(path, out var list)) _errors[path] = list = [];
        list.Add(message);
    }

    private ConditionNode? Node(Condition? c, string path, int depth)
    {
        if (c is null)
        {
            Error(path, "A condition is required.");
            return null;
        }
        if (depth > MaxDepth)
        {
            Error(path, $"Conditions may nest at most {MaxDepth} levels.");
            return null;
        }
        var kinds = (c.All is not null ? 1 : 0) + (c.Any is not null ? 1 : 0) + (c.Not is not null ? 1 : 0) + (c.Fact is not null ? 1 : 0);
        if (kinds != 1)
        {
            Error(path, "Each condition has exactly one of: all, any, not, fact.");
            return null;
        }
        if (c.All is not null) return Group(c.All, path + ".all", depth, items => new AllOf(items));
        if (c.Any is not null) return Group(c.Any, path + ".any", depth, items => new AnyOf(items));
        if (c.Not is not null) return Node(c.Not, path + ".not", depth + 1) is { } inner ? new NotNode(inner) : null;
        return Leaf(c, path);
    }

    private ConditionNode? Group(IReadOnlyList<Condition> items, string path, int depth, Func<IReadOnlyList<ConditionNode>, ConditionNode> make)
    {
        if (items.Count == 0)
        {
            Error(path, "A group needs at least one condition.");
            return null;
        }
        var nodes = items.Select((item, i) => Node(item, $"{path}[{i}]", depth + 1)).ToList();
        return nodes.All(n => n is not null) ? make(nodes!) : null;
    }

    private Predicate? Leaf(Condition c, string path)
    {
        if (++_predicates == MaxPredicates + 1) Error(path, $"A condition may have at most {MaxPredicates} predicates.");
        var fact = FactCatalog.Find(c.Fact!);
        if (fact is null)
        {
            Error(path + ".fact", $"Unknown fact '{c.Fact}'. Known facts: {FactCatalog.KnownNames}.");
            return null;
        }
        var op = c.Op ?? "";
        if (!Predicate.Ops.Contains(op, StringComparer.Ordinal))
        {
            Error(path + ".op", $"Unknown operator '{c.Op}'. Use one of: {string.Join(", ", Predicate.Ops)}.");
            return null;
        }
        var allowed = AllowedOps(fact);
        if (!allowed.Contains(op, StringComparer.Ordinal))
        {
            Error(path + ".op", $"'{op}' does not apply to {fact.Name} ({Describe(fact)}). Use one of: {string.Join(", ", allowed)}.");
            return null;
        }
        if (c.ValueFact is not null) return AgainstFact(c, fact, op, path);
        if (c.Factor is not null) Error(path + ".factor", "factor is used only with valueFact.");

        var value = c.Value is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } v ? v : (JsonElement?)null;
        if (op is "isSet" or "isNotSet")
        {
            if (value is not null) Error(path + ".value", $"'{op}' takes no value.");
            return _errors.Count == 0 ? new Predicate(fact, op, [], null, 1) : null;
        }
        if (value is null)
        {
            Error(path + ".value", $"'{op}' needs a value.");
            return null;
        }
        var values = op switch
        {
            "between" => List(value.Value, fact, path + ".value", exactly: 2),
            "in" => List(value.Value, fact, path + ".value", exactly: null),
            "within" => Scalar(value.Value, fact, path + ".value") is { } n ? [0d, n] : null,
            _ => Scalar(value.Value, fact, path + ".value") is { } s ? [s] : null,
        };
        if (values is null) return null;
        if (op == "between" && (double)values[0] > (double)values[1])
        {
            Error(path + ".value", "between needs [low, high] with low ≤ high.");
            return null;
        }
        if (op == "within" && (double)values[1] < 0)
        {
            Error(path + ".value", "within needs a number of days ≥ 0.");
            return null;
        }
        return new Predicate(fact, op == "within" ? "between" : op, values, null, 1);
    }

    private Predicate? AgainstFact(Condition c, Fact fact, string op, string path)
    {
        var other = FactCatalog.Find(c.ValueFact!);
        if (other is null) Error(path + ".valueFact", $"Unknown fact '{c.ValueFact}'. Known facts: {FactCatalog.KnownNames}.");
        else if (other.Type != FactType.Number || fact.Type != FactType.Number)
            Error(path + ".valueFact", "valueFact compares two number facts (e.g. ticketsLast30Days with monthlyTicketBaseline).");
        if (!Comparisons.Contains(op, StringComparer.Ordinal)) Error(path + ".op", $"With valueFact use one of: {string.Join(", ", Comparisons)}.");
        if (c.Value is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined }) Error(path + ".value", "Give either value or valueFact, not both.");
        var factor = c.Factor ?? 1;
        if (!double.IsFinite(factor) || factor < 0 || factor > 1_000_000) Error(path + ".factor", "factor must be a number from 0 to 1000000.");
        return other is null || _errors.Count > 0 ? null : new Predicate(fact, op, [], other, factor);
    }

    private List<object>? List(JsonElement value, Fact fact, string path, int? exactly)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            Error(path, exactly == 2 ? "between needs an array [low, high]." : "in needs an array of values.");
            return null;
        }
        var count = value.GetArrayLength();
        if (exactly is { } n && count != n || count == 0 || count > 100)
        {
            Error(path, exactly == 2 ? "between needs exactly two values [low, high]." : "in needs 1 to 100 values.");
            return null;
        }
        var items = value.EnumerateArray().Select((item, i) => Scalar(item, fact, $"{path}[{i}]")).ToList();
        return items.All(i => i is not null) ? items.Select(i => i!).ToList() : null;
    }

    private object? Scalar(JsonElement value, Fact fact, string path)
    {
        if (fact.IsNumeric)
        {
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
            {
                Error(path, $"{fact.Name} is {Describe(fact)}; the value must be a number, not {Shown(value)}.");
                return null;
            }
            if (fact.IsDays && (number != Math.Floor(number) || Math.Abs(number) > 36_500))
            {
                Error(path, $"{fact.Name} counts whole days; use an integer from -36500 to 36500.");
                return null;
            }
            return number;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            Error(path, $"{fact.Name} is {Describe(fact)}; the value must be a string, not {Shown(value)}.");
            return null;
        }
        var text = value.GetString()!;
        if (text.Length is 0 or > 500)
        {
            Error(path, "The value must be 1 to 500 characters.");
            return null;
        }
        if (fact.AllowedValues is { } allowed && !allowed.Contains(text, StringComparer.Ordinal))
        {
            Error(path, $"{fact.Name} is one of: {string.Join(", ", allowed)}.");
            return null;
        }
        if (fact.Type == FactType.Tags && text.Contains('|', StringComparison.Ordinal))
        {
            Error(path, "A tag cannot contain '|'.");
            return null;
        }
        return text;
    }

    private static string Shown(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the text \"{value.GetString()}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };

    public static string Describe(Fact fact) => fact.Type switch
    {
        FactType.Number => "a number",
        FactType.Text => "a text",
        FactType.Tags => "a set of tags",
        _ => "a number of days",
    };

    public static string[] AllowedOps(Fact fact) => fact.Type switch
    {
        FactType.Number => ["eq", "ne", "lt", "lte", "gt", "gte", "between", "in", "isSet", "isNotSet"],
        FactType.Text => ["eq", "ne", "in", "isSet", "isNotSet"],
        FactType.Tags => ["contains"],
        _ => ["eq", "ne", "lt", "lte", "gt", "gte", "between", "in", "within", "isSet", "isNotSet"],
    };
}
