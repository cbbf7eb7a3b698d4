using System.Globalization;
using Csm.BuildingBlocks.Blobs;
using Csm.Modules.Tickets.Data;
using Csm.Modules.Tickets.Features.Portal;
using Microsoft.Extensions.Options;

namespace Csm.Modules.Tickets.Attachments;

/// <summary>
/// Files sent to a ticket by staff or, through the portal, by its customer: the form read and checked field by field,
/// each file's bytes to the blob store first (by their hash), then the rows, the history entry and the audit entry in
/// one transaction. A blob left by a transaction that failed is unused bytes that the same upload, sent again, reuses.
/// </summary>
internal sealed class TicketFiles(DbSession session, IBlobStore blobs, AuditTrail audit, IOptions<AttachmentLimits> limits, TimeProvider clock)
{
    private const string FilesField = "files";
    private const string CommentField = "commentId";

    /// <param name="actor">Who sent the files, as the history and the file list show it.</param>
    /// <param name="customer">The portal's customer: the ticket must be theirs (else 404) and a comment one they can see.</param>
    public async Task<Results<Created<IReadOnlyList<AttachmentView>>, ValidationProblem, ProblemHttpResult>> AttachAsync(
        HttpRequest request, long id, string? actor, long? customer, CancellationToken ct)
    {
        var limit = limits.Value;
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
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
        if (customer is null ? !await TicketStore.ExistsAsync(c, id) : !await PortalTickets.IsTheirsAsync(c, id, customer.Value)) return Problems.NotFound("Ticket", id);
        if (commentId is { } comment
            && await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM tkt_comments WHERE id = @Comment AND ticket_id = @Id AND (@Customer IS NULL OR visibility = 'customer')",
                new { Comment = comment, Id = id, Customer = customer }) == 0)
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
        var ids = new HashSet<long>();
        foreach (var (name, type, blob) in stored)
            ids.Add(await AttachmentStore.AddAsync(c, tx, session.Dialect, id, commentId, name, type, blob.Length, blob.Sha256, actor, now));
        var added = (await AttachmentStore.OfTicketAsync(c, id, tx)).Where(a => ids.Contains(a.Id)).ToList();
        var detail = new { commentId, files = added.Select(a => new { a.Id, a.FileName, a.ContentType, a.Size }).ToList() };
        await TicketStore.AddHistoryAsync(c, tx, id, now, actor, "attached", detail);
        await audit.RecordAsync("tickets", "ticket.attached", "ticket", id, null, detail, ct, actor: customer is null ? null : actor);
        await session.CommitAsync(ct);
        return TypedResults.Created(customer is null ? $"/api/tickets/{id}/attachments" : $"/api/portal/tickets/{id}", (IReadOnlyList<AttachmentView>)added);
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
