using System.Security.Claims;
using Csm.Modules.Tickets.Notifications;

namespace Csm.Modules.Tickets.Features.Notifications;

/// <summary>
/// Marks the caller's own notifications read: the listed ones, or all of them. Ids of someone else's notifications
/// (or unknown ones) change nothing, and the answer says how many were marked.
/// </summary>
internal sealed class MarkNotificationsRead(DbSession session, TimeProvider clock)
    : Endpoint<MarkNotificationsRead.Request, Results<Ok<MarkNotificationsRead.Response>, ProblemHttpResult>>
{
    public const int MaxIds = 200;

    public sealed record Request(IReadOnlyList<long>? Ids, bool? All);

    /// <param name="Marked">How many of the caller's unread notifications this request marked read.</param>
    /// <param name="Unread">How many stay unread.</param>
    public new sealed record Response(int Marked, long Unread);

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Ids).NotEmpty().When(r => r.Ids is not null).WithMessage("List the ids to mark read, or send all: true.");
            RuleFor(r => r.Ids).Must(ids => ids!.Count <= MaxIds).When(r => r.Ids is not null)
                .WithMessage($"At most {MaxIds} ids at a time; send all: true to mark every notification read.");
            RuleForEach(r => r.Ids).GreaterThan(0);
            RuleFor(r => r.Ids).Null().When(r => r.All == true).WithMessage("Send either ids or all: true, not both.");
            RuleFor(r => r.Ids).NotNull().When(r => r.All != true).WithMessage("List the ids to mark read, or send all: true.");
        }
    }

    public override void Configure()
    {
        Post("tickets/notifications/read");
        Group<TicketsGroup>();
        Description(d => d
            .WithName("Tickets_MarkNotificationsRead")
            .WithSummary("Marks the signed-in person's notifications read: the listed ids, or all")
            .ProducesProblem(StatusCodes.Status403Forbidden));
    }

    public override async Task<Results<Ok<Response>, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var user = User;
        if (Notices.PersonOf(user) is not { } me) return Notices.NotAPerson();
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        var which = request.All == true ? "" : "AND id IN @Ids";
        var marked = await c.ExecuteAsync($"UPDATE tkt_notifications SET read_at = @Now WHERE recipient = @Me AND read_at IS NULL {which}",
            new { Me = me, request.Ids, Now = clock.GetUtcNow() }, tx);
        var unread = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM tkt_notifications WHERE recipient = @Me AND read_at IS NULL", new { Me = me }, tx);
        await session.CommitAsync(ct);
        return TypedResults.Ok(new Response(marked, unread));
    }
}
