using Csm.BuildingBlocks.Http;
using Csm.Modules.Tickets.Attachments;

namespace Csm.Modules.Tickets.Features.Attachments;

/// <summary>
/// Files sent to a ticket (repair photos, a signed form), optionally with one of its comments. Each file's bytes go to the
/// blob store first, by their hash; the rows, the history entry and the audit entry then commit together. A blob left by
/// a transaction that failed is unused bytes that the same upload, sent again, reuses.
/// </summary>
internal sealed class UploadAttachments(TicketFiles files)
    : EndpointWithoutRequest<Results<Created<IReadOnlyList<AttachmentView>>, ValidationProblem, ProblemHttpResult>>
{
    /// <summary>The form, as documented: one or more files under "files", and the comment they belong to.</summary>
    public sealed record UploadForm(IFormFile[] Files, long? CommentId);

    public override void Configure()
    {
        Post("tickets/{id:long}/attachments");
        Group<TicketsGroup>();
        // The endpoint reads the form itself, so that each limit and each field it does not take is named in the answer.
        AllowFileUploads(dontAutoBindFormData: true);
        var maxBody = AttachmentLimits.From(Config).MaxRequestBytes;
        Description(d => d
            .ClearDefaultAccepts()
            .Accepts<UploadForm>("multipart/form-data")
            .WithName("Tickets_UploadAttachments")
            .WithSummary("Attaches one or more files to a ticket, or to one of its comments")
            .WithDescription("""
            `multipart/form-data` with the files under `files` and, optionally, `commentId` (a comment of this ticket). The type is
            read from each file's content, never its name; the name is kept only to show (its last segment, cleaned). A file over
            `Attachments:MaxFileBytes` or a ticket over `Attachments:MaxTicketBytes` is refused with 413 naming the limit and the file.
            """)
            .WithMetadata(new BodySizeLimit(maxBody))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType));
    }

    public override Task<Results<Created<IReadOnlyList<AttachmentView>>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(CancellationToken ct) =>
        files.AttachAsync(HttpContext.Request, Route<long>("id"), User.Identity?.Name, null, ct);
}
