using System.IO.Compression;
using System.Text;
using Csm.BuildingBlocks.Blobs;
using Microsoft.Extensions.Options;

namespace Csm.Tests.Host;

/// <summary>The pure parts of attachments: what a file is by its bytes, what its name may show, and the folder store.</summary>
public sealed class BlobStoreTests
{
    private static string Detect(byte[] bytes) => ContentType.Detect(new MemoryStream(bytes));

    private static byte[] Zip(params string[] entries)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var entry in entries)
                using (var writer = new StreamWriter(zip.CreateEntry(entry).Open())) writer.Write("<x/>");
        return buffer.ToArray();
    }

    [Test]
    public void The_type_comes_from_the_first_bytes()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Detect([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]), Is.EqualTo("image/jpeg"));
            Assert.That(Detect("GIF89a\x01\x00"u8.ToArray()), Is.EqualTo("image/gif"));
            Assert.That(Detect("RIFF\x10\x00\x00\x00WEBPVP8 "u8.ToArray()), Is.EqualTo("image/webp"));
            Assert.That(Detect("RIFF\x10\x00\x00\x00WAVEfmt "u8.ToArray()), Is.EqualTo(ContentType.Unknown), "a RIFF that is not WebP");
            Assert.That(Detect("%PDF-1.7\n"u8.ToArray()), Is.EqualTo("application/pdf"));
            Assert.That(Detect(Zip("a.txt")), Is.EqualTo("application/zip"));
            Assert.That(Detect(Zip("[Content_Types].xml", "word/document.xml")), Does.EndWith("wordprocessingml.document"));
            Assert.That(Detect(Zip("[Content_Types].xml", "xl/workbook.xml")), Does.EndWith("spreadsheetml.sheet"));
            Assert.That(Detect("PK\x03\x04 broken"u8.ToArray()), Is.EqualTo(ContentType.Unknown), "a zip that is not one");
            Assert.That(Detect(Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>")), Is.EqualTo("text/plain"), "a page is text, never text/html");
            Assert.That(Detect(Encoding.UTF8.GetBytes("\uFEFF客户反馈：满意\r\n")), Is.EqualTo("text/plain"));
            Assert.That(Detect([0x00, 0x01, 0x02, 0x03]), Is.EqualTo(ContentType.Unknown));
            Assert.That(Detect([0xC3, 0x28]), Is.EqualTo(ContentType.Unknown), "not UTF-8");
            Assert.That(Detect([]), Is.EqualTo(ContentType.Unknown));
        });
    }

    [Test]
    public void A_long_text_cut_inside_a_character_at_the_sample_is_still_text()
    {
        var text = Encoding.UTF8.GetBytes("a" + new string('满', 5000));
        Assert.That(Detect(text), Is.EqualTo("text/plain"));
    }

    [TestCase("../../x", "x")]
    [TestCase("..\\..\\windows\\evil.exe", "evil.exe")]
    [TestCase("/etc/passwd", "passwd")]
    [TestCase("..", "file")]
    [TestCase("", "file")]
    [TestCase(null, "file")]
    [TestCase("  .hidden  ", "hidden")]
    [TestCase("报修\u0000照片\u202E.jpg", "报修照片.jpg")]
    [TestCase("a<b>c:d\"e|f?g*h.txt", "abcdefgh.txt")]
    [TestCase("line\r\nbreak.txt", "linebreak.txt")]
    public void A_sent_name_is_shown_as_its_last_segment_cleaned(string? sent, string shown) =>
        Assert.That(FileName.Clean(sent), Is.EqualTo(shown));

    [Test]
    public void A_long_name_keeps_its_extension()
    {
        var name = FileName.Clean(new string('照', 300) + ".pdf");
        Assert.That((name.Length, name[^4..]), Is.EqualTo((FileName.MaxLength, ".pdf")));
    }

    [Test]
    public async Task The_same_bytes_stored_at_once_by_many_writers_are_one_file_and_no_temporary_file_stays()
    {
        var folder = Path.Combine(Path.GetTempPath(), "csm-tests", "blobs-" + Guid.NewGuid().ToString("N")[..8]);
        var store = new FolderBlobStore(Options.Create(new BlobOptions { Folder = folder }));
        var bytes = new byte[300_000];
        Random.Shared.NextBytes(bytes);

        var stored = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.PutAsync(new MemoryStream(bytes), CancellationToken.None))));

        Assert.That(stored.Select(s => s.Sha256).Distinct().Single(), Is.EqualTo(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))));
        Assert.That(stored.Select(s => s.Length), Is.All.EqualTo(bytes.Length));
        var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories);
        Assert.That(files.Select(f => Path.GetRelativePath(folder, f)), Is.EqualTo(new[] { Path.Combine(stored[0].Sha256[..2], stored[0].Sha256[2..4], stored[0].Sha256) }));
        await using var read = (await store.OpenAsync(stored[0].Sha256, CancellationToken.None))!;
        var back = new MemoryStream();
        await read.CopyToAsync(back);
        Assert.That(back.ToArray(), Is.EqualTo(bytes));
        Assert.That(await store.OpenAsync("../../etc/passwd", CancellationToken.None), Is.Null, "only a hash names a blob");
        Assert.That(await store.OpenAsync(new string('a', 64), CancellationToken.None), Is.Null);
        Directory.Delete(folder, recursive: true);
    }
}
