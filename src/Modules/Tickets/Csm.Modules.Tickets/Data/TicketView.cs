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
    IReadOnlyList<RequiredField> RequiredToLeave, IReadOnlyList<NextStage> AllowedTransitions, bool CanReopen)
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
            t.ResolvedAt, t.ReopenCount, t.Version, stage?.RequiredFields ?? [], next, definition.From(t.Stage, reopen: true).Any());
    }

    public static async Task<TicketView?> LoadAsync(DbConnection c, DbTransaction? tx, long id, DateTimeOffset now)
    {
        var ticket = await TicketStore.ByIdAsync(c, id, tx);
        if (ticket is null) return null;
        var workflow = await WorkflowStore.ByIdAsync(c, ticket.WorkflowId, tx);
        return From(ticket, workflow!, now);
    }
}
