using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Data;
using Csm.Modules.Tickets.Calendars;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Csm.Modules.Tickets.Features.Calendars;

internal sealed class GetCalendars : IEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("calendars", List)
            .WithName("Tickets_ListCalendars")
            .WithSummary("Lists the business calendars");
        app.MapGet("calendars/{id:long}", Get)
            .WithName("Tickets_GetCalendar")
            .WithSummary("A business calendar")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<Paged<CalendarView>>> List(DbSession session, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var rows = (await connection.QueryAsync<CalendarRow>($"SELECT {CalendarStore.Columns} FROM tkt_calendars ORDER BY name"))
            .Select(CalendarView.From).ToList();
        return TypedResults.Ok(new Paged<CalendarView>(rows, rows.Count, 1, Math.Max(1, rows.Count)));
    }

    private static async Task<Results<Ok<CalendarView>, ProblemHttpResult>> Get(long id, DbSession session, CancellationToken ct)
    {
        var row = await CalendarStore.ByIdAsync(await session.ConnectionAsync(ct), id);
        return row is null ? Problems.NotFound("Calendar", id) : TypedResults.Ok(CalendarView.From(row));
    }
}
