using System.Security.Cryptography;
using Csm.BuildingBlocks.Modules;
using Microsoft.Extensions.Options;

namespace Csm.BuildingBlocks.Blobs;

public sealed class BlobOptions
{
    /// <summary>The folder of the blobs; the host defaults it to blobs/ in the data folder (outside the web root).</summary>
    public string? Folder { get; set; }
}

/// <summary>
/// Blobs as files named by their hash (ab/cd/abcd…) in one folder. A blob is written to a temporary file in the same
/// folder and moved into place, so a reader never sees half a file and two hosts writing the same bytes at once leave one.
/// </summary>
public sealed class FolderBlobStore(IOptions<BlobOptions> options) : IBlobStore
{
    private readonly string _root = Path.GetFullPath(options.Value.Folder is { Length: > 0 } folder
        ? folder
        : throw HostCannotStart.Setting("Blobs:Folder", "no folder for attachments is set."));

    public async Task<StoredBlob> PutAsync(Stream content, CancellationToken ct)
    {
        var incoming = Path.Combine(_root, "incoming");
        Directory.CreateDirectory(incoming);
        var temporary = Path.Combine(incoming, Guid.NewGuid().ToString("N"));
        try
        {
            string sha256;
            long length;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
                await file.FlushAsync(ct);
                file.Flush(flushToDisk: true);
                length = file.Length;
                sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            }
            var target = PathOf(sha256);
            if (!File.Exists(target))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                try
                {
                    File.Move(temporary, target, overwrite: false);
                }
                catch (IOException) when (File.Exists(target))
                {
                    // Someone stored the same bytes in the meantime: theirs is this one.
                }
            }
            return new StoredBlob(sha256, length);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    public Task<Stream?> OpenAsync(string sha256, CancellationToken ct)
    {
        if (!IsHash(sha256)) return Task.FromResult<Stream?>(null);
        var path = PathOf(sha256);
        return Task.FromResult<Stream?>(File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true)
            : null);
    }

    /// <summary>Only a hash ever becomes a path: 64 hex digits, so nothing a caller sends can name a file elsewhere.</summary>
    private string PathOf(string sha256) => Path.Combine(_root, sha256[..2], sha256[2..4], sha256);

    private static bool IsHash(string text) => text.Length == 64 && text.All(char.IsAsciiHexDigitLower);
}
