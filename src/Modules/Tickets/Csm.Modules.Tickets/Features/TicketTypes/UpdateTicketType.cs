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

internal sealed class UpdateTicketType : IEndpoint
{
    public sealed record Request(string Name, TicketKind Kind, string WorkflowCode, TicketPriority DefaultPriority, bool IsActive, long Version) : ITicketTypeShape;

    internal sealed class Validator : TicketTypeShapeValidator<Request>
    {
        public Validator() => RuleFor(r => r.Version).GreaterThan(0);
    }

    public static void Map(IEndpointRouteBuilder app) => app
        .MapPut("ticket-types/{code}", Handle)
        .WithName("Tickets_UpdateTicketType")
        .WithSummary("Changes a ticket type: its workflow applies to tickets opened from now on")
        .RequireAuthorization(Policies.Manager)
        .WithRequestValidation<Request>()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Results<Ok<TicketTypeView>, ValidationProblem, ProblemHttpResult>> Handle(
        string code, Request request, DbSession session, TimeProvider clock, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var current = await TicketTypeView.ByCodeAsync(connection, code);
        if (current is null) return Problems.NotFound("Ticket type", code);
        if (!await Validator.WorkflowExistsAsync(connection, request.WorkflowCode))
            return Problems.Invalid("workflowCode", $"There is no workflow '{request.WorkflowCode}'.");
        var changed = await connection.ExecuteAsync(
            """
            UPDATE tkt_ticket_types SET name = @Name, kind = @Kind, workflow_code = @WorkflowCode, default_priority = @DefaultPriority,
              is_active = @IsActive, version = version + 1, updated_at = @Now
            WHERE code = @Code AND version = @Version
            """,
            new
            {
                Code = code, request.Name, Kind = SlaPolicyStore.Text(request.Kind), request.WorkflowCode,
                DefaultPriority = SlaPolicyStore.Text(request.DefaultPriority), request.IsActive, request.Version, Now = clock.GetUtcNow(),
            });
        if (changed == 0) return Problems.StaleVersion(request.Version, current.Version);
        return TypedResults.Ok((await TicketTypeView.ByCodeAsync(connection, code))!);
    }
}
