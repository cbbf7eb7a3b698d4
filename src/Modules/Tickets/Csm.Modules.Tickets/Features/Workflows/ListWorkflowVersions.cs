using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Csm.Modules.Tickets.Workflows;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Csm.Modules.Tickets.Features.Workflows;

/// <summary>
/// Every stored version of a workflow, newest first: who saved it and when, how many tickets still follow it, and what
/// it changed against the version before it — so a manager who shortened a stage's limit sees how many open tickets
/// still run on the old one.
/// </summary>
internal sealed class ListWorkflowVersions(DbSession session, IStaffDirectory staff)
    : EndpointWithoutRequest<Results<Ok<IReadOnlyList<ListWorkflowVersions.Version>>, ProblemHttpResult>>
{
    /// <param name="SavedBy">The user name of whoever saved it ("apikey:&lt;name&gt;" for a system); null for shipped versions.</param>
    /// <param name="SavedByName">That person's display name; null for a system, a shipped version or a removed account.</param>
    /// <param name="OpenTickets">Tickets on this version that are not closed.</param>
    /// <param name="Changes">Against the next older stored version; null for the oldest.</param>
    public new sealed record Version(long VersionNo, string Name, DateTimeOffset SavedAt, string? SavedBy, string? SavedByName, bool IsCurrent,
        long OpenTickets, long AllTickets, WorkflowChanges? Changes);

    private sealed record Row
    {
        public long VersionNo { get; init; }
        public string Name { get; init; } = "";
        public string Definition { get; init; } = "";
        public DateTimeOffset SavedAt { get; init; }
        public string? SavedBy { get; init; }
        public bool IsCurrent { get; init; }
        public long OpenTickets { get; init; }
        public long AllTickets { get; init; }
    }

    public override void Configure()
    {
        Get("workflows/{code}/versions");
        Group<TicketsGroup>();
        Description(d => d
            .WithName("Tickets_ListWorkflowVersions")
            .WithSummary("Every version of a workflow, newest first, with who saved it, its open and all tickets, and what it changed")
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    // One statement: the ticket counts are grouped once per workflow row in a derived table (not a query per version),
    // which also keeps the NVARCHAR(MAX) definition out of the GROUP BY on SQL Server.
    private const string Sql = """
        SELECT w.version_no AS VersionNo, w.name, w.definition, w.created_at AS SavedAt, w.saved_by AS SavedBy, w.is_current AS IsCurrent,
               COALESCE(c.open_count, 0) AS OpenTickets, COALESCE(c.all_count, 0) AS AllTickets
        FROM tkt_workflows w
        LEFT JOIN (
            SELECT workflow_id, SUM(CASE WHEN status <> 'closed' THEN 1 ELSE 0 END) AS open_count, COUNT(*) AS all_count
            FROM tkt_tickets
            WHERE workflow_id IN (SELECT id FROM tkt_workflows WHERE code = @Code)
            GROUP BY workflow_id
        ) c ON c.workflow_id = w.id
        WHERE w.code = @Code
        ORDER BY w.version_no DESC
        """;

    public override async Task<Results<Ok<IReadOnlyList<Version>>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var code = Route<string>("code")!;
        var connection = await session.ConnectionAsync(ct);
        var rows = (await connection.QueryAsync<Row>(Sql, new { Code = code })).ToList();
        if (rows.Count == 0) return Problems.NotFound("Workflow", code);
        var savers = rows.Select(r => r.SavedBy).OfType<string>().Distinct().ToList();
        var names = (await staff.FindAllAsync(connection, null, savers)).ToDictionary(m => m.UserName, m => m.DisplayName);
        var definitions = rows.Select(r => WorkflowDefinition.FromJson(r.Definition)).ToList();
        var versions = rows.Select((r, i) => new Version(r.VersionNo, r.Name, r.SavedAt, r.SavedBy,
            r.SavedBy is null ? null : names.GetValueOrDefault(r.SavedBy), r.IsCurrent, r.OpenTickets, r.AllTickets,
            i + 1 < rows.Count ? WorkflowChanges.Between(definitions[i + 1], definitions[i]) : null)).ToList();
        return TypedResults.Ok<IReadOnlyList<Version>>(versions);
    }
}
