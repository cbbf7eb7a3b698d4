using Csm.BuildingBlocks.Blobs;
using Csm.BuildingBlocks.Http;
using Csm.Modules.Tickets.Attachments;
using Csm.Modules.Tickets.Features.Attachments;
using Microsoft.Extensions.Logging;

namespace Csm.Modules.Tickets.Features.Portal;

/// <summary>The customer sends files to one of their tickets, with the same limits and checks as staff uploads.</summary>
internal sealed class UploadInPortal(TicketFiles files) : EndpointWithoutRequest<Results<Created<IReadOnlyList<AttachmentView>>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("tickets/{id:long}/attachments");
        Group<PortalGroup>();
        AllowFileUploads(dontAutoBindFormData: true);
        Description(d => d
            .ClearDefaultAccepts()
            .Accepts<UploadAttachments.UploadForm>("multipart/form-data")
            .WithName("Portal_UploadAttachments")
            .WithSummary("Attaches the customer's files to one of their tickets, or to one of its replies")
            .WithDescription("As Tickets_UploadAttachments: files under `files`, optionally `commentId` (a reply the customer can see); the same limits.")
            .WithMetadata(new BodySizeLimit(AttachmentLimits.From(Config).MaxRequestBytes))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType));
    }

    public override Task<Results<Created<IReadOnlyList<AttachmentView>>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(CancellationToken ct) =>
        files.AttachAsync(HttpContext.Request, Route<long>("id"), User.PortalEmail(), User.PortalCustomerId(), ct);
}

/// <summary>One of the customer's files (theirs or the service team's on their ticket), always as a download.</summary>
internal sealed class DownloadInPortal(DbSession session, IBlobStore blobs, ILogger<DownloadInPortal> logger)
    : EndpointWithoutRequest<Results<FileStreamHttpResult, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("tickets/{id:long}/attachments/{attachmentId:long}");
        Group<PortalGroup>();
        Description(d => d
            .WithName("Portal_DownloadAttachment")
            .WithSummary("Downloads a file of one of the customer's tickets")
            .Produces(StatusCodes.Status200OK, typeof(Stream), ContentType.Unknown)
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<FileStreamHttpResult, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        var attachmentId = Route<long>("attachmentId");
        var c = await session.ConnectionAsync(ct);
        if (!await PortalTickets.IsTheirsAsync(c, id, User.PortalCustomerId())) return Problems.NotFound("Ticket", id);
        var file = (await PortalTickets.FilesAsync(c, id, await PortalTickets.MessagesAsync(c, id))).FirstOrDefault(f => f.Id == attachmentId);
        return file is null ? Problems.NotFound("Attachment", attachmentId) : await DownloadAttachment.ServeAsync(HttpContext, blobs, file, logger, ct);
    }
}
