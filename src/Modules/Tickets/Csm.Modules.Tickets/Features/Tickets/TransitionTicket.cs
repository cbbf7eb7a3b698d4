using System.Security.Claims;
using Csm.BuildingBlocks.Auth;
using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Sla;
using Csm.Modules.Tickets.Data;
using Csm.Modules.Tickets.Events;
using Csm.Modules.Tickets.Notifications;
using Csm.Modules.Tickets.Workflows;

namespace Csm.Modules.Tickets.Features.Tickets;

/// <summary>Moves a ticket along its workflow. Reaching a final stage resolves and closes it.</summary>
internal sealed class TransitionTicket(TicketChanges changes)
    : Endpoint<TransitionTicket.Request, Results<Ok<TicketView>, ValidationProblem, ProblemHttpResult>>
{
    public static readonly string[] Outcomes = ["reached", "resolved", "notReachable"];
    public static readonly string[] Decisions = ["approve", "reject"];

    /// <param name="Fields">Values for the fields the current stage requires, e.g. {"diagnosis": "...", "visitTime": "2026-03-03T14:00:00+08:00"},
    /// each a string of its field's kind (see RequiredField); kept on the ticket.</param>
    /// <param name="Outcome">Closing a follow-up task: "reached", "resolved" or "notReachable".</param>
    /// <param name="Decision">Leaving an approval stage: "approve" or "reject" (then <paramref name="To"/> is the stage's reject transition).</param>
    /// <param name="Reason">Why, for a decision (required with one).</param>
    public sealed record Request(
        string To, IReadOnlyDictionary<string, string>? Fields, string? Comment, string? Outcome, long Version, string? Decision = null, string? Reason = null);

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.To).NotEmpty().MaximumLength(50);
            RuleFor(r => r.Version).GreaterThan(0);
            RuleFor(r => r.Comment).MaximumLength(20_000);
            RuleFor(r => r.Outcome).Must(o => Outcomes.Contains(o)).When(r => r.Outcome is not null)
                .WithMessage($"Outcome must be one of: {string.Join(", ", Outcomes)}.");
            RuleFor(r => r.Decision).Must(d => Decisions.Contains(d)).When(r => r.Decision is not null)
                .WithMessage($"Decision must be one of: {string.Join(", ", Decisions)}.");
            RuleFor(r => r.Reason).MaximumLength(4000);
            RuleForEach(r => r.Fields).Must(f => f.Key.Length <= 100 && f.Value?.Length <= 4000).WithMessage("Field names up to 100 and values up to 4000 characters.");
        }
    }

    public override void Configure()
    {
        Post("tickets/{id:long}/transitions");
        Group<TicketsGroup>();
        Description(d => d
            .WithName("Tickets_Transition")
            .WithSummary("Moves a ticket to another stage, with the fields the current stage requires")
            .ChangesATicket());
    }

    public override Task<Results<Ok<TicketView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct) =>
        Handle(Route<long>("id"), request, changes, User, ct);

    /// <summary>Also what the demo seeder runs, without HTTP.</summary>
    internal static async Task<Results<Ok<TicketView>, ValidationProblem, ProblemHttpResult>> Handle(long id, Request request, TicketChanges changes, ClaimsPrincipal user, CancellationToken ct)
    {
        var (ticket, problem) = await changes.LoadAsync(id, request.Version, ct);
        if (ticket is null) return problem!;
        var c = await changes.ConnectionAsync(ct);
        var tx = changes.Transaction;
        var workflow = (await WorkflowStore.ByIdAsync(c, ticket.WorkflowId, tx))!.Parsed;
        if (ticket.Status == TicketStatus.Closed)
            return await changes.InvalidAsync("to", "The ticket is closed; reopen it first.", ct);
        if (workflow.Stage(ticket.Stage) is { } current && StageOwnership.Refusal(current, ticket, user) is { } notYours)
            return TypedResults.Problem(notYours, statusCode: StatusCodes.Status403Forbidden, title: "Not the stage's owner");
        if (!workflow.From(ticket.Stage).Any(t => t.To == request.To))
        {
            var allowed = string.Join(", ", workflow.From(ticket.Stage).Select(t => t.To));
            return await changes.InvalidAsync("to", $"From stage '{ticket.Stage}' a ticket can go to: {allowed}; not to '{request.To}'.", ct);
        }
        var leaving = workflow.Stage(ticket.Stage);
        var transition = workflow.From(ticket.Stage).First(t => t.To == request.To);
        if (leaving is { IsApproval: true })
        {
            if (request.Decision is null)
                return await changes.InvalidAsync("decision", $"Stage '{leaving.Name}' is an approval: say approve or reject.", ct);
            if (string.IsNullOrWhiteSpace(request.Reason))
                return await changes.InvalidAsync("reason", "A decision needs its reason.", ct);
            if ((request.Decision == "reject") != transition.IsReject)
                return await changes.InvalidAsync("to", request.Decision == "reject"
                    ? $"A rejection goes to {string.Join(", ", workflow.From(ticket.Stage).Where(t => t.IsReject).Select(t => t.To))}."
                    : $"'{request.To}' is where a rejection goes; approving goes to {string.Join(", ", workflow.From(ticket.Stage).Where(t => !t.IsReject).Select(t => t.To))}.", ct);
        }
        else if (request.Decision is not null)
            return await changes.InvalidAsync("decision", $"Only an approval stage takes a decision; '{ticket.Stage}' is not one.", ct);
        // Every value given for a field the workflow knows (this stage's or a later one's) must be of that field's kind;
        // values for names no stage requires are kept as text, as before fields had kinds.
        // The type's own field (a choice, an asset…) is checked by its kind; else the stage's kind; else it is kept as text.
        var rules = await TicketFieldRules.ForAsync(c, tx, ticket.TypeCode, workflow, ticket.CustomerId);
        var fields = ticket.FieldValues;
        foreach (var (name, value) in request.Fields ?? new Dictionary<string, string>())
        {
            if (string.IsNullOrWhiteSpace(value)) continue;
            if (await rules.ProblemAsync(name, value) is { } wrong) return await changes.InvalidAsync($"fields.{name}", wrong, ct);
            fields[name] = value;
        }
        var missing = (workflow.Stage(ticket.Stage)?.RequiredFields ?? []).FirstOrDefault(f => !fields.ContainsKey(f.Name));
        if (missing is not null)
            return await changes.InvalidAsync($"fields.{missing.Name}", $"'{missing.Name}' is required to leave stage '{ticket.Stage}'.", ct);

        var target = workflow.Stage(request.To)!;
        if (request.Outcome is not null && (ticket.Kind != TicketKind.Task || !target.IsFinal))
            return await changes.InvalidAsync("outcome", "An outcome is recorded only when a task is closed.", ct);

        var calendar = await changes.Planner.CalendarAsync(ticket.CalendarId, ct);
        var now = changes.Now;
        // Moving on ends a wait for the customer: the pause is counted up to now.
        var paused = ticket.PausedAt is { } since ? ticket.PausedMinutes + calendar.BusinessMinutesBetween(since, now) : ticket.PausedMinutes;
        var owner = await StageOwnerAsync(changes.Staff, c, tx, workflow.Stage(ticket.Stage), target, ticket);
        var after = ticket with
        {
            Stage = target.Code, StageEnteredAt = now, Fields = TicketChanges.FieldsJson(fields), PausedAt = null, PausedMinutes = paused, StagePausedBase = paused,
            Status = target.IsFinal ? TicketStatus.Closed : TicketStatus.Open, ResolvedAt = target.IsFinal ? now : null,
            Outcome = request.Outcome ?? ticket.Outcome, Assignee = owner.Assignee, Team = owner.Team,
        };
        if (!await changes.SaveAsync(ticket, after, ct)) return await changes.StaleAsync(ticket, ct);

        var actor = user.Identity?.Name;
        if (request.Decision is { } decision)
            await changes.HistoryAsync(id, actor, decision == "approve" ? "approved" : "rejected", new { stage = ticket.Stage, reason = request.Reason }, ct);
        await changes.HistoryAsync(id, actor, "stageChanged", new { from = ticket.Stage, to = target.Code, fields = request.Fields, request.Outcome }, ct);
        // The stage's owner takes the ticket over: the hand-off is in the history, said by the workflow, not the mover.
        if (owner.Assignee != ticket.Assignee || owner.Team != ticket.Team || owner.Note is not null)
            await changes.HistoryAsync(id, "workflow", "handedOff", new { from = ticket.Assignee, to = owner.Assignee, team = owner.Team, stage = target.Code, note = owner.Note }, ct);
        if (request.Comment is { Length: > 0 })
        {
            await c.ExecuteAsync("INSERT INTO tkt_comments (ticket_id, body, visibility, author, created_at) VALUES (@Id, @Body, 'internal', @Actor, @Now)",
                new { Id = id, Body = request.Comment, Actor = actor, Now = now }, tx);
        }
        await changes.Outbox.AddAsync(new TicketStageChanged(id, ticket.CustomerId, ticket.Stage, target.Code, actor), ct);
        if (request.Fields?.Any(f => !string.IsNullOrWhiteSpace(f.Value)) == true)
            await changes.Outbox.AddAsync(await TicketFields.LabelsAsync(c, tx, id), ct);
        if (owner.Assignee != ticket.Assignee)
            await changes.Outbox.AddAsync(new TicketAssigned(id, ticket.CustomerId, owner.Assignee, owner.Team, ticket.Assignee), ct);
        if (target.IsFinal)
        {
            var resolutionMinutes = SlaClock.Elapsed(calendar, ticket.CreatedAt, now, paused, null);
            // Resolving without a reply answers the customer too: the first-response target holds if that came in time.
            var slaMet = (ticket.ResolutionDueAt is null || now <= ticket.ResolutionDueAt)
                && (ticket.FirstResponseMinutes is null || (ticket.FirstResponseBusinessMinutes ?? resolutionMinutes) <= ticket.FirstResponseMinutes);
            await changes.Outbox.AddAsync(new TicketResolved(id, ticket.Number, ticket.CustomerId, ticket.TypeCode, ticket.Kind, ticket.Priority,
                ticket.Channel, after.Assignee, after.Team, ticket.CreatedAt, now, ticket.FirstResponseBusinessMinutes, resolutionMinutes,
                slaMet, ticket.ReopenCount > 0, ticket.Source, after.Outcome), ct);
            await changes.Outbox.AddAsync(new TicketClosed(id, ticket.CustomerId, now), ct);
            if (ticket.Kind != TicketKind.Task)
            {
                // The customer hears that it is done, in the ticket's thread.
                var customer = await CustomerReadModel.FindAsync(c, ticket.CustomerId, tx);
                await changes.ToCustomer.QueueAsync(await TicketMail.ComposeAsync(changes.Templates, TicketMail.Solved, id, ticket.Number, ticket.Subject, customer,
                    $"solved-{now.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)}", null, ct), ct);
            }
        }
        return await changes.CommitAsync(id, ct);
    }

    /// <param name="Note">Why the hand-off is not what the stage asks for, for the history.</param>
    private sealed record StageOwner(string? Assignee, string? Team, string? Note = null)
    {
        public static StageOwner Of(Owner owner, string? note = null) => new(owner.Assignee, owner.Team, note);
    }

    /// <summary>
    /// A stage that goes to the account manager goes to the customer's, else to the next agent of the stage's (or the
    /// ticket's) team; a stage owned by another team goes to that team's next agent; a stage owned by a role (a
    /// supervisor's review) goes to someone with the role when the current owner lacks it; leaving such a stage for one
    /// of agents gives the ticket back to whom it was taken from. Otherwise the owner stays.
    /// </summary>
    private static async Task<StageOwner> StageOwnerAsync(
        IStaffDirectory staff, System.Data.Common.DbConnection c, System.Data.Common.DbTransaction? tx, WorkflowStage? leaving, WorkflowStage stage, TicketRow ticket)
    {
        if (stage.IsFinal) return new StageOwner(ticket.Assignee, ticket.Team);
        if (stage.GoesToAccountManager)
        {
            var (manager, _, _) = await Assignment.ResolveAsync(staff, c, tx, new AssignmentRequest(AssignmentMode.AccountManager, null, null), ticket.CustomerId);
            if (manager is not null && await staff.ExistsAsync(c, tx, manager.Assignee!)) return StageOwner.Of(manager);
            var team = stage.OwnerTeam ?? ticket.Team;
            var (next, _, _) = team is null ? default
                : await Assignment.ResolveAsync(staff, c, tx, new AssignmentRequest(AssignmentMode.RoundRobin, null, team), ticket.CustomerId);
            return next is not null
                ? StageOwner.Of(next, $"The customer has no account manager: the next agent of team {team}.")
                : new StageOwner(ticket.Assignee, ticket.Team, "The customer has no account manager and the stage names no team to rotate through: the owner stays.");
        }
        if (leaving is { OwnerRole: Csm.BuildingBlocks.Auth.Roles.Manager or Csm.BuildingBlocks.Auth.Roles.Admin }
            && stage.OwnerRole is null or Csm.BuildingBlocks.Auth.Roles.Agent or Csm.BuildingBlocks.Auth.Roles.AccountManager
            && await HandedOverFromAsync(c, tx, ticket.Id, leaving.Code) is { } previous)
        {
            return new StageOwner(previous, ticket.Team);
        }
        if (stage.OwnerTeam is not null && stage.OwnerTeam != ticket.Team)
        {
            var (owner, _, _) = await Assignment.ResolveAsync(staff, c, tx, new AssignmentRequest(AssignmentMode.RoundRobin, null, stage.OwnerTeam), ticket.CustomerId);
            if (owner is not null) return StageOwner.Of(owner);
        }
        if (stage.OwnerRole is not null && stage.OwnerRole != Csm.BuildingBlocks.Auth.Roles.Agent
            && (ticket.Assignee is null || !await staff.HasRoleAsync(c, tx, ticket.Assignee, stage.OwnerRole))
            && await staff.WithRoleAsync(c, tx, stage.OwnerRole, ticket.Team) is { } holder)
        {
            return new StageOwner(holder, ticket.Team);
        }
        return new StageOwner(ticket.Assignee, ticket.Team);
    }

    /// <summary>Who held the ticket before the workflow handed it over on entering <paramref name="stage"/>; null when it did not.</summary>
    private static async Task<string?> HandedOverFromAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction? tx, long ticketId, string stage)
    {
        var details = await c.QueryAsync<string>(
            "SELECT detail FROM tkt_history WHERE ticket_id = @Id AND action = 'handedOff' ORDER BY id DESC", new { Id = ticketId }, tx);
        foreach (var detail in details)
        {
            using var json = System.Text.Json.JsonDocument.Parse(detail);
            if (json.RootElement.TryGetProperty("stage", out var s) && s.GetString() == stage)
                return json.RootElement.TryGetProperty("from", out var from) && from.ValueKind == System.Text.Json.JsonValueKind.String ? from.GetString() : null;
        }
        return null;
    }
}
