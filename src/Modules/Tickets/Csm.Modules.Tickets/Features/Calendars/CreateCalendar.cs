using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Http;
using Csm.Modules.Tickets.Calendars;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Csm.Modules.Tickets.Features.Calendars;

internal sealed class CreateCalendar(DbSession session, AuditTrail audit, TimeProvider clock)
    : Endpoint<CreateCalendar.Request, Results<Created<CalendarView>, ProblemHttpResult>>
{
    public sealed record Request(string Name, string TimeZone, IReadOnlyList<WeeklyHours> WeeklyHours,
        IReadOnlyList<string>? Holidays, IReadOnlyList<string>? MakeUpDays, bool IsDefault,
        IReadOnlyDictionary<string, string>? DayNames = null) : ICalendarShape;

    internal sealed class Validator : CalendarShapeValidator<Request>;

    public override void Configure()
    {
        Post("calendars");
        Group<TicketsGroup>();
        Policies(Access.Manager);
        Description(d => d
            .WithName("Tickets_CreateCalendar")
            .WithSummary("Defines a business calendar: weekly hours, public holidays and make-up working days in a time zone")
            .WithIdempotency()
            .ProducesProblem(StatusCodes.Status409Conflict));
    }

    public override async Task<Results<Created<CalendarView>, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var tx = await session.BeginAsync(ct);
        var connection = await session.ConnectionAsync(ct);
        var definition = new CalendarDefinition(request.WeeklyHours, request.Holidays ?? [], request.MakeUpDays ?? [], request.DayNames);
        try
        {
            // One default calendar: choosing a new one retires the old.
            if (request.IsDefault) await connection.ExecuteAsync("UPDATE tkt_calendars SET is_default = 0 WHERE is_default = 1", transaction: tx);
            var id = await connection.ExecuteScalarAsync<long>(session.Dialect.InsertReturningId("tkt_calendars",
                "name, time_zone, definition, is_default, version, created_at, updated_at", "@Name, @TimeZone, @Definition, @IsDefault, 1, @Now, @Now"),
                new { request.Name, request.TimeZone, Definition = definition.ToJson(), request.IsDefault, Now = clock.GetUtcNow() }, tx);
            var view = CalendarView.From((await CalendarStore.ByIdAsync(connection, id, tx))!);
            await audit.RecordAsync("tickets", "calendar.created", "calendar", id, after: view, ct: ct);
            await session.CommitAsync(ct);
            return TypedResults.Created($"/api/calendars/{id}", view);
        }
        catch (Exception e) when (session.Dialect.IsUniqueViolation(e))
        {
            await session.RollbackAsync(ct);
            return Problems.Conflict($"A calendar named '{request.Name}' already exists.");
        }
    }
}
