using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Csm.Modules.Tickets.Calendars;
using Csm.Modules.Tickets.Sla;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Csm.Modules.Tickets.Features.Calendars;

internal sealed class UpdateCalendar(DbSession session, AuditTrail audit, SlaPlanner planner, TimeProvider clock)
    : Endpoint<UpdateCalendar.Request, Results<Ok<CalendarView>, ProblemHttpResult>>
{
    public sealed record Request(string Name, string TimeZone, IReadOnlyList<WeeklyHours> WeeklyHours,
        IReadOnlyList<string>? Holidays, IReadOnlyList<string>? MakeUpDays, bool IsDefault, long Version,
        IReadOnlyDictionary<string, string>? DayNames = null) : ICalendarShape;

    internal sealed class Validator : CalendarShapeValidator<Request>
    {
        public Validator() => RuleFor(r => r.Version).GreaterThan(0);
    }

    public override void Configure()
    {
        Put("calendars/{id:long}");
        Group<TicketsGroup>();
        Policies(Access.Manager);
        Description(d => d
            .WithName("Tickets_UpdateCalendar")
            .WithSummary("Changes a business calendar; due times of open tickets on it are recomputed")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict));
    }

    public override async Task<Results<Ok<CalendarView>, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var id = Route<long>("id");
        var tx = await session.BeginAsync(ct);
        var connection = await session.ConnectionAsync(ct);
        var current = await CalendarStore.ByIdAsync(connection, id, tx);
        if (current is null) return Problems.NotFound("Calendar", id);
        if (request.IsDefault) await connection.ExecuteAsync("UPDATE tkt_calendars SET is_default = 0 WHERE is_default = 1 AND id <> @Id", new { Id = id }, tx);
        var definition = new CalendarDefinition(request.WeeklyHours, request.Holidays ?? [], request.MakeUpDays ?? [], request.DayNames);
        var changed = await connection.ExecuteAsync(
            """
            UPDATE tkt_calendars SET name = @Name, time_zone = @TimeZone, definition = @Definition, is_default = @IsDefault,
              version = version + 1, updated_at = @Now
            WHERE id = @Id AND version = @Version
            """,
            new { Id = id, request.Name, request.TimeZone, Definition = definition.ToJson(), request.IsDefault, request.Version, Now = clock.GetUtcNow() }, tx);
        if (changed == 0)
        {
            await session.RollbackAsync(ct);
            return Problems.StaleVersion(request.Version, current.Version);
        }
        // Tickets under a policy without its own calendar run on the default one.
        await planner.RecomputeOpenTicketsAsync(current.IsDefault || request.IsDefault ? "calendar_id = @Id OR calendar_id IS NULL" : "calendar_id = @Id",
            new { Id = id }, ct);
        var view = CalendarView.From((await CalendarStore.ByIdAsync(connection, id, tx))!);
        await audit.RecordAsync("tickets", "calendar.updated", "calendar", id, CalendarView.From(current), view, ct);
        await session.CommitAsync(ct);
        return TypedResults.Ok(view);
    }
}
