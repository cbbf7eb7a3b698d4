using System.Globalization;
using Csm.Modules.Rules.Facts;
using Csm.Modules.Rules.Events;

namespace Csm.Modules.Rules.Conditions;

/// <summary>
/// The same condition evaluated in memory over one customer's fact values: it explains a match (dry run, firing
/// reason) and is the oracle the SQL compilation is checked against.
/// </summary>
internal static class ConditionEvaluator
{
    public static bool Evaluate(ConditionNode node, Func<Fact, object?> valueOf) => node switch
    {
        AllOf a => a.Items.All(i => Evaluate(i, valueOf)),
        AnyOf a => a.Items.Any(i => Evaluate(i, valueOf)),
        NotNode n => !Evaluate(n.Inner, valueOf),
        Predicate p => Holds(p, valueOf),
        _ => throw new InvalidOperationException($"Unknown condition node {node.GetType().Name}."),
    };

    public static bool Holds(Predicate p, Func<Fact, object?> valueOf)
    {
        var value = valueOf(p.Fact);
        if (p.ValueFact is not null)
        {
            return value is double a && valueOf(p.ValueFact) is double b && Compare(a, p.Op, b * p.Factor);
        }
        switch (p.Op)
        {
            case "isSet": return value is not null;
            case "isNotSet": return value is null;
            case "contains": return value is IReadOnlyList<string> tags && tags.Contains((string)p.Values[0], StringComparer.OrdinalIgnoreCase);
        }
        if (value is null) return false;
        return p.Op switch
        {
            "between" => Compare(value, "gte", p.Values[0]) && Compare(value, "lte", p.Values[1]),
            "in" => p.Values.Any(v => Compare(value, "eq", v)),
            "ne" => !Compare(value, "eq", p.Values[0]),
            _ => Compare(value, p.Op, p.Values[0]),
        };
    }

    private static bool Compare(object value, string op, object threshold) => value switch
    {
        double d => Compare(d, op, (double)threshold),
        string s => op == "eq" && string.Equals(s, (string)threshold, StringComparison.Ordinal),
        _ => false,
    };

    private static bool Compare(double a, string op, double b) => op switch
    {
        "eq" => a == b,
        "lt" => a < b,
        "lte" => a <= b,
        "gt" => a > b,
        "gte" => a >= b,
        _ => false,
    };
}

/// <summary>Turns a stored column value into the fact's value: numbers as double, texts as string, tags as a list, days as whole days.</summary>
internal static class FactValues
{
    public static object? Read(Fact fact, object? raw, DateTimeOffset now, DateOnly today)
    {
        if (fact.Type == FactType.Tags)
        {
            return ((raw as string) ?? "|").Split('|', StringSplitOptions.RemoveEmptyEntries);
        }
        if (raw is null or DBNull) return null;
        return fact.Type switch
        {
            FactType.Number => Convert.ToDouble(raw, CultureInfo.InvariantCulture),
            FactType.Text => Convert.ToString(raw, CultureInfo.InvariantCulture),
            FactType.DaysUntilDate => (double)(Date(raw).DayNumber - today.DayNumber),
            FactType.DaysSinceDate => (double)(today.DayNumber - Date(raw).DayNumber),
            _ => (double)FloorDiv((now - Instant(raw)).Ticks, TimeSpan.TicksPerDay),
        };
    }

    private static long FloorDiv(long a, long b) => a / b - (a % b != 0 && (a < 0) != (b < 0) ? 1 : 0);

    private static DateOnly Date(object raw) => raw switch
    {
        DateOnly d => d,
        DateTime d => DateOnly.FromDateTime(d),
        string s => DateOnly.Parse(s.Length > 10 ? s[..10] : s, CultureInfo.InvariantCulture),
        _ => throw new InvalidCastException($"Cannot read a date from {raw.GetType().Name}."),
    };

    private static DateTimeOffset Instant(object raw) => raw switch
    {
        DateTimeOffset d => d,
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        _ => throw new InvalidCastException($"Cannot read a time from {raw.GetType().Name}."),
    };
}
