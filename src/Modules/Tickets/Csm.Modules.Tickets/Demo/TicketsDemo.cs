using System.Security.Claims;
using Csm.BuildingBlocks.Messaging;
using Csm.BuildingBlocks.Modules;
using Csm.Modules.Tickets.Calendars;
using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Features.Tickets;
using Csm.Modules.Tickets.Sla;
using Csm.Modules.Tickets.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.Modules.Tickets.Demo;

/// <summary>
/// With --demo, a service desk with a past: tickets of every shipped type across the demo customers, in each customer's
/// language, most resolved over the last year up to today, some in progress (one in two waiting for the customer), some breached and some at risk now. Every
/// ticket is opened and moved by the same code as the API, each step at its own moment in the past, so the events it
/// raises (TicketResolved, TicketStageChanged…) reach Surveys, Reports and Rules like any others and the escalation job
/// finds the late ones after start. Nothing is added when tickets exist.
/// </summary>
internal sealed class TicketsDemo : IDemoData
{
    public int Order => 20;

    private const int Count = 400;
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private sealed record Customer
    {
        public long Id { get; init; }
        public string Tier { get; init; } = "";
        public string? AccountManager { get; init; }
        public string? Language { get; init; }
        public bool Chinese => Language is null || Language.StartsWith("zh", StringComparison.OrdinalIgnoreCase);
    }

    public async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var session = services.GetRequiredService<DbSession>();
        var c = await session.ConnectionAsync(ct);
        if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM tkt_tickets") > 0) return;
        // The demo customers' events reach this module's read model (and every other module's) first.
        await services.GetRequiredService<OutboxDispatcher>().DrainAsync(ct);
        var customers = (await c.QueryAsync<Customer>(
            "SELECT customer_id AS Id, tier, account_manager AS AccountManager, language FROM tkt_customers WHERE is_erased = 0 ORDER BY customer_id")).ToList();
        if (customers.Count == 0) return;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var desk = new Desk(services.GetRequiredService<IServiceScopeFactory>(), ct);
        // Oldest first, as it happened: surveys' quiet periods look back from each invitation, not forward.
        for (var i = Count - 1; i >= 0; i--)
        {
            var story = DemoStories.Pick(i);
            var customer = customers[i * 7 % customers.Count];
            _ = (i % 8) switch
            {
                < 5 => await ResolvedAsync(desk, story, customer, i, now),
                5 => await InProgressAsync(desk, story, customer, i, now),
                6 => await desk.OpenAsync(now.AddDays(-3 - i % 6).AddHours(-(i % 5)), story, customer, i),
                _ => await AtRiskAsync(desk, services, story, customer, i, now),
            };
        }
    }

    /// <summary>
    /// Opened on a working hour between a year ago and today, more of them recently, answered, walked to its final stage within days; the most
    /// recent ones start early enough that their last step is behind the moment of the start, so today has resolutions too.
    /// </summary>
    private static async Task<TicketView?> ResolvedAsync(Desk desk, DemoStory story, Customer customer, int i, DateTimeOffset now)
    {
        var path = story.Path(i);
        // The business grew over the year: tickets come closer together towards today (a year back at i = Count).
        var day = DateOnly.FromDateTime(now.ToOffset(Beijing).DateTime).AddDays(-(int)(365 * Math.Pow(i / (double)Count, 1.5)));
        var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 20).AddMinutes(i * 37 % 480)), Beijing);
        var reply = TimeSpan.FromMinutes(10 + i * 13 % 170);
        var steps = path.Select((_, n) => TimeSpan.FromHours(1 + (i + n * 5) % 13)).ToList();
        if (at + reply + Sum(steps) > now.AddMinutes(-30))
        {
            // Today's and yesterday's: a quick one, done within the last few hours.
            reply = TimeSpan.FromMinutes(5 + i % 10);
            steps = path.Select((_, n) => TimeSpan.FromMinutes(15 + (i + n * 7) % 30)).ToList();
            at = now.AddMinutes(-30) - reply - Sum(steps);
        }
        var ticket = await desk.OpenAsync(at, story, customer, i);
        if (ticket is null) return null;
        at += reply;
        if (story.Kind != TicketKind.Task) ticket = await desk.ReplyAsync(at, ticket, story, customer.Chinese);
        foreach (var (step, n) in path.Select((s, n) => (s, n)))
        {
            at += steps[n];
            ticket = await desk.MoveAsync(at, ticket, step);
        }
        return ticket;
    }

    /// <summary>Opened a day or two ago, answered and one or more stages on; some now wait for the customer.</summary>
    private static async Task<TicketView?> InProgressAsync(Desk desk, DemoStory story, Customer customer, int i, DateTimeOffset now)
    {
        var at = now.AddHours(-20 - i % 30);
        var ticket = await desk.OpenAsync(at, story, customer, i);
        if (ticket is null || story.Kind == TicketKind.Task) return ticket;
        ticket = await desk.ReplyAsync(at.AddMinutes(25), ticket, story, customer.Chinese);
        // Some one stage on, some further, never to the last: every stage of every workflow has tickets in it.
        var path = story.Path(i);
        for (var n = 0; n <= i / 8 % Math.Max(1, path.Length - 1); n++) ticket = await desk.MoveAsync(at.AddHours(2 + n), ticket, path[n]);
        return i % 16 == 5 ? await desk.WaitForCustomerAsync(at.AddHours(8), ticket) : ticket;
    }

    /// <summary>
    /// Opened so that, right now, its resolution clock has used between the at-risk share and all of its target: found by
    /// stepping back from now on the ticket's own calendar. Answered at once and moved on a moment ago, so only the
    /// resolution clock is at risk.
    /// </summary>
    private static async Task<TicketView?> AtRiskAsync(Desk desk, IServiceProvider services, DemoStory story, Customer customer, int i, DateTimeOffset now)
    {
        var planner = services.GetRequiredService<SlaPlanner>();
        var terms = await planner.TermsAsync(story.TypeCode, story.Priority(i) ?? TicketPriority.Normal, customer.Tier, CancellationToken.None);
        var calendar = await planner.CalendarAsync(terms.CalendarId, CancellationToken.None);
        var opened = terms.ResolutionMinutes is { } minutes ? AtRiskStart(calendar, minutes, terms.AtRiskShare, now) : now.AddHours(-1);
        var ticket = await desk.OpenAsync(opened, story, customer, i);
        if (ticket is null || story.Kind == TicketKind.Task) return ticket;
        ticket = await desk.ReplyAsync(opened.AddMinutes(5), ticket, story, customer.Chinese);
        return await desk.MoveAsync(Max(opened.AddMinutes(10), now.AddMinutes(-2)), ticket, story.Path(i)[0]);
    }

    private static DateTimeOffset AtRiskStart(BusinessCalendar calendar, long minutes, double share, DateTimeOffset now)
    {
        for (var start = now.AddMinutes(-15); start > now.AddDays(-30); start = start.AddMinutes(-10))
        {
            if (calendar.AddBusinessMinutes(start, minutes * share) <= now && calendar.AddBusinessMinutes(start, minutes) > now) return start;
        }
        return now.AddMinutes(-15);
    }

    private static TimeSpan Sum(IEnumerable<TimeSpan> spans) => spans.Aggregate(TimeSpan.Zero, (a, b) => a + b);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>The API's code paths, each run in its own scope with the clock set to the moment the step happened.</summary>
    private sealed class Desk(IServiceScopeFactory scopes, CancellationToken ct)
    {
        public async Task<TicketView?> OpenAsync(DateTimeOffset at, DemoStory story, Customer customer, int i)
        {
            await using var scope = scopes.CreateAsyncScope();
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            var opener = ActivatorUtilities.CreateInstance<TicketOpener>(scope.ServiceProvider, new FixedClock(at));
            await session.BeginAsync(ct);
            var ticket = new NewTicket(customer.Id, story.TypeCode, (TicketChannel)(i % 6), story.Priority(i), story.Category,
                story.Subject(i, customer.Chinese), story.Description(i, customer.Chinese), story.Team is { } team ? new AssignmentRequest(AssignmentMode.RoundRobin, null, team) : null,
                // Months of history: nobody is told today that a ticket of last spring was received.
                Acknowledge: false);
            var result = await opener.OpenAsync(ticket, "admin", ct);
            // Without the demo staff (accounts existed before), the ticket waits unassigned in the queue.
            if (result.Ticket is null && result.Field?.StartsWith("assignment", StringComparison.Ordinal) == true)
                result = await opener.OpenAsync(ticket with { Assignment = null }, "admin", ct);
            if (result.Ticket is null)
            {
                await session.RollbackAsync(ct);
                return null;
            }
            var view = await TicketView.LoadAsync(await session.ConnectionAsync(ct), session.Transaction, result.Ticket.Id, at);
            await session.CommitAsync(ct);
            return view;
        }

        public Task<TicketView> ReplyAsync(DateTimeOffset at, TicketView t, DemoStory story, bool chinese) => StepAsync(at, t, (changes, user) =>
            Result(AddComment.Handle(t.Id, new AddComment.Request(story.Reply(t.Id, chinese), CommentVisibility.Customer, t.Version), changes, user, ct)));

        public Task<TicketView> MoveAsync(DateTimeOffset at, TicketView t, DemoStep step) => StepAsync(at, t, (changes, user) =>
            Result(TransitionTicket.Handle(t.Id, new TransitionTicket.Request(step.To, step.Fields, null, step.Outcome, t.Version), changes, user, ct)));

        public Task<TicketView> WaitForCustomerAsync(DateTimeOffset at, TicketView t) => StepAsync(at, t, (changes, user) =>
            Result(WaitForCustomer.Handle(t.Id, new WaitForCustomer.Request(true, t.Version), changes, user, ct)));

        private async Task<TicketView> StepAsync(DateTimeOffset at, TicketView t, Func<TicketChanges, ClaimsPrincipal, Task<IResult>> step)
        {
            await using var scope = scopes.CreateAsyncScope();
            var changes = ActivatorUtilities.CreateInstance<TicketChanges>(scope.ServiceProvider, new FixedClock(at));
            // The demo plays whoever holds the ticket, with a manager's say so that every stage of the story can be passed.
            var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, t.Assignee ?? "admin"), new Claim(ClaimTypes.Role, BuildingBlocks.Auth.Roles.Manager)], "demo"));
            var result = await step(changes, user);
            return result is Ok<TicketView> ok
                ? ok.Value!
                : throw new InvalidOperationException($"Demo ticket {t.Number} could not take a step: {System.Text.Json.JsonSerializer.Serialize((result as IValueHttpResult)?.Value)}");
        }

        private static async Task<IResult> Result<T>(Task<T> handling) where T : INestedHttpResult => (await handling).Result;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }
}
