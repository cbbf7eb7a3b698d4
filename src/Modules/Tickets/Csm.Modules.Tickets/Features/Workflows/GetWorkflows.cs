using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Data;
using Csm.Modules.Tickets.Workflows;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Csm.Modules.Tickets.Features.Workflows;

internal static class GetWorkflows
{

    internal sealed class ListWorkflows(DbSession session) : EndpointWithoutRequest<Ok<Paged<WorkflowView>>>
    {
        public override void Configure()
        {
            Get("workflows");
            Group<TicketsGroup>();
            Description(d => d
                .WithName("Tickets_ListWorkflows")
                .WithSummary("Lists the current version of every workflow"));
        }

        public override async Task<Ok<Paged<WorkflowView>>> ExecuteAsync(CancellationToken ct)
        {
            var connection = await session.ConnectionAsync(ct);
            var rows = (await connection.QueryAsync<WorkflowRow>(
                $"SELECT {WorkflowStore.Columns} FROM tkt_workflows WHERE is_current = 1 ORDER BY code")).Select(WorkflowView.From).ToList();
            return TypedResults.Ok(new Paged<WorkflowView>(rows, rows.Count, 1, Math.Max(1, rows.Count)));
        }
    }

    internal sealed class GetWorkflow(DbSession session)
        : Endpoint<GetWorkflow.QueryString, Results<Ok<WorkflowView>, ProblemHttpResult>>
    {
        /// <summary>The query string.</summary>
        public sealed record QueryString(long? Version);

        public override void Configure()
        {
            Get("workflows/{code}");
            Group<TicketsGroup>();
            Description(d => d
                .WithName("Tickets_GetWorkflow")
                .WithSummary("A workflow's current version, or an older one with ?version=")
                .ProducesProblem(StatusCodes.Status404NotFound));
        }

        public override async Task<Results<Ok<WorkflowView>, ProblemHttpResult>> ExecuteAsync(QueryString query, CancellationToken ct)
        {
            var code = Route<string>("code")!;
            var version = query.Version;
            var connection = await session.ConnectionAsync(ct);
            var row = version is null
                ? await WorkflowStore.CurrentAsync(connection, code)
                : await connection.QuerySingleOrDefaultAsync<WorkflowRow>(
                    $"SELECT {WorkflowStore.Columns} FROM tkt_workflows WHERE code = @Code AND version_no = @Version", new { Code = code, Version = version });
            return row is null ? Problems.NotFound("Workflow", code) : TypedResults.Ok(WorkflowView.From(row));
        }
    }
}
