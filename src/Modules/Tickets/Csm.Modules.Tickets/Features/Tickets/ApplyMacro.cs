using System.Security.Claims;
using Csm.BuildingBlocks.Templates;
using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Data;
using Csm.Modules.Tickets.Events;
using Csm.Modules.Tickets.Features.Macros;
using Csm.Modules.Tickets.Notifications;
using Csm.Modules.Tickets.Sla;
using Csm.Modules.Tickets.Workflows;

namespace Csm.Modules.Tickets.Features.Tickets;

/// <summary>
/// Applies a canned reply: its text in the customer's language with the placeholders filled, as a reply (sent to the
/// customer) or a note, and in the same step the priority, assignee or stage it sets, each checked as if done by hand.
/// One history entry says all of it.
/// </summary>
internal sealed class ApplyMacro(TicketChanges changes)
    : Endpoint<ApplyMacro.Request, Results<Ok<TicketView>, ValidationProblem, ProblemHttpResult>>
{
    public sealed record Request(long Version);

    internal sealed class Validator : Validator<Request>
    {
        public Validator() => RuleFor(r => r.Version).GreaterThan(0);
    }

    public override void Configure()
    {
        Post("tickets/{id:long}/macros/{macroId:long}");
        Group<TicketsGroup>();
        Description(d => d
            .WithName("Tickets_ApplyMacro")
            .WithSummary("Applies a canned reply to a ticket: the text and the changes it sets, in one step")
            .ChangesATicket());
    }

    public override async Task<Results<Ok<TicketView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var id = Route<long>("id");
        var user = User;
        var actor = user.Identity?.Name;
        var (ticket, problem) = await changes.LoadAsync(id, request.Version, ct);
        if (ticket is null) return problem!;
        var c = await changes.ConnectionAsync(ct);
        var tx = changes.Transaction;
        var macro = await MacroCatalog.FindVisibleAsync(c, Route<long>("macroId"), actor ?? "", tx);
        if (macro is null) return Problems.NotFound("Macro", Route<long>("macroId"));
        if (ticket.Status == TicketStatus.Closed) return await changes.InvalidAsync("id", "The ticket is closed; reopen it first.", ct);
        var now = changes.Now;
        var after = ticket;
        var actions = macro.Actions;

        if (actions.Priority is { } priority) after = after with { Priority = priority };
        if (actions.Assignee is { Length: > 0 } assignee)
        {
            var person = await changes.Staff.FindAsync(c, tx, assignee);
            if (person is null || !person.IsActive) return await changes.InvalidAsync("actions.assignee", $"The macro assigns to '{assignee}', who is not an active user.", ct);
            after = after with { Assignee = person.UserName };
        }
        if (actions.Stage is { Length: > 0 } stage && stage != ticket.Stage)
        {
            var workflow = (await WorkflowStore.ByIdAsync(c, ticket.WorkflowId, tx))!.Parsed;
            var leaving = workflow.Stage(ticket.Stage);
            if (leaving is not null && StageOwnership.Refusal(leaving, ticket, user) is { } notYours)
                return TypedResults.Problem(notYours, statusCode: StatusCodes.Status403Forbidden, title: "Not the stage's owner");
            var target = workflow.Stage(stage);
            if (target is null || !workflow.From(ticket.Stage).Any(t => t.To == stage) || target.IsFinal || leaving is { IsApproval: true })
                return await changes.InvalidAsync("actions.stage", $"From stage '{ticket.Stage}' this ticket cannot go to '{stage}' by a macro; move it by hand.", ct);
            if ((leaving?.RequiredFields ?? []).FirstOrDefault(f => !ticket.FieldValues.ContainsKey(f.Name)) is { } missing)
                return await changes.InvalidAsync($"fields.{missing.Name}", $"'{missing.Name}' is required to leave stage '{ticket.Stage}'.", ct);
            var paused = ticket.PausedMinutes;
            if (ticket.PausedAt is { } since) paused += (await changes.Planner.CalendarAsync(ticket.CalendarId, ct)).BusinessMinutesBetween(since, now);
            after = after with { Stage = stage, StageEnteredAt = now, PausedAt = null, PausedMinutes = paused, StagePausedBase = paused, Status = TicketStatus.Open };
        }

        // Field values the macro sets: each checked like a value given by hand (the type's kind, else the workflow's).
        if (actions.Fields is { Count: > 0 } setFields)
        {
            var rules = await TicketFieldRules.ForAsync(c, tx, ticket.TypeCode, (await WorkflowStore.ByIdAsync(c, ticket.WorkflowId, tx))!.Parsed, ticket.CustomerId);
            var fieldValues = ticket.FieldValues;
            foreach (var (key, raw) in setFields)
            {
                var value = raw.Trim();
                if (!rules.Knows(key)) return await changes.InvalidAsync($"actions.fields.{key}", $"Ticket type '{ticket.TypeCode}' has no field '{key}'.", ct);
                if (await rules.ProblemAsync(key, value) is { } wrong) return await changes.InvalidAsync($"actions.fields.{key}", wrong, ct);
                fieldValues[key] = value;
            }
            after = after with { Fields = TicketChanges.FieldsJson(fieldValues) };
        }
        var customer = await CustomerReadModel.FindAsync(c, ticket.CustomerId, tx);
        var displayName = user.FindFirst("display_name")?.Value ?? actor;
        var values = new Dictionary<string, string?>
        {
            ["customerName"] = customer?.Name, ["ticketNumber"] = ticket.Number, ["ticketSubject"] = ticket.Subject,
            ["agentName"] = displayName, ["accountManager"] = customer?.AccountManager,
        };
        var body = Placeholders.Render(TemplateLanguages.IsChinese(customer?.Language ?? TemplateLanguages.Chinese) ? macro.BodyZh : macro.BodyEn, values);
        var reply = macro.Visibility == CommentVisibility.Customer && ticket.Kind != TicketKind.Task;
        var firstReply = reply && ticket.FirstRespondedAt is null;
        if (firstReply)
        {
            var calendar = await changes.Planner.CalendarAsync(ticket.CalendarId, ct);
            after = after with
            {
                FirstRespondedAt = now,
                FirstResponseBusinessMinutes = Math.Round(SlaClock.Elapsed(calendar, ticket.CreatedAt, now, ticket.PausedMinutes, ticket.PausedAt), 2),
            };
        }
        var tagsBefore = ticket.TagList;
        var (tagsAfter, tagError) = TicketFields.Normalise([.. tagsBefore, .. actions.Tags ?? []]);
        if (tagError is not null) return await changes.InvalidAsync("actions.tags", tagError, ct);
        if (!await changes.SaveAsync(ticket, after, ct)) return await changes.StaleAsync(ticket, ct);
        if (tagsAfter.Count != tagsBefore.Count) await TicketFields.SaveTagsAsync(c, tx, id, tagsAfter);
        if (tagsAfter.Count != tagsBefore.Count || actions.Fields is { Count: > 0 }) await changes.Outbox.AddAsync(await TicketFields.LabelsAsync(c, tx, id), ct);
        if (after.Priority != ticket.Priority && ticket.Kind != TicketKind.Task)
            await changes.Planner.RecomputeOpenTicketsAsync("id = @Id", new { Id = id }, ct);
        var commentId = await c.ExecuteScalarAsync<long>(changes.Dialect.InsertReturningId("tkt_comments", "ticket_id, body, visibility, author, created_at",
            "@Id, @Body, @Visibility, @Actor, @Now"), new { Id = id, Body = body, Visibility = EnumText.Of(macro.Visibility), Actor = actor, Now = now }, tx);
        if (reply)
        {
            await changes.ToCustomer.QueueAsync(await TicketMail.ComposeAsync(changes.Templates, TicketMail.Reply, id, ticket.Number, ticket.Subject, customer,
                $"reply-{commentId.ToString(System.Globalization.CultureInfo.InvariantCulture)}", new Dictionary<string, string?> { ["reply"] = body }, ct), ct);
        }
        await changes.HistoryAsync(id, actor, "macroApplied", new
        {
            macro = macro.Name, visibility = EnumText.Of(macro.Visibility),
            priority = after.Priority != ticket.Priority ? new { from = EnumText.Of(ticket.Priority), to = EnumText.Of(after.Priority) } : null,
            assignee = after.Assignee != ticket.Assignee ? new { from = ticket.Assignee, to = after.Assignee } : null,
            stage = after.Stage != ticket.Stage ? new { from = ticket.Stage, to = after.Stage } : null,
            tagsAdded = tagsAfter.Count != tagsBefore.Count ? tagsAfter.Skip(tagsBefore.Count).ToList() : null,
            fields = actions.Fields is { Count: > 0 } ? actions.Fields : null,
        }, ct);
        if (after.Assignee != ticket.Assignee) await changes.Outbox.AddAsync(new TicketAssigned(id, ticket.CustomerId, after.Assignee, after.Team, ticket.Assignee), ct);
        if (after.Stage != ticket.Stage) await changes.Outbox.AddAsync(new TicketStageChanged(id, ticket.CustomerId, ticket.Stage, after.Stage, actor), ct);
        if (firstReply) await changes.Outbox.AddAsync(new TicketFirstResponded(id, ticket.CustomerId, now, after.FirstResponseBusinessMinutes!.Value), ct);
        return await changes.CommitAsync(id, ct);
    }
}
