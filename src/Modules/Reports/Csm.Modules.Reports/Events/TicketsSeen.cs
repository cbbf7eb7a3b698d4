using System.Globalization;
using Csm.Modules.Reports.Rollups;
using Csm.Modules.Tickets.Contracts;
using MediatR;

using Csm.Modules.Reports.Facts;

namespace Csm.Modules.Reports.Events;

/// <summary>
/// Keeps one fact row per ticket from the Tickets module's events. Each event rewrites the fact, then the rollups get
/// the difference between the fact's old and new contribution: an event that changes nothing writes nothing, and an
/// event that arrives before the ticket's creation lands in a stub that creation completes.
/// </summary>
internal sealed class TicketsSeen(DbSession session, ReportingZone reporting) :
    INotificationHandler<TicketCreated>, INotificationHandler<TicketAssigned>, INotificationHandler<TicketFirstResponded>,
    INotificationHandler<TicketStageChanged>, INotificationHandler<TicketResolved>, INotificationHandler<TicketReopened>,
    INotificationHandler<TicketClosed>, INotificationHandler<SlaBreached>
{
    private const string FollowUpSource = "survey-response:";

    public async Task Handle(TicketCreated e, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        var tier = await c.ExecuteScalarAsync<string?>("SELECT tier FROM rpt_customers WHERE customer_id = @CustomerId", new { e.CustomerId }, session.Transaction);
        await ChangeAsync(e.TicketId, e.CustomerId, t => t with
        {
            Kind = Names.Camel(e.Kind), TypeCode = Names.Camel(e.TypeCode), Channel = Names.Camel(e.Channel), Priority = Names.Camel(e.Priority),
            Tier = t.Tier ?? tier, Assignee = t.Assignee ?? e.Assignee, Team = t.Team ?? e.Team, Stage = t.Stage ?? e.Stage, CreatedAt = e.CreatedAt,
        }, ct);
        await ResponsesSeenBeforeTheirTicketAsync(e, ct);
    }

    public Task Handle(TicketAssigned e, CancellationToken ct) => ChangeAsync(e.TicketId, e.CustomerId, t => t with
    {
        Assignee = e.Assignee, Team = e.Team ?? t.Team,
        Reassigned = e.PreviousAssignee is not null && e.PreviousAssignee != e.Assignee ? 1 : t.Reassigned,
    }, ct);

    public Task Handle(TicketFirstResponded e, CancellationToken ct) => ChangeAsync(e.TicketId, e.CustomerId, t => t with
    {
        FirstRespondedAt = t.FirstRespondedAt ?? e.RespondedAt, FirstResponseMinutes = t.FirstResponseMinutes ?? e.BusinessMinutes,
    }, ct);

    public Task Handle(TicketStageChanged e, CancellationToken ct) =>
        ChangeAsync(e.TicketId, e.CustomerId, t => t with { Stage = e.ToStage }, ct);

    public async Task Handle(TicketResolved e, CancellationToken ct)
    {
        await ChangeAsync(e.TicketId, e.CustomerId, t => t with
        {
            Kind = Names.Camel(e.Kind), TypeCode = Names.Camel(e.TypeCode), Channel = Names.Camel(e.Channel), Priority = Names.Camel(e.Priority),
            Assignee = e.Assignee, Team = e.Team, CreatedAt = t.CreatedAt ?? e.CreatedAt, ResolvedAt = e.ResolvedAt,
            FirstRespondedAt = t.FirstRespondedAt ?? (e.FirstResponseBusinessMinutes is null ? null : e.ResolvedAt),
            FirstResponseMinutes = t.FirstResponseMinutes ?? e.FirstResponseBusinessMinutes,
            ResolutionMinutes = e.ResolutionBusinessMinutes, SlaMet = e.SlaMet ? 1 : 0, Reopened = e.WasReopened ? 1 : t.Reopened,
            IsOpen = 0, Source = e.Source, Outcome = e.Outcome,
        }, ct);
        if (e.Source is { } source && source.StartsWith(FollowUpSource, StringComparison.Ordinal)
            && long.TryParse(source.AsSpan(FollowUpSource.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var responseId))
        {
            await CloseTheLoopAsync(responseId, e, ct);
        }
    }

    public Task Handle(TicketReopened e, CancellationToken ct) => ChangeAsync(e.TicketId, e.CustomerId, t => t with
    {
        Reopened = 1, ResolvedAt = null, ResolutionMinutes = null, SlaMet = null, IsOpen = 1, ClosedAt = null, Stage = e.Stage,
    }, ct);

    public Task Handle(TicketClosed e, CancellationToken ct) =>
        ChangeAsync(e.TicketId, e.CustomerId, t => t with { ClosedAt = e.ClosedAt, IsOpen = 0 }, ct);

    public Task Handle(SlaBreached e, CancellationToken ct) => ChangeAsync(e.TicketId, e.CustomerId, t => t with
    {
        FirstBreachedAt = t.FirstBreachedAt is { } first && first <= e.DueAt ? first : e.DueAt,
    }, ct);

    private async Task ChangeAsync(long ticketId, long customerId, Func<TicketFact, TicketFact> change, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        var tx = session.Transaction;
        var before = await c.QuerySingleOrDefaultAsync<TicketFact>(TicketFact.Select + " WHERE ticket_id = @TicketId", new { TicketId = ticketId }, tx);
        var after = change(before ?? new TicketFact { TicketId = ticketId, CustomerId = customerId });
        if (after == before) return;
        var assignments = string.Join(", ", TicketFact.Columns.Split(", ").Skip(1).Select(col => $"{col} = @{Pascal(col)}"));
        await c.ExecuteAsync(before is null
            ? $"INSERT INTO rpt_tickets ({TicketFact.Columns}) VALUES ({string.Join(", ", TicketFact.Columns.Split(", ").Select(col => "@" + Pascal(col)))})"
            : $"UPDATE rpt_tickets SET {assignments} WHERE ticket_id = @TicketId", after, tx);
        var zone = reporting.Zone;
        await DailyRollup.ApplyAsync(c, tx, session.Dialect,
            Contribution.Difference(before is null ? [] : Contribution.Of(before, zone), Contribution.Of(after, zone)));
    }

    /// <summary>A follow-up task for an unhappy answer was resolved: the response's loop is closed with its outcome.</summary>
    private async Task CloseTheLoopAsync(long responseId, TicketResolved e, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        var tx = session.Transaction;
        var before = await c.QuerySingleOrDefaultAsync<ResponseFact>(ResponseFact.Select + " WHERE r.response_id = @ResponseId", new { ResponseId = responseId }, tx);
        await c.ExecuteAsync("DELETE FROM rpt_follow_ups WHERE response_id = @ResponseId", new { ResponseId = responseId }, tx);
        await c.ExecuteAsync("INSERT INTO rpt_follow_ups (response_id, ticket_id, resolved_at, outcome) VALUES (@ResponseId, @TicketId, @ResolvedAt, @Outcome)",
            new { ResponseId = responseId, e.TicketId, e.ResolvedAt, Outcome = Names.Camel(e.Outcome) }, tx);
        if (before is null) return;
        var after = before with { FollowUpResolvedAt = e.ResolvedAt, FollowUpOutcome = Names.Camel(e.Outcome) };
        await DailyRollup.ApplyAsync(c, tx, session.Dialect,
            Contribution.Difference(Contribution.Of(before, reporting.Zone), Contribution.Of(after, reporting.Zone)));
    }

    /// <summary>Responses that arrived before their ticket's creation learn its channel now, and move in the channel rollup.</summary>
    private async Task ResponsesSeenBeforeTheirTicketAsync(TicketCreated e, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        var tx = session.Transaction;
        var channel = Names.Camel(e.Channel);
        var waiting = (await c.QueryAsync<ResponseFact>(ResponseFact.Select + " WHERE r.ticket_id = @TicketId AND r.channel IS NULL", new { e.TicketId }, tx)).ToList();
        if (waiting.Count == 0) return;
        await c.ExecuteAsync("UPDATE rpt_responses SET channel = @Channel WHERE ticket_id = @TicketId AND channel IS NULL", new { e.TicketId, Channel = channel }, tx);
        var zone = reporting.Zone;
        await DailyRollup.ApplyAsync(c, tx, session.Dialect, Contribution.Difference(
            waiting.SelectMany(r => Contribution.Of(r, zone)), waiting.SelectMany(r => Contribution.Of(r with { Channel = channel }, zone))));
    }

    private static string Pascal(string column) =>
        string.Concat(column.Split('_').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
}
