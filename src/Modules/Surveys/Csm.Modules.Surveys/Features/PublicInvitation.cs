using System.Data.Common;
using Csm.BuildingBlocks;
using Csm.Modules.Surveys.Invitations;
using Dapper;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Csm.Modules.Surveys.Features;

/// <summary>
/// The invitation behind a public token. An unknown token (or one character off: only hashes are compared) is 404;
/// an expired one is 410 Gone; an answered one is 409.
/// </summary>
internal sealed record PublicInvitation
{
    public long Id { get; init; }
    public long SurveyId { get; init; }
    public long? CustomerId { get; init; }
    public string Status { get; init; } = "";
    public string Language { get; init; } = "";
    public DateTimeOffset ExpiresAt { get; init; }
    public long? TicketId { get; init; }
    public string? TicketType { get; init; }
    public string? Agent { get; init; }
    public string? Team { get; init; }
    public string Channel { get; init; } = "";

    public const int MaxTokenLength = 100;

    public static async Task<PublicInvitation?> LoadAsync(DbConnection c, DbTransaction? tx, string token) =>
        token.Length > MaxTokenLength ? null : await c.QuerySingleOrDefaultAsync<PublicInvitation>(
            """
            SELECT id, survey_id AS SurveyId, customer_id AS CustomerId, status, language, expires_at AS ExpiresAt,
              ticket_id AS TicketId, ticket_type AS TicketType, agent, team, channel
            FROM srv_invitations WHERE token_hash = @Hash OR portal_token_hash = @Hash
            """, new { Hash = InvitationToken.Hash(token) }, tx);

    /// <summary>Why this invitation cannot be answered now, or null when it can.</summary>
    public static ProblemHttpResult? Refusal(PublicInvitation? found, DateTimeOffset now)
    {
        if (found is null)
            return TypedResults.Problem("There is no survey at this link. Check that the whole link was copied.",
                statusCode: StatusCodes.Status404NotFound, title: "Not found");
        if (found.Status == InvitationStatus.Answered)
            return Problems.Conflict("This survey was already answered. Thank you!");
        if (found.ExpiresAt <= now)
            return TypedResults.Problem($"This survey closed on {found.ExpiresAt:yyyy-MM-dd}.",
                statusCode: StatusCodes.Status410Gone, title: "Expired");
        return null;
    }
}
