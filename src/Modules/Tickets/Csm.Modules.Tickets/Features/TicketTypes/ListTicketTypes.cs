using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Data;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Csm.Modules.Tickets.Features.TicketTypes;

internal sealed class ListTicketTypes(DbSession session) : EndpointWithoutRequest<Ok<Paged<TicketTypeView>>>
{
    public override void Configure()
    {
        Get("ticket-types");
        Group<TicketsGroup>();
        Description(d => d
            .WithName("Tickets_ListTicketTypes")
            .WithSummary("Lists the ticket types and the workflow each one follows"));
    }

    public override async Task<Ok<Paged<TicketTypeView>>> ExecuteAsync(CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var rows = (await connection.QueryAsync<TicketTypeView>($"SELECT {TicketTypeView.Columns} FROM tkt_ticket_types ORDER BY code")).ToList();
        return TypedResults.Ok(new Paged<TicketTypeView>(rows, rows.Count, 1, Math.Max(1, rows.Count)));
    }
}
