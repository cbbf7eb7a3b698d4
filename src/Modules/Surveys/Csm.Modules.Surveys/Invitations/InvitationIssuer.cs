using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Messaging;
using Csm.BuildingBlocks.Templates;
using Csm.Modules.Surveys.Contracts;
using Csm.Modules.Surveys.Delivery;
using Csm.Modules.Surveys.Data;
using Dapper;
using Microsoft.Extensions.Options;

namespace Csm.Modules.Surveys.Invitations;

/// <summary>Who an invitation goes to. CustomerId is null for an anonymous link.</summary>
internal sealed record Recipient
{
    public long? CustomerId { get; init; }
    public string? FirstName { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string Language { get; init; } = Languages.English;
    public string? Tier { get; init; }
    public bool Erased { get; init; }
}

internal sealed record TicketContext(long TicketId, string TicketType, string? Agent, string? Team);

/// <param name="RemindAfter">Sends a reminder this long after the invitation unless it was answered by then.</param>
/// <param name="ResurveyOf">The unhappy answer this invitation re-surveys, after its follow-up was resolved.</param>
internal sealed record IssueRequest(
    long SurveyId, long? DistributionId, string Channel, DateTimeOffset SendAt, TimeSpan ValidFor, TicketContext? Ticket = null, TimeSpan? RemindAfter = null,
    long? ResurveyOf = null);

/// <param name="Token">Only at issue time: the database keeps its hash.</param>
internal sealed record Issued(long InvitationId, long? CustomerId, string Status, string? Token, string? SuppressedReason, DateTimeOffset ExpiresAt);

/// <summary>
/// Issues invitations in the caller's transaction: checks reachability and fatigue, stores each token's hash,
/// queues the e-mail or SMS (and its reminder) in the outbound queue for its send time, and records a suppression with its reason instead when the
/// customer must not be asked.
/// </summary>
internal sealed class InvitationIssuer(IOptions<SurveysOptions> options, MessageTemplates templates, TimeProvider clock)
{
    public async Task<IReadOnlyList<Issued>> IssueAsync(
        DbSession session, Outbox outbox, SurveyDefinition survey, IssueRequest request, IReadOnlyList<Recipient> recipients, CancellationToken ct)
    {
        var tx = session.Transaction ?? throw new InvalidOperationException("Invitations are issued inside a transaction.");
        var c = await session.ConnectionAsync(ct);
        var fatigue = await Fatigue.LoadAsync(c, tx, recipients.Where(r => r.CustomerId is not null).Select(r => r.CustomerId!.Value), request.SendAt);
        var expiresAt = request.SendAt + request.ValidFor;
        var now = clock.GetUtcNow();
        var issued = new List<Issued>(recipients.Count);
        var suppressed = new List<IntegrationEvent>();
        var messages = new List<OutboundMessage>();
        foreach (var recipient in recipients)
        {
            var reason = Unreachable(recipient, request.Channel)
                         ?? (recipient.CustomerId is { } id ? fatigue.Reason(id, recipient.Tier, request.SendAt) : null);
            var token = reason is null ? InvitationToken.New() : null;
            var invitationId = await c.ExecuteScalarAsync<long>(session.Dialect.InsertReturningId("srv_invitations",
                    "survey_id, distribution_id, customer_id, token_hash, channel, language, status, suppressed_reason, ticket_id, ticket_type, agent, team, send_at, expires_at, created_at, resurvey_of",
                    "@SurveyId, @DistributionId, @CustomerId, @TokenHash, @Channel, @Language, @Status, @Reason, @TicketId, @TicketType, @Agent, @Team, @SendAt, @ExpiresAt, @Now, @ResurveyOf"),
                new
                {
                    request.SurveyId, request.DistributionId, recipient.CustomerId, TokenHash = token is null ? null : InvitationToken.Hash(token),
                    request.Channel, recipient.Language, Status = reason is null ? InvitationStatus.Queued : InvitationStatus.Suppressed, Reason = reason,
                    request.Ticket?.TicketId, request.Ticket?.TicketType, request.Ticket?.Agent, request.Ticket?.Team, request.SendAt, ExpiresAt = expiresAt, Now = now, request.ResurveyOf,
                }, tx);
            issued.Add(new Issued(invitationId, recipient.CustomerId, reason is null ? InvitationStatus.Queued : InvitationStatus.Suppressed, token, reason, expiresAt));
            if (reason is not null)
            {
                if (recipient.CustomerId is { } customerId) suppressed.Add(new SurveySuppressed(request.SurveyId, customerId, reason));
                continue;
            }
            if (recipient.CustomerId is { } surveyed) fatigue.Record(surveyed, request.SendAt);
            if (request.Channel == Channels.Link) continue;
            var to = request.Channel == Channels.Email ? recipient.Email : recipient.Phone;
            var key = SurveyMessages.Key(invitationId);
            var (subject, body, html) = InvitationMessages.Render(await templates.TextAsync(SurveyMessages.Invitation, recipient.Language, ct),
                request.Channel, recipient.Language, survey, recipient.FirstName, Link(token!), expiresAt);
            messages.Add(new OutboundMessage(SurveyMessages.Module, key, SurveyMessages.Invitation, request.Channel, to, subject, body)
            {
                Html = html, Language = recipient.Language, DueAt = request.SendAt, ExpiresAt = expiresAt,
            });
            if (request.RemindAfter is { } after && request.SendAt + after < expiresAt)
            {
                var (rs, rb, rh) = InvitationMessages.Render(await templates.TextAsync(SurveyMessages.Reminder, recipient.Language, ct),
                    request.Channel, recipient.Language, survey, recipient.FirstName, Link(token!), expiresAt, reminder: true);
                messages.Add(new OutboundMessage(SurveyMessages.Module, key, SurveyMessages.Reminder, request.Channel, to, rs, rb)
                {
                    Html = rh, Language = recipient.Language, DueAt = request.SendAt + after, ExpiresAt = expiresAt,
                });
            }
        }
        await new OutboundQueue(session, outbox, clock).QueueAllAsync(messages, ct);
        await outbox.AddRangeAsync(suppressed, ct);
        return issued;
    }

    public string Link(string token) => $"{options.Value.PublicBaseUrl.TrimEnd('/')}/s/{token}";

    private static string? Unreachable(Recipient r, string channel) => r switch
    {
        { Erased: true } => "customer erased",
        _ when channel == Channels.Email && string.IsNullOrWhiteSpace(r.Email) => "no e-mail address",
        _ when channel == Channels.Sms && string.IsNullOrWhiteSpace(r.Phone) => "no mobile number",
        _ => null,
    };
}

internal static class InvitationStatus
{
    public const string Queued = "queued";
    public const string Sent = "sent";
    public const string Opened = "opened";
    public const string Answered = "answered";
    public const string Expired = "expired";
    public const string Suppressed = "suppressed";

    /// <summary>The status as shown: an unanswered invitation past its expiry reads "expired" without a job rewriting rows.</summary>
    public static string ShownSql(string alias) =>
        $"CASE WHEN {alias}.status IN ('queued', 'sent', 'opened') AND {alias}.expires_at <= @Now THEN 'expired' ELSE {alias}.status END";
}

internal static class Recipients
{
    public const string Select = """
        SELECT customer_id AS CustomerId, first_name AS FirstName, email, phone, language, tier,
          CASE WHEN erased = 1 THEN 1 ELSE 0 END AS Erased
        FROM srv_customers
        """;
}
