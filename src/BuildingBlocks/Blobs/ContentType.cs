using System.IO.Compression;
using System.Text;

namespace Csm.BuildingBlocks.Blobs;

/// <summary>
/// What a file is, from its first bytes and never from its name: a PNG called x.txt is image/png, a text called x.png is
/// text/plain. What is not recognised is application/octet-stream, which a browser only saves.
/// </summary>
public static class ContentType
{
    public const string Unknown = "application/octet-stream";
    private const int TextSample = 8192;

    private static readonly (byte[] Magic, int Offset, string Type)[] Signatures =
    [
        ([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], 0, "image/png"),
        ([0xFF, 0xD8, 0xFF], 0, "image/jpeg"),
        ("GIF87a"u8.ToArray(), 0, "image/gif"),
        ("GIF89a"u8.ToArray(), 0, "image/gif"),
        ("%PDF-"u8.ToArray(), 0, "application/pdf"),
    ];

    private static readonly (string Entry, string Type)[] OfficeParts =
    [
        ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ];

    /// <summary>The type of what <paramref name="content"/> holds; reads from its start and leaves it at its start.</summary>
    public static string Detect(Stream content)
    {
        content.Position = 0;
        var head = new byte[TextSample];
        var length = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        content.Position = 0;
        var bytes = head.AsSpan(0, length);
        foreach (var (magic, offset, type) in Signatures)
            if (bytes.Length >= offset + magic.Length && bytes.Slice(offset, magic.Length).SequenceEqual(magic)) return type;
        if (bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes.Slice(8, 4).SequenceEqual("WEBP"u8)) return "image/webp";
        if (bytes.Length >= 4 && bytes[..4].SequenceEqual("PK\u0003\u0004"u8)) return Zip(content);
        return IsText(bytes, complete: length < head.Length) ? "text/plain" : Unknown;
    }

    /// <summary>An Office document is a zip with its own parts; reading the zip's directory tells which, or that it is none.</summary>
    private static string Zip(Stream content)
    {
        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            foreach (var (entry, type) in OfficeParts)
                if (zip.GetEntry(entry) is not null) return type;
            return "application/zip";
        }
        catch (InvalidDataException)
        {
            return Unknown;
        }
        finally
        {
            content.Position = 0;
        }
    }

    /// <summary>UTF-8 (or ASCII) without control characters other than tabs, line and page breaks; an empty file is not text.</summary>
    private static bool IsText(ReadOnlySpan<byte> bytes, bool complete)
    {
        if (bytes.IsEmpty) return false;
        if (bytes.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        // A sample cut in the middle of a character is not a reason to call it binary.
        if (!complete) bytes = bytes[..WholeCharacters(bytes)];
        if (!System.Text.Unicode.Utf8.IsValid(bytes)) return false;
        foreach (var b in bytes)
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C) || b == 0x7F) return false;
        return true;
    }

    private static int WholeCharacters(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.Length;
        for (var back = 1; back <= 3 && end - back >= 0; back++)
        {
            var b = bytes[end - back];
            if ((b & 0xC0) != 0x80) return (b & 0x80) == 0 ? end : end - back;
        }
        return end;
    }
}
