using Csm.BuildingBlocks.Blobs;
using Csm.Modules.Tickets.Attachments;
using Microsoft.Extensions.Logging;

namespace Csm.Modules.Tickets.Features.Attachments;

/// <summary>
/// A file's bytes, always as a download (Content-Disposition: attachment) with the type read from its content and
/// nosniff: a page or script someone attached is saved, never run in Csm's origin.
/// </summary>
internal sealed class DownloadAttachment(DbSession session, IBlobStore blobs, ILogger<DownloadAttachment> logger)
    : EndpointWithoutRequest<Results<FileStreamHttpResult, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("tickets/{id:long}/attachments/{attachmentId:long}");
        Group<TicketsGroup>();
        Description(d => d
            .WithName("Tickets_DownloadAttachment")
            .WithSummary("Downloads one of a ticket's files")
            .Produces(StatusCodes.Status200OK, typeof(Stream), ContentType.Unknown)
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<FileStreamHttpResult, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        var attachmentId = Route<long>("attachmentId");
        var attachment = await AttachmentStore.ByIdAsync(await session.ConnectionAsync(ct), id, attachmentId);
        if (attachment is null) return Problems.NotFound("Attachment", attachmentId);
        return await ServeAsync(HttpContext, blobs, attachment, logger, ct);
    }

    /// <summary>The bytes as a download, or 404 (logged) when the blob store lost them.</summary>
    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> ServeAsync(
        HttpContext http, IBlobStore blobs, AttachmentView attachment, ILogger logger, CancellationToken ct)
    {
        var content = await blobs.OpenAsync(attachment.Sha256, ct);
        if (content is null)
        {
            logger.LogError("The blob {Sha256} of attachment {Attachment} on ticket {Ticket} is missing from the blob store", attachment.Sha256, attachment.Id, attachment.TicketId);
            return TypedResults.Problem($"The file of attachment {attachment.Id} is missing from the store.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.File(content, attachment.ContentType, attachment.FileName);
    }
}
