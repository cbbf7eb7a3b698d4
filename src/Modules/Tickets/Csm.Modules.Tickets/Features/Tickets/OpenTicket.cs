using System.Security.Claims;
using Csm.BuildingBlocks.Http;
using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Data;

namespace Csm.Modules.Tickets.Features.Tickets;

internal sealed class OpenTicket(DbSession session, TicketOpener opener, TimeProvider clock)
    : Endpoint<OpenTicket.Request, Results<Created<TicketView>, ValidationProblem, ProblemHttpResult>>
{
    /// <param name="Assignment">Who owns it: a person, the next agent of a team, or the customer's account manager. Tasks default to the account manager.</param>
    public sealed record Request(
        long CustomerId, string TypeCode, TicketChannel Channel, TicketPriority? Priority, string? Category, string Subject,
        string? Description, AssignmentRequest? Assignment, IReadOnlyDictionary<string, string>? Fields = null, IReadOnlyList<string>? Tags = null);

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.CustomerId).GreaterThan(0);
            RuleFor(r => r.TypeCode).NotEmpty().MaximumLength(50);
            RuleFor(r => r.Channel).IsInEnum();
            RuleFor(r => r.Priority).IsInEnum();
            RuleFor(r => r.Category).MaximumLength(100);
            RuleFor(r => r.Subject).NotEmpty().MaximumLength(300);
            RuleFor(r => r.Description).MaximumLength(20_000);
            RuleFor(r => r.Assignment!.Mode).IsInEnum().When(r => r.Assignment is not null);
            RuleFor(r => r.Fields).Must(f => f!.Count <= Data.TicketFields.MaxFields * 2 && f.All(x => x.Key.Length <= 100 && (x.Value?.Length ?? 0) <= 4000))
                .When(r => r.Fields is not null).WithMessage("At most 60 fields, names up to 100 and values up to 4000 characters.");
            RuleFor(r => r.Tags).Must(t => t!.Count <= 100).When(r => r.Tags is not null).WithMessage("Too many tags.");
        }
    }

    public override void Configure()
    {
        Post("tickets");
        Group<TicketsGroup>();
        Description(d => d
            .WithName("Tickets_Open")
            .WithSummary("Opens a ticket for a customer from any channel")
            .WithIdempotency());
    }

    public override async Task<Results<Created<TicketView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var user = User;
        await opener.LearnCustomerAsync(request.CustomerId, ct);
        if (await TaskRefusedAsync(request, ct) is { } refused) return refused;
        await session.BeginAsync(ct);
        var result = await opener.OpenAsync(new NewTicket(request.CustomerId, request.TypeCode, request.Channel, request.Priority,
            request.Category, request.Subject, request.Description, request.Assignment, Fields: request.Fields, Tags: request.Tags), user.Identity?.Name, ct);
        if (result.Ticket is null)
        {
            await session.RollbackAsync(ct);
            return Problems.Invalid(result.Field!, result.Error!);
        }
        await session.CommitAsync(ct);
        // Read after the commit: the write turn is not held for reading the answer.
        var view = await TicketView.LoadAsync(await session.ConnectionAsync(ct), null, result.Ticket.Id, clock.GetUtcNow());
        return TypedResults.Created($"/api/tickets/{view!.Id}", view);
    }

    /// <summary>A task opened by hand needs <see cref="Can.CustomerTasks"/> for the customer (rules and follow-ups open theirs themselves).</summary>
    private async Task<ProblemHttpResult?> TaskRefusedAsync(Request request, CancellationToken ct)
    {
        if (User.HoldsFor(Can.CustomerTasks, null)) return null;
        var c = await session.ConnectionAsync(ct);
        var task = await c.QuerySingleOrDefaultAsync<(string Kind, string? AccountManager)?>(
            "SELECT t.kind, c.account_manager FROM tkt_ticket_types t LEFT JOIN tkt_customers c ON c.customer_id = @CustomerId WHERE t.code = @TypeCode",
            new { request.CustomerId, request.TypeCode });
        if (task is not { Kind: "task" } known) return null;
        return User.HoldsFor(Can.CustomerTasks, known.AccountManager) ? null : Problems.NotYourCustomer(Can.CustomerTasks, request.CustomerId);
    }
}
