namespace Csm.Modules.Tickets.Workflows;

/// <summary>A stage named in a change summary: its code and its (bilingual) name as that version had it.</summary>
internal sealed record StageRef(string Code, string Name);

/// <summary>A stage's time limit in business minutes before and after an edit; null is no limit.</summary>
internal sealed record TimeLimitChange(int? Before, int? After);

/// <summary>A stage's name, owner role (null: none) or owner team (null: any) before and after an edit.</summary>
internal sealed record TextChange(string? Before, string? After)
{
    public static TextChange? Of(string? before, string? after) => before == after ? null : new(before, after);
}

/// <summary>A stage's yes-or-no setting (whether it goes to the account manager) before and after an edit.</summary>
internal sealed record FlagChange(bool Before, bool After)
{
    public static FlagChange? Of(bool before, bool after) => before == after ? null : new(before, after);
}

/// <summary>Which fields a stage newly requires, no longer requires, or requires with another kind.</summary>
internal sealed record RequiredFieldsChange(IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> KindChanged);

/// <summary>
/// A stage kept by an edit whose name, time limit, owner role or team, whether it goes to the account manager, or
/// required fields changed; null parts stayed the same.
/// </summary>
internal sealed record StageChange(string Code, string Name, TimeLimitChange? TimeLimitMinutes, TextChange? OwnerRole,
    RequiredFieldsChange? RequiredFields, TextChange? OwnerTeam = null, TextChange? Renamed = null, FlagChange? GoesToAccountManager = null);

/// <summary>A transition added or removed, with the names its stages had in the version that has it.</summary>
internal sealed record TransitionChange(string From, string To, bool IsReopen, string FromName, string ToName);

/// <summary>
/// What one version of a workflow changed against the version before it, stages matched by code. A manager reads it to
/// know what running tickets on the older version still follow.
/// </summary>
internal sealed record WorkflowChanges(
    IReadOnlyList<StageRef> StagesAdded, IReadOnlyList<StageRef> StagesRemoved, IReadOnlyList<StageChange> StagesChanged,
    IReadOnlyList<TransitionChange> TransitionsAdded, IReadOnlyList<TransitionChange> TransitionsRemoved)
{
    public bool IsEmpty => StagesAdded.Count + StagesRemoved.Count + StagesChanged.Count + TransitionsAdded.Count + TransitionsRemoved.Count == 0;

    public static WorkflowChanges Between(WorkflowDefinition before, WorkflowDefinition after)
    {
        var old = before.Stages.ToDictionary(s => s.Code, StringComparer.Ordinal);
        var now = after.Stages.ToDictionary(s => s.Code, StringComparer.Ordinal);
        var added = after.Stages.Where(s => !old.ContainsKey(s.Code)).Select(s => new StageRef(s.Code, s.Name)).ToList();
        var removed = before.Stages.Where(s => !now.ContainsKey(s.Code)).Select(s => new StageRef(s.Code, s.Name)).ToList();
        var changed = after.Stages.Where(s => old.ContainsKey(s.Code)).Select(s => Compare(old[s.Code], s)).OfType<StageChange>().ToList();
        // Records compare by value, so a transition is "the same" when from, to and reopen all match.
        var transitionsAdded = after.Transitions.Except(before.Transitions).Select(t => Named(t, now)).ToList();
        var transitionsRemoved = before.Transitions.Except(after.Transitions).Select(t => Named(t, old)).ToList();
        return new(added, removed, changed, transitionsAdded, transitionsRemoved);
    }

    private static TransitionChange Named(WorkflowTransition t, Dictionary<string, WorkflowStage> stages) =>
        new(t.From, t.To, t.IsReopen, stages.GetValueOrDefault(t.From)?.Name ?? t.From, stages.GetValueOrDefault(t.To)?.Name ?? t.To);

    private static StageChange? Compare(WorkflowStage before, WorkflowStage after)
    {
        var limit = before.TimeLimitMinutes == after.TimeLimitMinutes ? null : new TimeLimitChange(before.TimeLimitMinutes, after.TimeLimitMinutes);
        var role = TextChange.Of(before.OwnerRole, after.OwnerRole);
        var team = TextChange.Of(before.OwnerTeam, after.OwnerTeam);
        var name = TextChange.Of(before.Name, after.Name);
        var fields = CompareFields(before.RequiredFields ?? [], after.RequiredFields ?? []);
        var accountManager = FlagChange.Of(before.GoesToAccountManager, after.GoesToAccountManager);
        return limit is null && role is null && team is null && name is null && fields is null && accountManager is null
            ? null
            : new StageChange(after.Code, after.Name, limit, role, fields, team, name, accountManager);
    }

    private static RequiredFieldsChange? CompareFields(IReadOnlyList<RequiredField> before, IReadOnlyList<RequiredField> after)
    {
        var old = before.DistinctBy(f => f.Name).ToDictionary(f => f.Name, f => f.Kind, StringComparer.Ordinal);
        var now = after.DistinctBy(f => f.Name).ToDictionary(f => f.Name, f => f.Kind, StringComparer.Ordinal);
        var added = now.Keys.Where(n => !old.ContainsKey(n)).ToList();
        var removed = old.Keys.Where(n => !now.ContainsKey(n)).ToList();
        var kind = now.Where(f => old.TryGetValue(f.Key, out var k) && k != f.Value).Select(f => f.Key).ToList();
        return added.Count + removed.Count + kind.Count == 0 ? null : new RequiredFieldsChange(added, removed, kind);
    }
}
