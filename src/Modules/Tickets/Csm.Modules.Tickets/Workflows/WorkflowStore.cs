using System.Data.Common;
using Dapper;

namespace Csm.Modules.Tickets.Workflows;

internal sealed record WorkflowRow
{
    public long Id { get; init; }
    public string Code { get; init; } = "";
    public long Version { get; init; }
    public string Name { get; init; } = "";
    public string Definition { get; init; } = "";
    public bool IsCurrent { get; init; }

    public WorkflowDefinition Parsed => Stored.Of(Definition);

    private static readonly Data.ParsedOnce<WorkflowDefinition> Stored = new(WorkflowDefinition.FromJson);
}

/// <summary>A workflow as the API shows it; <c>version</c> goes back on the next edit.</summary>
internal sealed record WorkflowView(long Id, string Code, long Version, string Name, bool IsCurrent,
    IReadOnlyList<WorkflowStage> Stages, IReadOnlyList<WorkflowTransition> Transitions)
{
    public static WorkflowView From(WorkflowRow row)
    {
        var d = row.Parsed;
        return new(row.Id, row.Code, row.Version, row.Name, row.IsCurrent, d.Stages, d.Transitions);
    }
}

internal static class WorkflowStore
{
    public const string Columns = "id, code, version_no AS Version, name, definition, is_current AS IsCurrent";

    public static Task<WorkflowRow?> CurrentAsync(DbConnection c, string code, DbTransaction? tx = null) =>
        c.QuerySingleOrDefaultAsync<WorkflowRow>($"SELECT {Columns} FROM tkt_workflows WHERE code = @Code AND is_current = 1", new { Code = code }, tx);

    public static Task<WorkflowRow?> ByIdAsync(DbConnection c, long id, DbTransaction? tx = null) =>
        c.QuerySingleOrDefaultAsync<WorkflowRow>($"SELECT {Columns} FROM tkt_workflows WHERE id = @Id", new { Id = id }, tx);
}
