using System.Security.Claims;
using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Http;
using Csm.Modules.Tickets.Workflows;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Csm.Modules.Tickets.Features.Workflows;

internal sealed class CreateWorkflow(DbSession session, AuditTrail audit, TimeProvider clock)
    : Endpoint<CreateWorkflow.Request, Results<Created<WorkflowView>, ProblemHttpResult>>
{
    public sealed record Request(string Code, string Name, IReadOnlyList<WorkflowStage> Stages, IReadOnlyList<WorkflowTransition> Transitions) : IWorkflowShape;

    internal sealed class Validator : WorkflowShapeValidator<Request>
    {
        public Validator() => RuleFor(r => r.Code).NotEmpty().MaximumLength(50).Matches("^[a-z][a-z0-9-]*$")
            .WithMessage("Use lower-case letters, digits and '-'.");
    }

    public override void Configure()
    {
        Post("workflows");
        Group<TicketsGroup>();
        Policies(Access.Manager);
        Description(d => d
            .WithName("Tickets_CreateWorkflow")
            .WithSummary("Defines a new workflow: stages, owners, time limits, required fields and transitions")
            .WithIdempotency()
            .ProducesProblem(StatusCodes.Status409Conflict));
    }

    public override async Task<Results<Created<WorkflowView>, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var user = User;
        var tx = await session.BeginAsync(ct);
        var connection = await session.ConnectionAsync(ct);
        var definition = new WorkflowDefinition(request.Stages, request.Transitions);
        try
        {
            var id = await connection.ExecuteScalarAsync<long>(session.Dialect.InsertReturningId("tkt_workflows",
                "code, version_no, name, definition, is_current, created_at, saved_by", "@Code, 1, @Name, @Definition, 1, @Now, @SavedBy"),
                new { request.Code, request.Name, Definition = definition.ToJson(), Now = clock.GetUtcNow(), SavedBy = user.Identity?.Name }, tx);
            var view = WorkflowView.From((await WorkflowStore.ByIdAsync(connection, id, tx))!);
            await audit.RecordAsync("tickets", "workflow.created", "workflow", request.Code, after: view, ct: ct);
            await session.CommitAsync(ct);
            return TypedResults.Created($"/api/workflows/{request.Code}", view);
        }
        catch (Exception e) when (session.Dialect.IsUniqueViolation(e))
        {
            return Problems.Conflict($"A workflow with code '{request.Code}' already exists; edit it with PUT.");
        }
    }
}
