using System.Data.Common;
using Csm.Modules.Tickets.Workflows;

namespace Csm.Modules.Tickets.Data;

/// <summary>
/// The fields one ticket may hold and how each value is checked: the ticket type's own field by its kind (a machine
/// among the customer's, read once when first needed), else the kind a workflow stage gives the same key. Intake,
/// transitions and canned replies check values through this one place.
/// </summary>
internal sealed class TicketFieldRules(
    IReadOnlyList<TicketFieldDefinition> own, IReadOnlyDictionary<string, RequiredField> staged, DbConnection c, DbTransaction? tx, long customerId)
{
    private readonly Dictionary<string, TicketFieldDefinition> _own = own.ToDictionary(f => f.Key, StringComparer.Ordinal);
    private IReadOnlySet<long>? _assets;

    public static async Task<TicketFieldRules> ForAsync(DbConnection c, DbTransaction? tx, string typeCode, WorkflowDefinition workflow, long customerId) =>
        new((await Features.TicketTypes.TicketTypeView.ByCodeAsync(c, typeCode, tx))?.Fields ?? [], workflow.Fields(), c, tx, customerId);

    /// <summary>Every key the type or its workflow names.</summary>
    public IReadOnlyList<string> Keys => _own.Keys.Concat(staged.Keys).Distinct().ToList();

    public bool Knows(string key) => _own.ContainsKey(key) || staged.ContainsKey(key);

    /// <summary>Why the value is not one of the field's kind; null when it is, or when no field has the key.</summary>
    public async Task<string?> ProblemAsync(string key, string value)
    {
        if (_own.TryGetValue(key, out var definition))
        {
            if (definition.Kind == "asset") _assets ??= (await TicketFields.AssetsOfAsync(c, tx, customerId)).ToHashSet();
            return TicketFields.Problem(definition, value, _assets ?? new HashSet<long>());
        }
        return staged.TryGetValue(key, out var stageField) ? stageField.Problem(value) : null;
    }
}
