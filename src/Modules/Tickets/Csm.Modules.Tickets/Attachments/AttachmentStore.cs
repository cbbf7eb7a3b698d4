using System.Data.Common;
using Csm.Modules.Tickets.Features.Tickets;

namespace Csm.Modules.Tickets.Attachments;

/// <summary>A file on a ticket as the API shows it; the bytes are at its download address.</summary>
/// <param name="CommentId">The note or reply it was sent with, if any.</param>
/// <param name="MergedFrom">The duplicate it was listed on before a merge.</param>
internal sealed record AttachmentView(
    long Id, long TicketId, long? CommentId, string FileName, string ContentType, long Size, string Sha256,
    string? UploadedBy, DateTimeOffset UploadedAt, GetTicketHistory.MergedTicket? MergedFrom);

/// <summary>The SQL of tkt_attachments.</summary>
internal static class AttachmentStore
{
    private sealed record Row
    {
        public long Id { get; init; }
        public long TicketId { get; init; }
        public long? CommentId { get; init; }
        public string FileName { get; init; } = "";
        public string ContentType { get; init; } = "";
        public long Size { get; init; }
        public string Sha256 { get; init; } = "";
        public string? UploadedBy { get; init; }
        public DateTimeOffset UploadedAt { get; init; }
        public long? MergedFromId { get; init; }
        public string? MergedFromNumber { get; init; }

        public AttachmentView View() => new(Id, TicketId, CommentId, FileName, ContentType, Size, Sha256, UploadedBy, UploadedAt,
            MergedFromId is { } from ? new GetTicketHistory.MergedTicket(from, MergedFromNumber ?? "") : null);
    }

    private const string Select =
        """
        SELECT a.id, a.ticket_id AS TicketId, a.comment_id AS CommentId, a.file_name AS FileName, a.content_type AS ContentType, a.size,
          a.sha256, a.uploaded_by AS UploadedBy, a.uploaded_at AS UploadedAt, a.merged_from_id AS MergedFromId, f.number AS MergedFromNumber
        FROM tkt_attachments a LEFT JOIN tkt_tickets f ON f.id = a.merged_from_id
        """;

    public static async Task<IReadOnlyList<AttachmentView>> OfTicketAsync(DbConnection c, long ticketId, DbTransaction? tx = null) =>
        (await c.QueryAsync<Row>(Select + " WHERE a.ticket_id = @TicketId ORDER BY a.uploaded_at, a.id", new { TicketId = ticketId }, tx))
            .Select(r => r.View()).ToList();

    public static async Task<AttachmentView?> ByIdAsync(DbConnection c, long ticketId, long id) =>
        (await c.QueryFirstOrDefaultAsync<Row>(Select + " WHERE a.ticket_id = @TicketId AND a.id = @Id", new { TicketId = ticketId, Id = id }))?.View();

    /// <summary>What the ticket's own uploads weigh; files a merge brought along do not count against it.</summary>
    public static Task<long> OwnBytesAsync(DbConnection c, long ticketId, DbTransaction? tx = null) =>
        c.ExecuteScalarAsync<long>("SELECT COALESCE(SUM(size), 0) FROM tkt_attachments WHERE ticket_id = @TicketId AND merged_from_id IS NULL",
            new { TicketId = ticketId }, tx);

    public static Task<long> AddAsync(DbConnection c, DbTransaction tx, ISqlDialect dialect, long ticketId, long? commentId,
        string fileName, string contentType, long size, string sha256, string? uploadedBy, DateTimeOffset at) =>
        c.ExecuteScalarAsync<long>(dialect.InsertReturningId("tkt_attachments",
                "ticket_id, comment_id, file_name, content_type, size, sha256, uploaded_by, uploaded_at",
                "@TicketId, @CommentId, @FileName, @ContentType, @Size, @Sha256, @UploadedBy, @At"),
            new { TicketId = ticketId, CommentId = commentId, FileName = fileName, ContentType = contentType, Size = size, Sha256 = sha256, UploadedBy = uploadedBy, At = at }, tx);

    /// <summary>
    /// Lists a duplicate's files on the ticket that goes on, marked with where they came from; a file sent with a comment
    /// goes with that comment's copy. The bytes are not copied: both rows name the same blob.
    /// </summary>
    public static Task<int> CopyForMergeAsync(DbConnection c, DbTransaction? tx, long duplicateId, long intoId) =>
        c.ExecuteAsync(
            """
            INSERT INTO tkt_attachments (ticket_id, comment_id, file_name, content_type, size, sha256, uploaded_by, uploaded_at, merged_from_id)
            SELECT @Into,
              (SELECT MIN(n.id) FROM tkt_comments o JOIN tkt_comments n ON n.ticket_id = @Into AND n.merged_from_id = @Id
                 AND n.created_at = o.created_at AND n.body = o.body WHERE o.id = a.comment_id),
              a.file_name, a.content_type, a.size, a.sha256, a.uploaded_by, a.uploaded_at, @Id
            FROM tkt_attachments a WHERE a.ticket_id = @Id ORDER BY a.id
            """, new { Into = intoId, Id = duplicateId }, tx);
}
