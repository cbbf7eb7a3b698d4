using System.Text.Json;
using System.Text.Json.Serialization;
using Csm.Modules.Rules.Facts;
using Csm.Modules.Rules.Events;

namespace Csm.Modules.Rules.Conditions;

/// <summary>
/// A rule's condition as managers write it in JSON: a node is either a group ("all", "any", "not") or a predicate
/// over one fact: <c>{"fact":"daysToContractEnd","op":"between","value":[0,30]}</c>, or a comparison with another
/// fact times a factor: <c>{"fact":"ticketsLast30Days","op":"gte","valueFact":"monthlyTicketBaseline","factor":2}</c>.
/// </summary>
internal sealed record Condition
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Condition>? All { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Condition>? Any { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Condition? Not { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Fact { get; init; }
    /// <summary>eq, ne, lt, lte, gt, gte, between, in, within, isSet, isNotSet, contains.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Op { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Value { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ValueFact { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Factor { get; init; }
}

/// <summary>A validated condition, with values already typed for the fact they are compared with.</summary>
internal abstract record ConditionNode;

internal sealed record AllOf(IReadOnlyList<ConditionNode> Items) : ConditionNode;

internal sealed record AnyOf(IReadOnlyList<ConditionNode> Items) : ConditionNode;

internal sealed record NotNode(ConditionNode Inner) : ConditionNode;

/// <param name="Values">Numbers are double, texts string; empty for isSet / isNotSet.</param>
internal sealed record Predicate(Fact Fact, string Op, IReadOnlyList<object> Values, Fact? ValueFact, double Factor) : ConditionNode
{
    public static readonly string[] Ops = ["eq", "ne", "lt", "lte", "gt", "gte", "between", "in", "within", "isSet", "isNotSet", "contains"];

    public IEnumerable<Fact> Facts => ValueFact is null ? [Fact] : [Fact, ValueFact];
}

internal static class ConditionNodes
{
    public static IEnumerable<Predicate> Predicates(this ConditionNode node) => node switch
    {
        AllOf a => a.Items.SelectMany(Predicates),
        AnyOf a => a.Items.SelectMany(Predicates),
        NotNode n => n.Inner.Predicates(),
        Predicate p => [p],
        _ => [],
    };
}
