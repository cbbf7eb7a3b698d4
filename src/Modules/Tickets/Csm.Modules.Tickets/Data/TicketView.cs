using System.Data.Common;
using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Workflows;

namespace Csm.Modules.Tickets.Data;

/// <param name="RequiredFields">The fields (with their kinds) a transition there must carry: the current stage's.</param>
/// <param name="IsReject">Out of an approval stage: this transition rejects (the others approve).</param>
internal sealed record NextStage(string To, string Name, IReadOnlyList<RequiredField> RequiredFields, bool IsReject = false);

/// <summary>A ticket as an agent sees it: where it is, who owns it, when it is due, and where it can go next.</summary>
/// <param name="SlaState">"onTrack", "atRisk", "breached", "paused" (waiting for the customer), "none" (no target) or "closed".</param>
/// <param name="RequiredToLeave">Fields a transition out of the current stage must carry (unless the ticket already holds them), with their kinds.</param>
internal sealed record TicketView(
    long Id, string Number, string TypeCode, TicketKind Kind, string WorkflowCode, long WorkflowVersion, string Stage, string StageName,
    string Status, string SlaState, long CustomerId, string CustomerTier, TicketChannel Channel, TicketPriority Priority, string? Category,
    string Subject, string? Description, string? Assignee, string? Team, string? Source, string? Outcome, IReadOnlyDictionary<string, string> Fields,
    string? CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FirstRespondedAt, double? FirstResponseBusinessMinutes,
    DateTimeOffset? FirstResponseDueAt, DateTimeOffset? ResolutionDueAt, DateTimeOffset? StageDueAt, DateTimeOffset? NextDueAt,
    double PausedBusinessMinutes, DateTimeOffset? ResolvedAt, long ReopenCount, long Version,
    IReadOnlyList<RequiredField> RequiredToLeave, IReadOnlyList<NextStage> AllowedTransitions, bool CanReopen, TicketLinks? Links = null,
    IReadOnlyList<string>? Tags = null)
{
    public static string SlaStateOf(TicketRow t, DateTimeOffset now) => t.Status switch
    {
        TicketStatus.Closed => "closed",
        TicketStatus.WaitingForCustomer => "paused",
        _ when t.NextDueAt is null => "none",
        _ when t.NextDueAt <= now => "breached",
        _ when t.NextRiskAt <= now => "atRisk",
        _ => "onTrack",
    };

    public static TicketView From(TicketRow t, WorkflowRow workflow, DateTimeOffset now)
    {
        var definition = workflow.Parsed;
        var stage = definition.Stage(t.Stage);
        var next = definition.From(t.Stage)
            .Select(x => new NextStage(x.To, definition.Stage(x.To)?.Name ?? x.To, stage?.RequiredFields ?? [], x.IsReject))
            .ToList();
        return new TicketView(t.Id, t.Number, t.TypeCode, t.Kind, workflow.Code, workflow.Version, t.Stage, stage?.Name ?? t.Stage,
            t.Status, SlaStateOf(t, now), t.CustomerId, t.CustomerTier, t.Channel, t.Priority, t.Category, t.Subject, t.Description,
            t.Assignee, t.Team, t.Source, t.Outcome, t.FieldValues, t.CreatedBy, t.CreatedAt, t.UpdatedAt, t.FirstRespondedAt,
            t.FirstResponseBusinessMinutes, t.FirstResponseDueAt, t.ResolutionDueAt, t.StageDueAt, t.NextDueAt, t.PausedMinutes,
            t.ResolvedAt, t.ReopenCount, t.Version, stage?.RequiredFields ?? [], next, definition.From(t.Stage, reopen: true).Any(), Tags: t.TagList);
    }

    public static async Task<TicketView?> LoadAsync(DbConnection c, DbTransaction? tx, long id, DateTimeOffset now)
    {
        var ticket = await TicketStore.ByIdAsync(c, id, tx);
        if (ticket is null) return null;
        var workflow = await WorkflowStore.ByIdAsync(c, ticket.WorkflowId, tx);
        return From(ticket, workflow!, now) with { Links = await TicketLinks.LoadAsync(c, tx, ticket) };
    }
}

/// <summary>Another ticket as a link shows it.</summary>
internal sealed record TicketRef(long Id, string Number, string Subject, string Status, long CustomerId);

/// <summary>
/// How a ticket relates to others: the ticket it was merged into, the duplicates merged into it, its parent and its
/// children (a complaint and the repairs it led to).
/// </summary>
internal sealed record TicketLinks(TicketRef? MergedInto, IReadOnlyList<TicketRef> MergedFrom, TicketRef? Parent, IReadOnlyList<TicketRef> Children)
{
    private const string Select = "SELECT id, number, subject, status, customer_id AS CustomerId FROM tkt_tickets";

    public static async Task<TicketLinks> LoadAsync(DbConnection c, DbTransaction? tx, TicketRow t)
    {
        var related = (await c.QueryAsync<(long Id, string Number, string Subject, string Status, long CustomerId, string Relation)>(
            $"""
            SELECT id, number, subject, status, customer_id, 'mergedInto' FROM tkt_tickets WHERE id = @MergedIntoId
            UNION ALL SELECT id, number, subject, status, customer_id, 'mergedFrom' FROM tkt_tickets WHERE merged_into_id = @Id
            UNION ALL SELECT id, number, subject, status, customer_id, 'parent' FROM tkt_tickets WHERE id = @ParentId
            UNION ALL SELECT id, number, subject, status, customer_id, 'child' FROM tkt_tickets WHERE parent_id = @Id
            """, new { t.Id, t.MergedIntoId, t.ParentId }, tx)).ToList();
        IEnumerable<TicketRef> Of(string relation) => related.Where(r => r.Relation == relation).OrderBy(r => r.Id)
            .Select(r => new TicketRef(r.Id, r.Number, r.Subject, r.Status, r.CustomerId));
        return new TicketLinks(Of("mergedInto").FirstOrDefault(), Of("mergedFrom").ToList(), Of("parent").FirstOrDefault(), Of("child").ToList());
    }

    public static Task<TicketRef?> FindAsync(DbConnection c, DbTransaction? tx, long id) =>
        c.QuerySingleOrDefaultAsync<TicketRef>(Select + " WHERE id = @Id", new { Id = id }, tx);
}
