using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Sla;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Csm.Modules.Tickets.Features.TicketTypes;

internal sealed class UpdateTicketType(DbSession session, AuditTrail audit, TimeProvider clock)
    : Endpoint<UpdateTicketType.Request, Results<Ok<TicketTypeView>, ValidationProblem, ProblemHttpResult>>
{
    public sealed record Request(string Name, TicketKind Kind, string WorkflowCode, TicketPriority DefaultPriority, bool IsActive, long Version,
        IReadOnlyList<Data.TicketFieldDefinition>? Fields = null) : ITicketTypeShape;

    internal sealed class Validator : TicketTypeShapeValidator<Request>
    {
        public Validator() => RuleFor(r => r.Version).GreaterThan(0);
    }

    public override void Configure()
    {
        Put("ticket-types/{code}");
        Group<TicketsGroup>();
        Policies(Access.Manager);
        Description(d => d
            .WithName("Tickets_UpdateTicketType")
            .WithSummary("Changes a ticket type: its workflow applies to tickets opened from now on")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict));
    }

    public override async Task<Results<Ok<TicketTypeView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var code = Route<string>("code")!;
        var tx = await session.BeginAsync(ct);
        var connection = await session.ConnectionAsync(ct);
        var current = await TicketTypeView.ByCodeAsync(connection, code, tx);
        if (current is null) return Problems.NotFound("Ticket type", code);
        if (!await Validator.WorkflowExistsAsync(connection, request.WorkflowCode, tx))
            return Problems.Invalid("workflowCode", $"There is no workflow '{request.WorkflowCode}'.");
        var changed = await connection.ExecuteAsync(
            """
            UPDATE tkt_ticket_types SET name = @Name, kind = @Kind, workflow_code = @WorkflowCode, default_priority = @DefaultPriority,
              fields = COALESCE(@Fields, fields), is_active = @IsActive, version = version + 1, updated_at = @Now
            WHERE code = @Code AND version = @Version
            """,
            new
            {
                Code = code, request.Name, Kind = EnumText.Of(request.Kind), request.WorkflowCode,
                DefaultPriority = EnumText.Of(request.DefaultPriority), request.IsActive, request.Version, Now = clock.GetUtcNow(),
                // Without fields in the request the type keeps its own (an older client does not erase them).
                Fields = request.Fields is null ? null : Data.TicketFields.Serialize(request.Fields),
            }, tx);
        if (changed == 0) return Problems.StaleVersion(request.Version, current.Version);
        var view = (await TicketTypeView.ByCodeAsync(connection, code, tx))!;
        await audit.RecordAsync("tickets", "ticketType.updated", "ticketType", code, current, view, ct);
        await session.CommitAsync(ct);
        return TypedResults.Ok(view);
    }
}
