using System.Security.Claims;
using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Csm.Modules.Tickets.Workflows;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Csm.Modules.Tickets.Features.Workflows;

/// <summary>
/// Editing a workflow that no ticket uses changes it in place; editing one that tickets use saves a new version,
/// so running tickets keep the stages they started with and new tickets get the new ones.
/// </summary>
internal sealed class UpdateWorkflow(DbSession session, AuditTrail audit, TimeProvider clock)
    : Endpoint<UpdateWorkflow.Request, Results<Ok<WorkflowView>, ProblemHttpResult>>
{
    public sealed record Request(string Name, IReadOnlyList<WorkflowStage> Stages, IReadOnlyList<WorkflowTransition> Transitions, long Version) : IWorkflowShape;

    internal sealed class Validator : WorkflowShapeValidator<Request>
    {
        public Validator() => RuleFor(r => r.Version).GreaterThan(0);
    }

    public override void Configure()
    {
        Put("workflows/{code}");
        Group<TicketsGroup>();
        Policies(Access.Manager);
        Description(d => d
            .WithName("Tickets_UpdateWorkflow")
            .WithSummary("Changes a workflow; a new version when tickets use the current one")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict));
    }

    public override async Task<Results<Ok<WorkflowView>, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var code = Route<string>("code")!;
        var user = User;
        var tx = await session.BeginAsync(ct);
        var connection = await session.ConnectionAsync(ct);
        var current = await WorkflowStore.CurrentAsync(connection, code, tx);
        if (current is null) return Problems.NotFound("Workflow", code);
        if (current.Version != request.Version) return Problems.StaleVersion(request.Version, current.Version);

        var definition = new WorkflowDefinition(request.Stages, request.Transitions).ToJson();
        var inUse = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM tkt_tickets WHERE workflow_id = @Id", new { current.Id }, tx) > 0;
        // Who did it, as ticket history names actors: the signed-in user's name, or "apikey:<name>" for a system.
        var savedBy = user.Identity?.Name;
        long id = current.Id;
        int changed;
        if (inUse)
        {
            changed = await connection.ExecuteAsync(
                "UPDATE tkt_workflows SET is_current = 0 WHERE id = @Id AND is_current = 1", new { current.Id }, tx);
            if (changed == 1)
            {
                id = await connection.ExecuteScalarAsync<long>(session.Dialect.InsertReturningId("tkt_workflows",
                    "code, version_no, name, definition, is_current, created_at, saved_by", "@Code, @Next, @Name, @Definition, 1, @Now, @SavedBy"),
                    new { Code = code, Next = current.Version + 1, request.Name, Definition = definition, Now = clock.GetUtcNow(), SavedBy = savedBy }, tx);
            }
        }
        else
        {
            // The row becomes the next version, so it says when and by whom that version was saved (the version history
            // shows the row; the one it replaced was never run by a ticket).
            changed = await connection.ExecuteAsync(
                "UPDATE tkt_workflows SET name = @Name, definition = @Definition, version_no = version_no + 1, created_at = @Now, saved_by = @SavedBy WHERE id = @Id AND version_no = @Version",
                new { current.Id, request.Name, Definition = definition, request.Version, Now = clock.GetUtcNow(), SavedBy = savedBy }, tx);
        }
        if (changed == 0)
        {
            await session.RollbackAsync(ct);
            return Problems.StaleVersion(request.Version, request.Version + 1);
        }
        var saved = WorkflowView.From((await WorkflowStore.ByIdAsync(connection, id, tx))!);
        await audit.RecordAsync("tickets", "workflow.updated", "workflow", code, WorkflowView.From(current), saved, ct);
        await session.CommitAsync(ct);
        return TypedResults.Ok(saved);
    }
}
