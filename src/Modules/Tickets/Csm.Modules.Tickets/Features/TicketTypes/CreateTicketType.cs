using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Http;
using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Sla;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Csm.Modules.Tickets.Features.TicketTypes;

internal sealed class CreateTicketType(DbSession session, AuditTrail audit, TimeProvider clock)
    : Endpoint<CreateTicketType.Request, Results<Created<TicketTypeView>, ValidationProblem, ProblemHttpResult>>
{
    /// <param name="Fields">The type's own fields: text, number, date, choice, multiChoice or asset, some required at intake.</param>
    public sealed record Request(string Code, string Name, TicketKind Kind, string WorkflowCode, TicketPriority DefaultPriority,
        IReadOnlyList<Data.TicketFieldDefinition>? Fields = null) : ITicketTypeShape;

    internal sealed class Validator : TicketTypeShapeValidator<Request>
    {
        public Validator() => RuleFor(r => r.Code).NotEmpty().MaximumLength(50).Matches("^[a-z][a-z0-9-]*$")
            .WithMessage("Use lower-case letters, digits and '-'.");
    }

    public override void Configure()
    {
        Post("ticket-types");
        Group<TicketsGroup>();
        Policies(Access.Manager);
        Description(d => d
            .WithName("Tickets_CreateTicketType")
            .WithSummary("Defines a ticket type bound to a workflow")
            .WithIdempotency()
            .ProducesProblem(StatusCodes.Status409Conflict));
    }

    public override async Task<Results<Created<TicketTypeView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var tx = await session.BeginAsync(ct);
        var connection = await session.ConnectionAsync(ct);
        if (!await Validator.WorkflowExistsAsync(connection, request.WorkflowCode, tx))
            return Problems.Invalid("workflowCode", $"There is no workflow '{request.WorkflowCode}'.");
        try
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO tkt_ticket_types (code, name, kind, workflow_code, default_priority, fields, is_active, version, created_at, updated_at)
                VALUES (@Code, @Name, @Kind, @WorkflowCode, @DefaultPriority, @Fields, 1, 1, @Now, @Now)
                """,
                new
                {
                    request.Code, request.Name, Kind = EnumText.Of(request.Kind), request.WorkflowCode,
                    DefaultPriority = EnumText.Of(request.DefaultPriority), Fields = Data.TicketFields.Serialize(request.Fields), Now = clock.GetUtcNow(),
                }, tx);
        }
        catch (Exception e) when (session.Dialect.IsUniqueViolation(e))
        {
            return Problems.Conflict($"A ticket type '{request.Code}' already exists.");
        }
        var view = (await TicketTypeView.ByCodeAsync(connection, request.Code, tx))!;
        await audit.RecordAsync("tickets", "ticketType.created", "ticketType", request.Code, after: view, ct: ct);
        await session.CommitAsync(ct);
        return TypedResults.Created($"/api/ticket-types/{request.Code}", view);
    }
}
