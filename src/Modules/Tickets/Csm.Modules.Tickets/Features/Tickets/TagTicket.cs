using System.Security.Claims;
using Csm.Modules.Tickets.Data;

namespace Csm.Modules.Tickets.Features.Tickets;

/// <summary>Sets a ticket's tags (the whole list); the history says which were added and which removed.</summary>
internal sealed class TagTicket(TicketChanges changes)
    : Endpoint<TagTicket.Request, Results<Ok<TicketView>, ValidationProblem, ProblemHttpResult>>
{
    public sealed record Request(IReadOnlyList<string> Tags, long Version);

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Tags).NotNull().Custom((tags, context) =>
            {
                if (tags is not null && TicketFields.Normalise(tags).Error is { } error) context.AddFailure("tags", error);
            });
            RuleFor(r => r.Version).GreaterThan(0);
        }
    }

    public override void Configure()
    {
        Put("tickets/{id:long}/tags");
        Group<TicketsGroup>();
        Description(d => d
            .WithName("Tickets_SetTags")
            .WithSummary($"Sets a ticket's tags (at most {TicketFields.MaxTags}, each up to {TicketFields.MaxTagLength} characters)")
            .ChangesATicket());
    }

    public override Task<Results<Ok<TicketView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct) =>
        Handle(Route<long>("id"), request.Tags, request.Version, changes, User, ct);

    /// <summary>Also what a bulk "add tags" and a canned reply run, with the ticket's tags and theirs.</summary>
    internal static async Task<Results<Ok<TicketView>, ValidationProblem, ProblemHttpResult>> Handle(
        long id, IReadOnlyList<string> tags, long version, TicketChanges changes, ClaimsPrincipal user, CancellationToken ct, bool add = false)
    {
        var (ticket, problem) = await changes.LoadAsync(id, version, ct);
        if (ticket is null) return problem!;
        var before = ticket.TagList;
        var (after, error) = TicketFields.Normalise(add ? [.. before, .. tags] : tags);
        if (error is not null) return await changes.InvalidAsync("tags", error, ct);
        if (!await changes.SaveAsync(ticket, ticket, ct)) return await changes.StaleAsync(ticket, ct);
        await TicketFields.SaveTagsAsync(await changes.ConnectionAsync(ct), changes.Transaction, id, after);
        var added = after.Where(t => !before.Contains(t, StringComparer.OrdinalIgnoreCase)).ToList();
        var removed = before.Where(t => !after.Contains(t, StringComparer.OrdinalIgnoreCase)).ToList();
        if (added.Count + removed.Count > 0)
        {
            await changes.HistoryAsync(id, user.Identity?.Name, "tagged", new { added, removed }, ct);
            await changes.Outbox.AddAsync(await TicketFields.LabelsAsync(await changes.ConnectionAsync(ct), changes.Transaction, id), ct);
        }
        return await changes.CommitAsync(id, ct);
    }
}
