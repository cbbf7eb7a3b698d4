namespace Csm.BuildingBlocks.Blobs;

/// <summary>Bytes stored once by their SHA-256 (lower-case hex) and how many there are.</summary>
public sealed record StoredBlob(string Sha256, long Length);

/// <summary>
/// Where files people send (attachments) are kept, by content: the same bytes are stored once whoever sends them and
/// however often. A blob is written before the row that names it, so one left behind by a transaction that failed is
/// only unused bytes, never a row without its file.
/// </summary>
public interface IBlobStore
{
    /// <summary>Stores what <paramref name="content"/> holds (read to its end) and answers its hash and length.</summary>
    Task<StoredBlob> PutAsync(Stream content, CancellationToken ct);

    /// <summary>The blob's bytes to read, or null when the store has no blob of that hash.</summary>
    Task<Stream?> OpenAsync(string sha256, CancellationToken ct);
}
