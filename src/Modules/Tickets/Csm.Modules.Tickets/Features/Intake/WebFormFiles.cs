using System.Globalization;
using Csm.BuildingBlocks.Http;
using Csm.Modules.Tickets.Attachments;
using Csm.Modules.Tickets.Features.Attachments;
using Microsoft.AspNetCore.DataProtection;

namespace Csm.Modules.Tickets.Features.Intake;

/// <summary>
/// The right to attach files to a ticket just opened through the web form: the receipt carries a token naming the ticket
/// and when the right ends (protected with the host's data-protection keys, so every host reads it and nobody can make
/// one), checked against the ticket's number in the address. Nothing is stored for it.
/// </summary>
internal sealed class WebFormUploads(IDataProtectionProvider protection, TimeProvider clock)
{
    /// <summary>How long after writing in the writer may still attach files.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    private readonly IDataProtector _protector = protection.CreateProtector("Csm.Tickets.WebForm.Uploads");

    public string Issue(long ticketId) =>
        _protector.Protect(string.Create(CultureInfo.InvariantCulture, $"{ticketId}|{clock.GetUtcNow().Add(Lifetime).ToUnixTimeSeconds()}"));

    /// <summary>The ticket the token is for and when it ends; null when it is not a token Csm issued.</summary>
    public (long TicketId, DateTimeOffset Ends)? Read(string token)
    {
        string text;
        try
        {
            text = _protector.Unprotect(token);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
        var parts = text.Split('|');
        return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ends)
            ? (id, DateTimeOffset.FromUnixTimeSeconds(ends)) : null;
    }

    public bool Expired(DateTimeOffset ends) => clock.GetUtcNow() >= ends;
}

/// <summary>
/// Files sent with the web form: after the ticket is opened, the page sends the writer's files with the receipt's upload
/// token, for 30 minutes, with the same limits and checks as staff and portal uploads. The files are the customer's, as
/// through the portal.
/// </summary>
internal sealed class AttachToWebFormTicket(DbSession session, WebFormUploads uploads, TicketFiles files)
    : EndpointWithoutRequest<Results<Created<IReadOnlyList<AttachmentView>>, ValidationProblem, ProblemHttpResult>>
{
    public const string TokenHeader = "X-Upload-Token";

    public override void Configure()
    {
        Post("public/tickets/{number}/attachments");
        AllowAnonymous();
        AllowFileUploads(dontAutoBindFormData: true);
        Description(d => d
            .ClearDefaultAccepts()
            .Accepts<UploadAttachments.UploadForm>("multipart/form-data")
            .WithTags("Tickets")
            .WithName("Tickets_WebFormAttachments")
            .WithSummary("Attaches the writer's files to a ticket just opened through the web form (no login)")
            .WithDescription($"The header `{TokenHeader}` carries the `uploadToken` of the web form's receipt; it works for 30 minutes, for that ticket only. "
                + "Files under `files`; the limits of every upload (Attachments:*). 401 without a valid token, 410 once it has ended.")
            .WithMetadata(new BodySizeLimit(AttachmentLimits.From(Config).MaxRequestBytes))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .RequireRateLimiting(RateLimits.Public));
    }

    public override async Task<Results<Created<IReadOnlyList<AttachmentView>>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var number = Route<string>("number")!;
        var token = HttpContext.Request.Headers[TokenHeader].ToString();
        if (token.Length is 0 or > 2000 || uploads.Read(token) is not { } grant)
            return TypedResults.Problem($"Send the receipt's uploadToken in the {TokenHeader} header.", statusCode: StatusCodes.Status401Unauthorized,
                title: "No valid upload token", extensions: new Dictionary<string, object?> { ["header"] = TokenHeader });
        var ticket = await (await session.ConnectionAsync(ct)).QuerySingleOrDefaultAsync<(string Number, long CustomerId)?>(
            "SELECT number, customer_id AS CustomerId FROM tkt_tickets WHERE id = @Id", new { Id = grant.TicketId });
        // A token for another ticket opens nothing here, and says nothing about that ticket.
        if (ticket is not { } found || !string.Equals(found.Number, number, StringComparison.OrdinalIgnoreCase)) return Problems.NotFound("Ticket", number);
        if (uploads.Expired(grant.Ends))
            return TypedResults.Problem("Files can be added for 30 minutes after writing in. Reply to our e-mail with the files, or use the customer portal.",
                statusCode: StatusCodes.Status410Gone, title: "Upload time is over");
        return await files.AttachAsync(HttpContext.Request, grant.TicketId, "web form", found.CustomerId, ct);
    }
}
