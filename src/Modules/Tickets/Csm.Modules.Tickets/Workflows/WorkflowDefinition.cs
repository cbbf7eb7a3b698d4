using System.Text.Json;
using Csm.BuildingBlocks.Auth;

namespace Csm.Modules.Tickets.Workflows;

/// <summary>A stage of a workflow: who owns it, how long it may take, and what must be known to leave it.</summary>
/// <param name="TimeLimitMinutes">Business minutes a ticket may stay in the stage; null for no limit.</param>
/// <param name="RequiredFields">Fields a transition out of this stage must carry (or the ticket must already hold), each
/// with its kind. A plain name (as workflows were written before kinds) reads as a text field.</param>
/// <param name="AssigneeMayMove">Whether the ticket's assignee may move it on without being the stage's owner; unset:
/// yes for stages of agents and account managers, no for a manager's or an approval.</param>
/// <param name="IsApproval">Leaving the stage is a decision of its owning role: approve (any of its other transitions)
/// or reject (its reject transition), always with a reason.</param>
/// <param name="GoesToAccountManager">Entering the stage gives the ticket to the customer's account manager (a visit the
/// account manager makes); when the customer has none, to the next agent of the team, and the history says why.</param>
internal sealed record WorkflowStage(
    string Code, string Name, bool IsStart, bool IsFinal, string? OwnerRole, string? OwnerTeam,
    int? TimeLimitMinutes, IReadOnlyList<RequiredField>? RequiredFields, bool? AssigneeMayMove = null, bool IsApproval = false,
    bool GoesToAccountManager = false);

/// <param name="IsReopen">The only kind of transition allowed out of a final stage.</param>
/// <param name="IsReject">Out of an approval stage: where a rejected ticket goes.</param>
internal sealed record WorkflowTransition(string From, string To, bool IsReopen = false, bool IsReject = false);

/// <summary>The stages and transitions of a workflow, as stored (JSON) and as configured over the API.</summary>
internal sealed record WorkflowDefinition(IReadOnlyList<WorkflowStage> Stages, IReadOnlyList<WorkflowTransition> Transitions)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);
    public static WorkflowDefinition FromJson(string json) => JsonSerializer.Deserialize<WorkflowDefinition>(json, Json)!;

    public WorkflowStage Start => Stages.Single(s => s.IsStart);
    public WorkflowStage? Stage(string code) => Stages.FirstOrDefault(s => s.Code == code);

    /// <summary>
    /// The kind of every field some stage requires. A value is held on the ticket from the stage it is given in to the
    /// end, so a field has one kind across the workflow (Problems refuses two).
    /// </summary>
    public IReadOnlyDictionary<string, RequiredField> Fields() =>
        Stages.SelectMany(s => s.RequiredFields ?? []).Where(f => f is not null).DistinctBy(f => f.Name).ToDictionary(f => f.Name);

    public IEnumerable<WorkflowTransition> From(string stage, bool reopen = false) =>
        Transitions.Where(t => t.From == stage && t.IsReopen == reopen);

    /// <summary>Everything wrong with a definition, keyed by the JSON path of the part at fault.</summary>
    public static IEnumerable<(string Field, string Message)> Problems(IReadOnlyList<WorkflowStage> stages, IReadOnlyList<WorkflowTransition> transitions)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < stages.Count; i++)
        {
            var s = stages[i];
            if (!index.TryAdd(s.Code, i)) yield return ($"stages[{i}].code", $"Stage code '{s.Code}' is used twice.");
            if (s.OwnerRole is not null && !Roles.All.Contains(s.OwnerRole))
                yield return ($"stages[{i}].ownerRole", $"Unknown role '{s.OwnerRole}'. Use one of: {string.Join(", ", Roles.All)}.");
            if (s.IsApproval && s.OwnerRole is null)
                yield return ($"stages[{i}].ownerRole", $"Approval stage '{s.Code}' names the role that decides.");
            if (s.GoesToAccountManager && s.IsFinal)
                yield return ($"stages[{i}].goesToAccountManager", $"Final stage '{s.Code}' closes the ticket: it goes to nobody.");
            if (s.IsApproval && (s.IsStart || s.IsFinal))
                yield return ($"stages[{i}].isApproval", $"Approval stage '{s.Code}' can be neither the start nor a final stage.");
            if (s.IsApproval && (!transitions.Any(t => t.From == s.Code && t.IsReject) || !transitions.Any(t => t.From == s.Code && !t.IsReject && !t.IsReopen)))
                yield return ($"stages[{i}]", $"Approval stage '{s.Code}' needs a transition to approve and a reject transition.");
        }
        for (var i = 0; i < transitions.Count; i++)
        {
            if (transitions[i].IsReject && !stages.Any(s => s.Code == transitions[i].From && s.IsApproval))
                yield return ($"transitions[{i}].isReject", $"Only a transition out of an approval stage can be its reject transition.");
        }
        foreach (var problem in FieldProblems(stages)) yield return problem;
        var starts = stages.Count(s => s.IsStart);
        if (starts != 1) yield return ("stages", $"A workflow needs exactly one start stage; this one has {starts}.");
        if (!stages.Any(s => s.IsFinal)) yield return ("stages", "A workflow needs at least one final stage.");
        if (stages.Any(s => s.IsStart && s.IsFinal)) yield return ("stages", "The start stage cannot be final.");

        var valid = new List<WorkflowTransition>();
        for (var i = 0; i < transitions.Count; i++)
        {
            var t = transitions[i];
            var from = index.TryGetValue(t.From, out var f) ? stages[f] : null;
            var to = index.TryGetValue(t.To, out var g) ? stages[g] : null;
            if (from is null) yield return ($"transitions[{i}].from", $"Unknown stage '{t.From}'.");
            if (to is null) yield return ($"transitions[{i}].to", $"Unknown stage '{t.To}'.");
            if (from is null || to is null) continue;
            if (from.IsFinal && !t.IsReopen)
                yield return ($"transitions[{i}]", $"'{t.From}' is a final stage: the only way out of it is a reopen transition.");
            else if (t.IsReopen && !from.IsFinal)
                yield return ($"transitions[{i}].isReopen", "A reopen transition must leave a final stage.");
            else if (t.IsReopen && to.IsFinal)
                yield return ($"transitions[{i}].to", "A reopen transition must lead to a stage that is not final.");
            else valid.Add(t);
        }
        if (starts != 1 || index.Count != stages.Count) yield break;

        var reachable = Walk([stages.Single(s => s.IsStart).Code], valid, forward: true);
        var canFinish = Walk(stages.Where(s => s.IsFinal).Select(s => s.Code), valid.Where(t => !t.IsReopen).ToList(), forward: false);
        for (var i = 0; i < stages.Count; i++)
        {
            if (!reachable.Contains(stages[i].Code))
                yield return ($"stages[{i}]", $"Stage '{stages[i].Code}' cannot be reached from the start stage.");
            else if (!canFinish.Contains(stages[i].Code))
                yield return ($"stages[{i}]", $"From stage '{stages[i].Code}' no final stage can be reached (a cycle with no exit).");
        }
    }

    /// <summary>A name twice in a stage, or one name with two kinds in the workflow.</summary>
    private static IEnumerable<(string Field, string Message)> FieldProblems(IReadOnlyList<WorkflowStage> stages)
    {
        var kinds = new Dictionary<string, (FieldKind Kind, string Stage)>(StringComparer.Ordinal);
        for (var i = 0; i < stages.Count; i++)
        {
            var fields = stages[i].RequiredFields ?? [];
            var names = new HashSet<string>(StringComparer.Ordinal);
            for (var j = 0; j < fields.Count; j++)
            {
                var f = fields[j];
                if (f is null || string.IsNullOrWhiteSpace(f.Name) || f.UnknownKind is not null) continue;
                if (!names.Add(f.Name))
                    yield return ($"stages[{i}].requiredFields[{j}].name", $"Stage '{stages[i].Code}' requires '{f.Name}' twice.");
                else if (kinds.TryGetValue(f.Name, out var first) && first.Kind != f.Kind)
                    yield return ($"stages[{i}].requiredFields[{j}].kind",
                        $"'{f.Name}' is a {FieldKinds.Name(first.Kind)} field in stage '{first.Stage}': a field keeps one kind across the workflow.");
                else kinds.TryAdd(f.Name, (f.Kind, stages[i].Code));
            }
        }
    }

    private static HashSet<string> Walk(IEnumerable<string> from, IReadOnlyList<WorkflowTransition> transitions, bool forward)
    {
        var seen = new HashSet<string>(from, StringComparer.Ordinal);
        var queue = new Queue<string>(seen);
        while (queue.TryDequeue(out var stage))
        {
            foreach (var t in transitions)
            {
                var (a, b) = forward ? (t.From, t.To) : (t.To, t.From);
                if (a == stage && seen.Add(b)) queue.Enqueue(b);
            }
        }
        return seen;
    }
}
