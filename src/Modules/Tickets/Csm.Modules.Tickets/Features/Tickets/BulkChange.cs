using System.Security.Claims;
using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Data;
using Csm.Modules.Tickets.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.Modules.Tickets.Features.Tickets;

/// <summary>
/// One change to many tickets: assign, set the priority, add tags, or close with a reason. Each ticket goes through the same checks
/// as alone (its version, its stage's owner, what its workflow allows) in its own transaction, so one refusal does not
/// undo the others; the answer says per ticket what happened.
/// </summary>
internal sealed class BulkChange(IServiceScopeFactory scopes)
    : Endpoint<BulkChange.Request, Ok<BulkChange.Response>>
{
    public const int MaxTickets = 10_000;
    public static readonly string[] Actions = ["assign", "setPriority", "addTags", "close"];

    public sealed record Target(long Id, long Version);

    /// <param name="Action">"assign" (with mode and assignee or team), "setPriority" (with priority) or "close" (with reason).</param>
    /// <param name="Reason">Why they are closed: kept as an internal note on each.</param>
    public sealed record Request(
        IReadOnlyList<Target> Tickets, string Action, AssignmentMode? Mode, string? Assignee, string? Team, TicketPriority? Priority, string? Reason,
        IReadOnlyList<string>? Tags = null);

    /// <param name="Outcome">"done", "refused" (403), "stale" (409: changed meanwhile), "notFound" or "invalid" (400).</param>
    /// <param name="Version">The ticket's version after the change, when done.</param>
    public sealed record Result(long Id, string Outcome, int Status, string? Detail, long? Version);

    public new sealed record Response(int Done, int Failed, IReadOnlyList<Result> Results);

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Tickets).Cascade(CascadeMode.Stop).NotEmpty()
                .Must(t => t.Count <= MaxTickets).WithMessage(r => $"At most {MaxTickets:N0} tickets per request; this one has {r.Tickets.Count:N0}.")
                .Must(t => t.Select(x => x?.Id).Distinct().Count() == t.Count).WithMessage("A ticket is listed twice.");
            RuleForEach(r => r.Tickets).NotNull().ChildRules(t =>
            {
                t.RuleFor(x => x.Id).GreaterThan(0);
                t.RuleFor(x => x.Version).GreaterThan(0);
            }).When(r => r.Tickets is { Count: <= MaxTickets });
            RuleFor(r => r.Action).Must(a => Actions.Contains(a)).WithMessage($"Action is one of: {string.Join(", ", Actions)}.");
            RuleFor(r => r.Mode).NotNull().IsInEnum().When(r => r.Action == "assign");
            RuleFor(r => r.Assignee).NotEmpty().MaximumLength(100).When(r => r.Action == "assign" && r.Mode == AssignmentMode.Person);
            RuleFor(r => r.Team).NotEmpty().MaximumLength(100).When(r => r.Action == "assign" && r.Mode == AssignmentMode.RoundRobin);
            RuleFor(r => r.Priority).NotNull().IsInEnum().When(r => r.Action == "setPriority");
            RuleFor(r => r.Reason).NotEmpty().WithMessage("Closing needs a reason.").When(r => r.Action == "close");
            RuleFor(r => r.Tags).NotEmpty().WithMessage("Name the tags to add.").When(r => r.Action == "addTags");
            RuleFor(r => r.Tags).Custom((tags, context) =>
            {
                if (tags is not null && TicketFields.Normalise(tags).Error is { } error) context.AddFailure("tags", error);
            });
            RuleFor(r => r.Reason).MaximumLength(2000);
        }
    }

    public override void Configure()
    {
        Post("tickets/bulk");
        Group<TicketsGroup>();
        Description(d => d
            .WithName("Tickets_Bulk")
            .WithSummary($"Assigns, re-prioritises or closes up to {MaxTickets:N0} tickets in one request, with an outcome per ticket")
            .WithDescription("Send each ticket's id with the version you read. Each ticket is checked and changed on its own: " +
                             "a stale version, a stage the caller does not own or a workflow with no direct way to close answers for that ticket only. " +
                             "Closing takes the transition from the current stage to a final one and keeps the reason as an internal note."));
    }

    public override async Task<Ok<Response>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var user = User;
        var results = new List<Result>(request.Tickets.Count);
        foreach (var target in request.Tickets)
        {
            ct.ThrowIfCancellationRequested();
            // A scope per ticket: its own session and transaction, as if it had come alone.
            await using var scope = scopes.CreateAsyncScope();
            var changes = scope.ServiceProvider.GetRequiredService<TicketChanges>();
            results.Add(await ChangeAsync(target, request, changes, user, ct));
        }
        var done = results.Count(r => r.Outcome == "done");
        return TypedResults.Ok(new Response(done, results.Count - done, results));
    }

    private static async Task<Result> ChangeAsync(Target target, Request request, TicketChanges changes, ClaimsPrincipal user, CancellationToken ct)
    {
        var c = await changes.ConnectionAsync(ct);
        var ticket = await TicketStore.ByIdAsync(c, target.Id, null);
        if (ticket is null) return new Result(target.Id, "notFound", 404, $"Ticket {target.Id} does not exist.", null);
        if (ticket.Status == TicketStatus.Closed) return new Result(target.Id, "invalid", 400, $"Ticket {ticket.Number} is closed.", null);
        IResult result = request.Action switch
        {
            "assign" => (await AssignTicket.Handle(target.Id, new AssignTicket.Request(request.Mode!.Value, request.Assignee, request.Team, target.Version), changes, user, ct)).Result,
            "addTags" => (await TagTicket.Handle(target.Id, request.Tags!, target.Version, changes, user, ct, add: true)).Result,
            "setPriority" => (await UpdateTicket.Handle(target.Id, new UpdateTicket.Request(request.Priority!.Value, ticket.Category, ticket.Subject, ticket.Description, target.Version), changes, user, ct)).Result,
            _ => await CloseAsync(ticket, target, request.Reason!, changes, user, ct),
        };
        return result switch
        {
            Ok<TicketView> ok => new Result(target.Id, "done", 200, null, ok.Value!.Version),
            ValidationProblem v => new Result(target.Id, "invalid", 400, string.Join(" ", v.ProblemDetails.Errors.SelectMany(e => e.Value)), null),
            ProblemHttpResult p => new Result(target.Id, p.StatusCode switch { 403 => "refused", 404 => "notFound", 409 => "stale", _ => "invalid" },
                p.StatusCode, p.ProblemDetails.Detail, null),
            _ => new Result(target.Id, "invalid", 400, null, null),
        };
    }

    /// <summary>Closing is the move from the current stage to a final one, when the workflow has one; the reason is a note.</summary>
    private static async Task<IResult> CloseAsync(TicketRow ticket, Target target, string reason, TicketChanges changes, ClaimsPrincipal user, CancellationToken ct)
    {
        var workflow = (await WorkflowStore.ByIdAsync(await changes.ConnectionAsync(ct), ticket.WorkflowId, null))!.Parsed;
        var close = workflow.From(ticket.Stage).FirstOrDefault(t => !t.IsReject && workflow.Stage(t.To) is { IsFinal: true });
        if (close is null)
            return Problems.Invalid("to", $"From stage '{ticket.Stage}' there is no direct way to close ticket {ticket.Number}; move it on first.");
        return (await TransitionTicket.Handle(target.Id, new TransitionTicket.Request(close.To, null, reason, null, target.Version), changes, user, ct)).Result;
    }
}
