using Csm.BuildingBlocks.Auth;
using Csm.Modules.Rules.Contracts;
using Csm.Modules.Surveys.Contracts;
using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Data;
using MediatR;
using Microsoft.Extensions.Configuration;

namespace Csm.Modules.Tickets.Events;

/// <summary>
/// Closes the loop: an unhappy survey answer, or a rule that asks for one, becomes a Task ticket for the person who
/// should call the customer. One task per source, so a redelivered event opens nothing new.
/// </summary>
internal sealed class FollowUpTasks(DbSession session, TicketOpener opener, IStaffDirectory staff, IConfiguration configuration) :
    INotificationHandler<SurveyResponded>, INotificationHandler<TaskRequested>
{
    public async Task Handle(SurveyResponded e, CancellationToken ct)
    {
        if (e.Classification != FeedbackClass.Unhappy || e.CustomerId is not { } customerId) return;
        var c = await session.ConnectionAsync(ct);
        var owner = e.AccountManager ?? await TeamLeadAsync(c, e.TicketId, e.Team) ?? (await CustomerReadModel.FindAsync(c, customerId, session.Transaction))?.AccountManager;
        var scores = string.Join(", ", new[] { ("NPS", e.Nps), ("CSAT", e.Csat), ("CES", e.Ces) }.Where(s => s.Item2 is not null).Select(s => $"{s.Item1} {s.Item2}"));
        var description = $"The customer answered a survey unhappily ({scores})." + (e.Comment is { Length: > 0 } ? $"\n\"{e.Comment}\"" : "")
            + (e.TicketId is { } t ? $"\nAbout ticket {t}." : "");
        await OpenAsync(customerId, "Follow up unhappy feedback 回访不满意客户", description, owner, $"survey-response:{e.ResponseId}",
            configuration.GetValue("Tickets:SurveyFollowUpHours", 48.0), TicketPriority.High, ct);
    }

    public Task Handle(TaskRequested e, CancellationToken ct) =>
        OpenAsync(e.CustomerId, e.Title, e.Description, e.Assignee, e.Source, e.DueInBusinessHours, null, ct);

    private async Task OpenAsync(long customerId, string subject, string? description, string? assignee, string source,
        double dueInBusinessHours, TicketPriority? priority, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        var customer = await CustomerReadModel.FindAsync(c, customerId, session.Transaction)
            // Thrown so the outbox retries: the customer's own event has not arrived yet.
            ?? throw new InvalidOperationException($"Customer {customerId} is not known to Tickets yet.");
        if (customer.IsErased) return;
        var assignment = assignee is not null && await staff.ExistsAsync(c, session.Transaction, assignee)
            ? new AssignmentRequest(AssignmentMode.Person, assignee, null)
            : null;
        var result = await opener.OpenAsync(new NewTicket(customerId, "task", TicketChannel.Api, priority, "follow-up", subject.Length > 300 ? subject[..300] : subject,
            description, assignment, source, dueInBusinessHours), "system", ct);
        if (result.Ticket is null) throw new InvalidOperationException($"Could not open the follow-up task: {result.Field}: {result.Error}");
    }

    /// <summary>The team lead (a manager of the team) of the ticket's agent, or of the team the survey names.</summary>
    private async Task<string?> TeamLeadAsync(System.Data.Common.DbConnection c, long? ticketId, string? team)
    {
        if (ticketId is { } id)
            team = await c.ExecuteScalarAsync<string?>("SELECT team FROM tkt_tickets WHERE id = @Id", new { Id = id }, session.Transaction) ?? team;
        return team is null ? null : await staff.WithRoleAsync(c, session.Transaction, Roles.Manager, team, teamOnly: true);
    }
}
