using Csm.BuildingBlocks.Auth;
using Csm.Modules.Rules.Contracts;
using Csm.Modules.Surveys.Contracts;
using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Data;
using Csm.Modules.Tickets.Sla;
using Csm.BuildingBlocks.Messaging;
using MediatR;
using Microsoft.Extensions.Configuration;

namespace Csm.Modules.Tickets.Events;

/// <summary>
/// Closes the loop: an unhappy survey answer, or a rule that asks for one, becomes a Task ticket for the person who
/// should call the customer. Every task has an owner: the person named, else the customer's account manager, else the
/// next agent of the team concerned (the survey's ticket's team, else Tickets:FollowUpTeam), else that team's queue.
/// One task per unhappy answer: the built-in follow-up and a rule answering the same response converge on one (the
/// second adds its reason to the first), kept by the answer's id; two answers are two calls to make. A rule about
/// feedback that names no answer (run by hand) joins the customer's open follow-up of the last day. One task per
/// source, so a redelivered event opens nothing new. An unhappy
/// answer's task is due by the SLA policy for tasks of the customer's tier, like any ticket.
/// </summary>
internal sealed class FollowUpTasks(DbSession session, TicketOpener opener, SlaPlanner planner, IStaffDirectory staff, IConfiguration configuration, TimeProvider clock) :
    IBatchNotificationHandler<SurveyResponded>, INotificationHandler<TaskRequested>
{
    public const string UnhappyFeedback = "unhappy-feedback";

    /// <summary>A run of answers: a task for each unhappy one, in order, under one savepoint for the run.</summary>
    public async Task Handle(IReadOnlyList<SurveyResponded> events, CancellationToken ct)
    {
        foreach (var e in events) await Handle(e, ct);
    }

    public async Task Handle(SurveyResponded e, CancellationToken ct)
    {
        if (e.Classification != FeedbackClass.Unhappy || e.CustomerId is not { } customerId) return;
        var c = await session.ConnectionAsync(ct);
        var owner = e.AccountManager ?? await TeamLeadAsync(c, e.TicketId, e.Team);
        var scores = string.Join(", ", new[] { ("NPS", e.Nps), ("CSAT", e.Csat), ("CES", e.Ces) }.Where(s => s.Item2 is not null).Select(s => $"{s.Item1} {s.Item2}"));
        var description = $"The customer answered a survey unhappily ({scores})." + (e.Comment is { Length: > 0 } ? $"\n\"{e.Comment}\"" : "")
            + (e.TicketId is { } t ? $"\nAbout ticket {t}." : "");
        var team = await TicketTeamAsync(c, e.TicketId) ?? e.Team;
        await OpenAsync(customerId, "Follow up unhappy feedback 回访不满意客户", description, owner, team, $"survey-response:{e.ResponseId}",
            null, TicketPriority.High, UnhappyFeedback, ct, e.ResponseId);
    }

    public Task Handle(TaskRequested e, CancellationToken ct) =>
        OpenAsync(e.CustomerId, e.Title, e.Description, e.Assignee, null, e.Source, e.DueInBusinessHours, e.AboutFeedback ? TicketPriority.High : null,
            e.AboutFeedback ? UnhappyFeedback : "follow-up", ct, e.AboutFeedback ? e.SurveyResponseId : null);

    private async Task OpenAsync(long customerId, string subject, string? description, string? assignee, string? team, string source,
        double? dueInBusinessHours, TicketPriority? priority, string category, CancellationToken ct, long? answer = null)
    {
        var c = await session.ConnectionAsync(ct);
        var tx = session.Transaction;
        var customer = await CustomerReadModel.FindAsync(c, customerId, tx)
            // Thrown so the outbox retries: the customer's own event has not arrived yet.
            ?? throw new InvalidOperationException($"Customer {customerId} is not known to Tickets yet.");
        if (customer.IsErased) return;
        if (category == UnhappyFeedback && await FollowUpOfAsync(c, customerId, answer) is { } existing)
        {
            // The same unhappy answer, asked for twice (the built-in follow-up and a detractor rule): one task, both reasons.
            if (await c.ExecuteScalarAsync<long>(
                    "SELECT COUNT(*) FROM tkt_history WHERE ticket_id = @Id AND action = 'alsoRequested' AND detail LIKE @Source",
                    new { Id = existing, Source = "%\"" + source + "\"%" }, tx) == 0
                && await c.ExecuteScalarAsync<string?>("SELECT source FROM tkt_tickets WHERE id = @Id", new { Id = existing }, tx) != source)
                await TicketStore.AddHistoryAsync(c, tx, existing, clock.GetUtcNow(), "system", "alsoRequested", new { source, subject, description });
            return;
        }
        var person = assignee ?? customer.AccountManager;
        AssignmentRequest? assignment = null;
        string? queue = null;
        if (person is not null && await staff.ExistsAsync(c, tx, person)) assignment = new AssignmentRequest(AssignmentMode.Person, person, null);
        else
        {
            queue = team ?? configuration.GetValue("Tickets:FollowUpTeam", "service");
            if ((await staff.ActiveAsync(c, tx, queue)).Any(m => m.Has(Roles.Agent) || m.Has(Roles.AccountManager)))
                assignment = new AssignmentRequest(AssignmentMode.RoundRobin, null, queue);
        }
        // An unhappy answer is due as the SLA policy for the customer's tier says, else in Tickets:SurveyFollowUpHours.
        if (dueInBusinessHours is null && (await planner.TermsAsync("task", priority ?? TicketPriority.High, customer.Tier, ct)).ResolutionMinutes is null)
            dueInBusinessHours = configuration.GetValue("Tickets:SurveyFollowUpHours", 48.0);
        var result = await opener.OpenAsync(new NewTicket(customerId, "task", TicketChannel.Api, priority, category, subject.Length > 300 ? subject[..300] : subject,
            description, assignment, source, dueInBusinessHours, Queue: queue), "system", ct);
        if (result.Ticket is null) throw new InvalidOperationException($"Could not open the follow-up task: {result.Field}: {result.Error}");
        if (answer is { } id && !result.Existed) await KeepAsync(c, id, result.Ticket.Id);
    }

    /// <summary>
    /// The follow-up of the unhappy answer; else an open follow-up for the customer of the last day that follows up no
    /// answer in particular (a rule run by hand), which then becomes this answer's. Without an answer: any open
    /// follow-up for the customer of the last day.
    /// </summary>
    private async Task<long?> FollowUpOfAsync(System.Data.Common.DbConnection c, long customerId, long? answer)
    {
        var tx = session.Transaction;
        if (answer is not null
            && await c.ExecuteScalarAsync<long?>("SELECT ticket_id FROM tkt_follow_ups WHERE survey_response_id = @Answer", new { Answer = answer }, tx) is { } keyed)
            return keyed;
        var unkeyed = await c.ExecuteScalarAsync<long?>(
            $"""
            SELECT {session.Dialect.Top(1)} t.id FROM tkt_tickets t
            WHERE t.customer_id = @CustomerId AND t.kind = 'task' AND t.category = @Category AND t.status <> 'closed' AND t.created_at >= @Since
              AND (@Answer IS NULL OR NOT EXISTS (SELECT 1 FROM tkt_follow_ups f WHERE f.ticket_id = t.id))
            ORDER BY t.id {session.Dialect.Limit(1)}
            """, new { CustomerId = customerId, Category = UnhappyFeedback, Since = clock.GetUtcNow().AddDays(-1), Answer = answer }, tx);
        if (unkeyed is { } id && answer is not null) await KeepAsync(c, answer.Value, id);
        return unkeyed;
    }

    /// <summary>Which task follows up the answer: a handler racing this one for the same answer fails on the key and, retried, joins this task.</summary>
    private Task KeepAsync(System.Data.Common.DbConnection c, long answer, long ticketId) =>
        c.ExecuteAsync("INSERT INTO tkt_follow_ups (survey_response_id, ticket_id) VALUES (@Answer, @Ticket)", new { Answer = answer, Ticket = ticketId }, session.Transaction);

    private Task<string?> TicketTeamAsync(System.Data.Common.DbConnection c, long? ticketId) => ticketId is { } id
        ? c.ExecuteScalarAsync<string?>("SELECT team FROM tkt_tickets WHERE id = @Id", new { Id = id }, session.Transaction)
        : Task.FromResult<string?>(null);

    /// <summary>The team lead (a manager of the team) of the ticket's agent, or of the team the survey names.</summary>
    private async Task<string?> TeamLeadAsync(System.Data.Common.DbConnection c, long? ticketId, string? team)
    {
        team = await TicketTeamAsync(c, ticketId) ?? team;
        return team is null ? null : await staff.WithRoleAsync(c, session.Transaction, Roles.Manager, team, teamOnly: true);
    }
}
