using System.Globalization;
using Csm.BuildingBlocks.Blobs;
using Csm.BuildingBlocks.Http;
using Csm.Modules.Tickets.Attachments;
using Csm.Modules.Tickets.Data;
using Microsoft.Extensions.Options;

namespace Csm.Modules.Tickets.Features.Attachments;

/// <summary>
/// Files sent to a ticket (repair photos, a signed form), optionally with one of its comments. Each file's bytes go to the
/// blob store first, by their hash; the rows, the history entry and the audit entry then commit together. A blob left by
/// a transaction that failed is unused bytes that the same upload, sent again, reuses.
/// </summary>
internal sealed class UploadAttachments(DbSession session, IBlobStore blobs, AuditTrail audit, IOptions<AttachmentLimits> limits, TimeProvider clock)
    : EndpointWithoutRequest<Results<Created<IReadOnlyList<AttachmentView>>, ValidationProblem, ProblemHttpResult>>
{
    private const string FilesField = "files";
    private const string CommentField = "commentId";

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

    public override async Task<Results<Created<IReadOnlyList<AttachmentView>>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        var limit = limits.Value;
        IFormCollection form;
        try
        {
            form = await HttpContext.Request.ReadFormAsync(ct);
        }
        catch (Exception e) when (e is InvalidDataException or IOException && e is not BadHttpRequestException)
        {
            return Problems.Invalid(FilesField, "The body is not a readable multipart/form-data form.");
        }
        if (Unknown(form) is { Count: > 0 } unknown) return Problems.Invalid(unknown);
        var files = form.Files.GetFiles(FilesField);
        if (files.Count == 0) return Problems.Invalid(FilesField, "Send one or more files in the form field 'files'.");
        if (files.Count > limit.MaxFilesPerRequest)
            return Problems.Invalid(FilesField, $"At most {limit.MaxFilesPerRequest} files in one request; this one has {files.Count}.");
        long? commentId = null;
        if (form.TryGetValue(CommentField, out var commentText))
        {
            if (!long.TryParse(commentText.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed <= 0)
                return Problems.Invalid(CommentField, $"'{commentText}' is not a comment id.");
            commentId = parsed;
        }

        var c = await session.ConnectionAsync(ct);
        if (!await TicketStore.ExistsAsync(c, id)) return Problems.NotFound("Ticket", id);
        if (commentId is { } comment
            && await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM tkt_comments WHERE id = @Comment AND ticket_id = @Id", new { Comment = comment, Id = id }) == 0)
            return Problems.Invalid(CommentField, $"Comment {comment} is not a comment of ticket {id}.");
        var names = files.Select(f => FileName.Clean(f.FileName)).ToList();
        for (var i = 0; i < files.Count; i++)
        {
            if (files[i].Length == 0) return Problems.Invalid($"{FilesField}[{i}]", $"'{names[i]}' is empty.");
            if (files[i].Length > limit.MaxFileBytes) return TooLarge("Attachments:MaxFileBytes", limit.MaxFileBytes, names[i],
                $"'{names[i]}' is {files[i].Length} bytes; a file may have at most {limit.MaxFileBytes} bytes.");
        }
        if (OverTicket(await AttachmentStore.OwnBytesAsync(c, id), files, names) is { } early) return early;

        // The bytes first, outside the transaction: a writer's turn is not spent waiting for a disk.
        var stored = new List<(string Name, string Type, StoredBlob Blob)>();
        for (var i = 0; i < files.Count; i++)
        {
            await using var content = files[i].OpenReadStream();
            var type = ContentType.Detect(content);
            stored.Add((names[i], type, await blobs.PutAsync(content, ct)));
        }

        var tx = await session.BeginAsync(ct);
        var now = clock.GetUtcNow();
        // Touching the ticket first holds it: two uploads to one ticket count its total one after the other.
        if (await c.ExecuteAsync("UPDATE tkt_tickets SET updated_at = @Now WHERE id = @Id", new { Now = now, Id = id }, tx) == 0)
        {
            await session.RollbackAsync(ct);
            return Problems.NotFound("Ticket", id);
        }
        if (OverTicket(await AttachmentStore.OwnBytesAsync(c, id, tx), files, names) is { } late)
        {
            await session.RollbackAsync(ct);
            return late;
        }
        var actor = User.Identity?.Name;
        var ids = new HashSet<long>();
        foreach (var (name, type, blob) in stored)
            ids.Add(await AttachmentStore.AddAsync(c, tx, session.Dialect, id, commentId, name, type, blob.Length, blob.Sha256, actor, now));
        var added = (await AttachmentStore.OfTicketAsync(c, id, tx)).Where(a => ids.Contains(a.Id)).ToList();
        var detail = new { commentId, files = added.Select(a => new { a.Id, a.FileName, a.ContentType, a.Size }).ToList() };
        await TicketStore.AddHistoryAsync(c, tx, id, now, actor, "attached", detail);
        await audit.RecordAsync("tickets", "ticket.attached", "ticket", id, null, detail, ct);
        await session.CommitAsync(ct);
        return TypedResults.Created($"/api/tickets/{id}/attachments", (IReadOnlyList<AttachmentView>)added);
    }

    /// <summary>Fields and file parts the form may not have, each named as JSON would name an unknown field.</summary>
    private static Dictionary<string, string[]> Unknown(IFormCollection form) =>
        form.Keys.Where(k => k != CommentField)
            .Concat(form.Files.Select(f => f.Name).Where(n => n != FilesField))
            .Distinct()
            .ToDictionary(k => k, k => new[] { $"'{k}' is not a field of this request; send files as 'files' and, optionally, 'commentId'." });

    private ProblemHttpResult? OverTicket(long already, IReadOnlyList<IFormFile> files, List<string> names)
    {
        var total = already;
        var limit = limits.Value.MaxTicketBytes;
        for (var i = 0; i < files.Count; i++)
        {
            total += files[i].Length;
            if (total > limit)
                return TooLarge("Attachments:MaxTicketBytes", limit, names[i],
                    $"With '{names[i]}' the ticket's files would weigh {total} bytes; a ticket may have at most {limit} bytes of files (it has {already}).");
        }
        return null;
    }

    private static ProblemHttpResult TooLarge(string setting, long bytes, string file, string detail) => TypedResults.Problem(detail,
        statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large",
        extensions: new Dictionary<string, object?> { ["limit"] = setting, ["maxBytes"] = bytes, ["file"] = file });
}
