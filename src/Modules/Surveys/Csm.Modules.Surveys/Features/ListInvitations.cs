using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Data;
using Csm.Modules.Surveys.Invitations;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Csm.Modules.Surveys.Features;

/// <summary>Who was asked, who answered, and who was not asked and why (suppressed, with the reason).</summary>
internal sealed class ListInvitations(DbSession session, TimeProvider clock) : Endpoint<ListInvitations.QueryString, Ok<Paged<ListInvitations.Item>>>
{
    public sealed record Item
    {
        public long Id { get; init; }
        public long SurveyId { get; init; }
        public long? CustomerId { get; init; }
        public string Channel { get; init; } = "";
        public string Language { get; init; } = "";
        public string Status { get; init; } = "";
        public string? SuppressedReason { get; init; }
        public long? TicketId { get; init; }
        public DateTimeOffset SendAt { get; init; }
        public DateTimeOffset ExpiresAt { get; init; }
        public DateTimeOffset? SentAt { get; init; }
        public DateTimeOffset? OpenedAt { get; init; }
        public DateTimeOffset? AnsweredAt { get; init; }
        /// <summary>The unhappy answer this invitation re-surveys after its follow-up was resolved.</summary>
        public long? ResurveyOf { get; init; }
    }

    /// <summary>The query string.</summary>
    public sealed record QueryString(string? Status, long? CustomerId, long? TicketId, int? Page, int? PageSize);

    public override void Configure()
    {
        Get("surveys/{id:long}/invitations");
        Group<SurveysGroup>();
        Description(d => d
            .WithName("Surveys_ListInvitations")
            .WithSummary("A survey's invitations, newest first; filter by status (queued, sent, opened, answered, expired, suppressed), customer or ticket"));
    }

    public override async Task<Ok<Paged<Item>>> ExecuteAsync(QueryString query, CancellationToken ct)
    {
        var id = Route<long>("id");
        var (status, customerId, ticketId, page, pageSize) = query;
        var c = await session.ConnectionAsync(ct);
        var request = PageRequest.From(page, pageSize);
        var shown = InvitationStatus.ShownSql("i");
        var where = $"""
            WHERE i.survey_id = @Id AND (@Status IS NULL OR {shown} = @Status)
              AND (@CustomerId IS NULL OR i.customer_id = @CustomerId) AND (@TicketId IS NULL OR i.ticket_id = @TicketId)
            """;
        var args = new { Id = id, Status = status, CustomerId = customerId, TicketId = ticketId, Now = clock.GetUtcNow(), request.Offset, Limit = request.PageSize };
        var items = (await c.QueryAsync<Item>(
            $"""
            SELECT i.id, i.survey_id AS SurveyId, i.customer_id AS CustomerId, i.channel, i.language, {shown} AS Status,
              i.suppressed_reason AS SuppressedReason, i.ticket_id AS TicketId, i.send_at AS SendAt, i.expires_at AS ExpiresAt,
              i.sent_at AS SentAt, i.opened_at AS OpenedAt, i.answered_at AS AnsweredAt, i.resurvey_of AS ResurveyOf
            FROM srv_invitations i {where} ORDER BY i.id DESC {session.Dialect.Page}
            """, args)).ToList();
        var total = await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM srv_invitations i {where}", args);
        return TypedResults.Ok(new Paged<Item>(items, total, request.Page, request.PageSize));
    }
}
