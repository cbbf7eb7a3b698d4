using System.Security.Claims;
using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Data;
using Csm.Modules.Tickets.Workflows;

namespace Csm.Modules.Tickets.Features.Tickets;

/// <summary>
/// Takes a closed ticket back along its workflow's reopen transition. The time it spent closed counts as a pause,
/// so the resolution clock resumes where it stopped instead of starting over or being breached at once.
/// </summary>
internal sealed class ReopenTicket(TicketChanges changes)
    : Endpoint<ReopenTicket.Request, Results<Ok<TicketView>, ValidationProblem, ProblemHttpResult>>
{
    public sealed record Request(string? Reason, long Version);

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Reason).MaximumLength(2000);
            RuleFor(r => r.Version).GreaterThan(0);
        }
    }

    public override void Configure()
    {
        Post("tickets/{id:long}/reopen");
        Group<TicketsGroup>();
        Description(d => d
            .WithName("Tickets_Reopen")
            .WithSummary("Reopens a closed ticket")
            .ChangesATicket());
    }

    public override async Task<Results<Ok<TicketView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var id = Route<long>("id");
        var user = User;
        var (ticket, problem) = await changes.LoadAsync(id, request.Version, ct);
        if (ticket is null) return problem!;
        if (ticket.Status != TicketStatus.Closed) return await changes.InvalidAsync("id", "Only a closed ticket can be reopened.", ct);
        if (ticket.MergedIntoId is { } into)
            return await changes.InvalidAsync("id", $"This ticket was merged into ticket {into}; the work goes on there.", ct);
        var workflow = (await WorkflowStore.ByIdAsync(await changes.ConnectionAsync(ct), ticket.WorkflowId, changes.Transaction))!.Parsed;
        var back = workflow.From(ticket.Stage, reopen: true).FirstOrDefault();
        if (back is null) return await changes.InvalidAsync("id", $"The workflow has no way to reopen from stage '{ticket.Stage}'.", ct);

        var now = changes.Now;
        var after = After(ticket, back.To, await changes.Planner.CalendarAsync(ticket.CalendarId, ct), now);
        if (!await changes.SaveAsync(ticket, after, ct)) return await changes.StaleAsync(ticket, ct);
        var actor = user.Identity?.Name;
        await changes.HistoryAsync(id, actor, "reopened", new { from = ticket.Stage, to = back.To, request.Reason }, ct);
        await changes.Outbox.AddAsync(new TicketReopened(id, ticket.CustomerId, back.To, actor), ct);
        return await changes.CommitAsync(id, ct);
    }

    /// <summary>The ticket back in <paramref name="stage"/>, open, its time closed counted as a pause. Also a customer's reply.</summary>
    internal static TicketRow After(TicketRow ticket, string stage, Modules.Tickets.Calendars.BusinessCalendar calendar, DateTimeOffset now)
    {
        var after = ticket with
        {
            Stage = stage, StageEnteredAt = now, Status = TicketStatus.Open, ResolvedAt = null, Outcome = null,
            ReopenCount = ticket.ReopenCount + 1,
            PausedMinutes = ticket.PausedMinutes + calendar.BusinessMinutesBetween(ticket.ResolvedAt ?? now, now),
        };
        return after with { StagePausedBase = after.PausedMinutes };
    }
}
