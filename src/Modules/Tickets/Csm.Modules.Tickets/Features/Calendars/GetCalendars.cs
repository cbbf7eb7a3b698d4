using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Data;
using Csm.Modules.Tickets.Calendars;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Csm.Modules.Tickets.Features.Calendars;

internal static class GetCalendars
{

    internal sealed class ListCalendars(DbSession session) : EndpointWithoutRequest<Ok<Paged<CalendarView>>>
    {
        public override void Configure()
        {
            Get("calendars");
            Group<TicketsGroup>();
            Description(d => d
                .WithName("Tickets_ListCalendars")
                .WithSummary("Lists the business calendars"));
        }

        public override async Task<Ok<Paged<CalendarView>>> ExecuteAsync(CancellationToken ct)
        {
            var connection = await session.ConnectionAsync(ct);
            var rows = (await connection.QueryAsync<CalendarRow>($"SELECT {CalendarStore.Columns} FROM tkt_calendars ORDER BY name"))
                .Select(CalendarView.From).ToList();
            return TypedResults.Ok(new Paged<CalendarView>(rows, rows.Count, 1, Math.Max(1, rows.Count)));
        }
    }

    internal sealed class GetCalendar(DbSession session) : EndpointWithoutRequest<Results<Ok<CalendarView>, ProblemHttpResult>>
    {
        public override void Configure()
        {
            Get("calendars/{id:long}");
            Group<TicketsGroup>();
            Description(d => d
                .WithName("Tickets_GetCalendar")
                .WithSummary("A business calendar")
                .ProducesProblem(StatusCodes.Status404NotFound));
        }

        public override async Task<Results<Ok<CalendarView>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
        {
            var id = Route<long>("id");
            var row = await CalendarStore.ByIdAsync(await session.ConnectionAsync(ct), id);
            return row is null ? Problems.NotFound("Calendar", id) : TypedResults.Ok(CalendarView.From(row));
        }
    }
}
