using Microsoft.Extensions.Configuration;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using static Csm.Tests.Tickets.TicketKit;

namespace Csm.Tests.Tickets;

/// <summary>
/// Files on tickets: stored once by their hash under the data folder, typed by their content, served only as downloads
/// to staff with the tickets scope, limited per file and per ticket, and carried along by a merge.
/// </summary>
public sealed class AttachmentTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0];

    /// <summary>A host on a data folder of its own (so its blobs can be counted) that knows customer 7.</summary>
    private sealed record World(CsmFixture Csm, string Data) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Csm.DisposeAsync();
    }

    private static async Task<World> StartAsync(long? maxFile = null, long? maxTicket = null)
    {
        var data = Path.Combine(Path.GetTempPath(), "csm-tests", "attachments-" + Guid.NewGuid().ToString("N")[..8]);
        var settings = new Dictionary<string, string?> { ["DataFolder"] = data };
        if (maxFile is { } file) settings["Attachments:MaxFileBytes"] = file.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (maxTicket is { } ticket) settings["Attachments:MaxTicketBytes"] = ticket.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var csm = await CsmFixture.StartAsync(settings);
        await KnownCustomerAsync(csm, 7);
        return new World(csm, data);
    }

    private static MultipartFormDataContent Form(params (string Name, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            // What the browser claims is ignored: the content decides.
            part.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(part, "files", name);
        }
        return form;
    }

    private static async Task<JsonArray> UploadAsync(HttpClient client, JsonNode ticket, params (string Name, byte[] Bytes)[] files) =>
        (await (await client.PostAsync($"/api/tickets/{Id(ticket)}/attachments", Form(files)).ExpectAsync(201)).NodeAsync()).AsArray();

    private static async Task<JsonArray> ListAsync(HttpClient client, long ticketId) =>
        (await (await client.GetAsync($"/api/tickets/{ticketId}/attachments").ExpectAsync(200)).NodeAsync()).AsArray();

    private static string[] Blobs(string dataFolder) =>
        Directory.Exists(Path.Combine(dataFolder, "blobs"))
            ? Directory.GetFiles(Path.Combine(dataFolder, "blobs"), "*", SearchOption.AllDirectories) : [];

    private static byte[] Random(int length)
    {
        var bytes = new byte[length];
        System.Random.Shared.NextBytes(bytes);
        bytes[0] = 0; // never by chance a signature
        return bytes;
    }

    [Test]
    public async Task An_uploaded_file_downloads_byte_for_byte_as_an_attachment_typed_by_its_content_not_its_name()
    {
        await using var world = await StartAsync();
        var (csm, data) = world;
        var ticket = await OpenAsync(csm.Admin, 7);
        var agent = await csm.UserAsync("agent", "li.wei");
        var text = Encoding.UTF8.GetBytes("水泵漏水，见照片。\nThe pump leaks.\n");

        var added = await UploadAsync(agent, ticket, ("x.txt", Png), ("x.png", text));

        Assert.That(added.Select(a => (a!["fileName"]!.GetValue<string>(), a["contentType"]!.GetValue<string>(), a["size"]!.GetValue<long>())),
            Is.EqualTo(new[] { ("x.txt", "image/png", (long)Png.Length), ("x.png", "text/plain", (long)text.Length) }));
        Assert.That(added.Select(a => a!["uploadedBy"]!.GetValue<string>()), Is.All.EqualTo("li.wei"));
        Assert.That(added[0]!["sha256"]!.GetValue<string>(), Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(Png))));
        var listed = await ListAsync(csm.Admin, Id(ticket));
        Assert.That(listed.Select(a => a!["id"]!.GetValue<long>()), Is.EqualTo(added.Select(a => a!["id"]!.GetValue<long>())));

        foreach (var (attachment, bytes, type) in new[] { (added[0]!, Png, "image/png"), (added[1]!, text, "text/plain") })
        {
            var response = await agent.GetAsync($"/api/tickets/{Id(ticket)}/attachments/{attachment["id"]}").ExpectAsync(200);
            Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(bytes));
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo(type));
            Assert.That(response.Content.Headers.ContentDisposition!.DispositionType, Is.EqualTo("attachment"));
            Assert.That(response.Content.Headers.ContentDisposition.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName,
                Is.EqualTo(attachment["fileName"]!.GetValue<string>()));
            Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
        }
        Assert.That(Blobs(data), Has.Length.EqualTo(2), "the blobs are under the data folder");

        var history = (await (await csm.Admin.GetAsync($"/api/tickets/{Id(ticket)}/history").ExpectAsync(200)).NodeAsync()).AsArray();
        var entry = history.Single(h => h!["action"]!.GetValue<string>() == "attached")!;
        Assert.That(entry["actor"]!.GetValue<string>(), Is.EqualTo("li.wei"));
        Assert.That(entry["detail"]!["files"]!.AsArray().Select(f => f!["fileName"]!.GetValue<string>()), Is.EqualTo(new[] { "x.txt", "x.png" }));
        var audit = await (await csm.Admin.GetAsync($"/api/audit?action=ticket.attached&entityId={Id(ticket)}").ExpectAsync(200)).NodeAsync();
        Assert.That(audit["items"]!.AsArray().Single()!["actor"]!.GetValue<string>(), Is.EqualTo("li.wei"), "the upload is in the audit log");
    }

    [Test]
    public async Task A_file_over_the_file_limit_is_refused_naming_the_limit_and_the_file_and_nothing_is_kept()
    {
        await using var world = await StartAsync(maxFile: 1000);
        var (csm, data) = world;
        var ticket = await OpenAsync(csm.Admin, 7);

        var response = await csm.Admin.PostAsync($"/api/tickets/{Id(ticket)}/attachments", Form(("small.bin", Random(10)), ("报修照片.jpg", Random(1001)))).ExpectAsync(413);
        var problem = await response.NodeAsync();
        Assert.That((problem["limit"]!.GetValue<string>(), problem["file"]!.GetValue<string>(), problem["maxBytes"]!.GetValue<long>()),
            Is.EqualTo(("Attachments:MaxFileBytes", "报修照片.jpg", 1000L)));
        Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("报修照片.jpg").And.Contain("1000"));
        Assert.That(await ListAsync(csm.Admin, Id(ticket)), Is.Empty, "the request is refused whole");
        Assert.That(Blobs(data), Is.Empty);
    }

    [Test]
    public async Task Files_past_the_tickets_total_are_refused_naming_the_limit_and_the_file()
    {
        await using var world = await StartAsync(maxFile: 2000, maxTicket: 3000);
        var (csm, data) = world;
        var ticket = await OpenAsync(csm.Admin, 7);
        await UploadAsync(csm.Admin, ticket, ("one.bin", Random(1500)), ("two.bin", Random(1500)));

        var problem = await (await csm.Admin.PostAsync($"/api/tickets/{Id(ticket)}/attachments", Form(("three.bin", Random(1)))).ExpectAsync(413)).NodeAsync();
        Assert.That((problem["limit"]!.GetValue<string>(), problem["file"]!.GetValue<string>()), Is.EqualTo(("Attachments:MaxTicketBytes", "three.bin")));
        Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("3000"));
        Assert.That(await ListAsync(csm.Admin, Id(ticket)), Has.Count.EqualTo(2));
        var other = await OpenAsync(csm.Admin, 7);
        await UploadAsync(csm.Admin, other, ("three.bin", Random(1)));
    }

    [Test]
    public async Task A_name_with_a_path_never_reaches_the_disk_and_is_shown_cleaned()
    {
        await using var world = await StartAsync();
        var (csm, data) = world;
        var ticket = await OpenAsync(csm.Admin, 7);
        var outside = Path.Combine(data, "x");

        var added = await UploadAsync(csm.Admin, ticket, ("../../x", Random(50)), ("..\\..\\evil.txt", Random(60)), ("\u202Egnp.exe", Random(70)), ("..", Random(80)));

        Assert.That(added.Select(a => a!["fileName"]!.GetValue<string>()), Is.EqualTo(new[] { "x", "evil.txt", "gnp.exe", "file" }));
        var blobs = Blobs(data);
        Assert.That(blobs, Has.Length.EqualTo(4));
        Assert.That(blobs.Select(Path.GetFileName), Is.EquivalentTo(added.Select(a => a!["sha256"]!.GetValue<string>())), "stored under the hash only");
        Assert.That(blobs, Is.All.StartsWith(Path.Combine(data, "blobs") + Path.DirectorySeparatorChar));
        Assert.That(File.Exists(outside) || File.Exists(Path.Combine(Path.GetDirectoryName(data)!, "x")) || File.Exists(Path.Combine(data, "blobs", "x")), Is.False);
    }

    [Test]
    public async Task The_same_bytes_sent_twice_are_stored_once()
    {
        await using var world = await StartAsync();
        var (csm, data) = world;
        var first = await OpenAsync(csm.Admin, 7);
        var second = await OpenAsync(csm.Admin, 7);
        var photo = Random(4096);

        var a = (await UploadAsync(csm.Admin, first, ("pump.jpg", photo)))[0]!;
        var b = (await UploadAsync(csm.Admin, second, ("pump again.jpg", photo)))[0]!;

        Assert.That(b["sha256"]!.GetValue<string>(), Is.EqualTo(a["sha256"]!.GetValue<string>()));
        Assert.That(b["id"]!.GetValue<long>(), Is.Not.EqualTo(a["id"]!.GetValue<long>()), "each ticket has its own row");
        Assert.That(Blobs(data), Has.Length.EqualTo(1), "one file on disk, no temporary file left");
        var bytes = await (await csm.Admin.GetAsync($"/api/tickets/{Id(second)}/attachments/{b["id"]}").ExpectAsync(200)).Content.ReadAsByteArrayAsync();
        Assert.That(bytes, Is.EqualTo(photo));
    }

    [Test]
    public async Task Callers_without_access_to_tickets_get_nothing_and_another_tickets_attachment_is_not_found()
    {
        await using var world = await StartAsync();
        var (csm, data) = world;
        var ticket = await OpenAsync(csm.Admin, 7);
        var other = await OpenAsync(csm.Admin, 7);
        var attachment = (await UploadAsync(csm.Admin, ticket, ("contract.pdf", "%PDF-1.7\n"u8.ToArray())))[0]!;
        Assert.That(attachment["contentType"]!.GetValue<string>(), Is.EqualTo("application/pdf"));
        var customersOnly = await csm.ApiKeyClientAsync("agent", "customers");

        var refused = await (await customersOnly.GetAsync($"/api/tickets/{Id(ticket)}/attachments/{attachment["id"]}").ExpectAsync(403)).NodeAsync();
        Assert.That(refused["scope"]!.GetValue<string>(), Is.EqualTo("tickets"));
        await customersOnly.GetAsync($"/api/tickets/{Id(ticket)}/attachments").ExpectAsync(403);
        await customersOnly.PostAsync($"/api/tickets/{Id(ticket)}/attachments", Form(("x.bin", Random(5)))).ExpectAsync(403);
        await csm.Anonymous().GetAsync($"/api/tickets/{Id(ticket)}/attachments/{attachment["id"]}").ExpectAsync(401);
        await csm.Anonymous().PostAsync($"/api/tickets/{Id(ticket)}/attachments", Form(("x.bin", Random(5)))).ExpectAsync(401);

        await csm.Admin.GetAsync($"/api/tickets/{Id(other)}/attachments/{attachment["id"]}").ExpectAsync(404);
        await csm.Admin.GetAsync($"/api/tickets/999999/attachments").ExpectAsync(404);
        await csm.Admin.PostAsync($"/api/tickets/999999/attachments", Form(("x.bin", Random(5)))).ExpectAsync(404);
        Assert.That(await ListAsync(csm.Admin, Id(other)), Is.Empty);
        var withTicketsScope = await csm.ApiKeyClientAsync("agent", "tickets");
        await withTicketsScope.GetAsync($"/api/tickets/{Id(ticket)}/attachments/{attachment["id"]}").ExpectAsync(200);
    }

    [Test]
    public async Task An_upload_without_a_file_or_with_a_field_it_does_not_take_is_refused_naming_it()
    {
        await using var world = await StartAsync();
        var (csm, data) = world;
        var ticket = await OpenAsync(csm.Admin, 7);
        var other = await OpenAsync(csm.Admin, 7);
        await (await csm.Admin.PostJsonAsync($"/api/tickets/{Id(other)}/comments", new { body = "Elsewhere", visibility = "internal", version = Version(other) }).ExpectAsync(200)).NodeAsync();
        var url = $"/api/tickets/{Id(ticket)}/attachments";

        async Task<string[]> ErrorsAsync(HttpContent content, int status = 400)
        {
            var problem = await (await csm.Admin.PostAsync(url, content).ExpectAsync(status)).NodeAsync();
            Assert.That(problem["status"]!.GetValue<int>(), Is.EqualTo(status));
            return problem["errors"]!.AsObject().Select(e => e.Key).ToArray();
        }

        var noFile = new MultipartFormDataContent { { new StringContent("5"), "commentId" } };
        Assert.That(await ErrorsAsync(noFile), Is.EqualTo(new[] { "files" }));
        var wrongField = Form(("a.txt", "a"u8.ToArray()));
        wrongField.Add(new StringContent("hello"), "note");
        Assert.That(await ErrorsAsync(wrongField), Is.EqualTo(new[] { "note" }));
        var wrongPart = new MultipartFormDataContent { { new ByteArrayContent("a"u8.ToArray()), "file", "a.txt" } };
        Assert.That(await ErrorsAsync(wrongPart), Is.EqualTo(new[] { "file" }));
        var badComment = Form(("a.txt", "a"u8.ToArray()));
        badComment.Add(new StringContent("abc"), "commentId");
        Assert.That(await ErrorsAsync(badComment), Is.EqualTo(new[] { "commentId" }));
        var othersComment = Form(("a.txt", "a"u8.ToArray()));
        othersComment.Add(new StringContent((await LastCommentIdAsync(csm, Id(other))).ToString(System.Globalization.CultureInfo.InvariantCulture)), "commentId");
        Assert.That(await ErrorsAsync(othersComment), Is.EqualTo(new[] { "commentId" }));
        Assert.That(await ErrorsAsync(Form(("empty.txt", []))), Is.EqualTo(new[] { "files[0]" }));
        var notAForm = new StringContent("--x\r\nnot a form", Encoding.UTF8, "multipart/form-data");
        Assert.That(await ErrorsAsync(notAForm), Is.EqualTo(new[] { "files" }), "a multipart body without a boundary");
        await csm.Admin.PostJsonAsync(url, new { files = "x" }).ExpectAsync(415);
        Assert.That(await ListAsync(csm.Admin, Id(ticket)), Is.Empty);
    }

    private static async Task<long> LastCommentIdAsync(CsmFixture csm, long ticketId) =>
        (await (await csm.Admin.GetAsync($"/api/tickets/{ticketId}/comments").ExpectAsync(200)).NodeAsync()).AsArray().Last()!["id"]!.GetValue<long>();

    [Test]
    public async Task A_merge_lists_the_duplicates_files_on_the_other_ticket_marked_with_where_they_came_from()
    {
        await using var world = await StartAsync();
        var (csm, data) = world;
        var original = await OpenAsync(csm.Admin, 7);
        await UploadAsync(csm.Admin, original, ("first visit.jpg", Random(100)));
        var duplicate = await OpenAsync(csm.Admin, 7);
        duplicate = await (await csm.Admin.PostJsonAsync($"/api/tickets/{Id(duplicate)}/comments", new { body = "Photos of the leak", visibility = "internal", version = Version(duplicate) }).ExpectAsync(200)).NodeAsync();
        var commentId = await LastCommentIdAsync(csm, Id(duplicate));
        var withComment = Form(("leak.jpg", Random(200)));
        withComment.Add(new StringContent(commentId.ToString(System.Globalization.CultureInfo.InvariantCulture)), "commentId");
        var photo = (await (await csm.Admin.PostAsync($"/api/tickets/{Id(duplicate)}/attachments", withComment).ExpectAsync(201)).NodeAsync())[0]!;
        Assert.That(photo["commentId"]!.GetValue<long>(), Is.EqualTo(commentId));
        await UploadAsync(csm.Admin, duplicate, ("invoice.pdf", "%PDF-1.4 invoice"u8.ToArray()));
        duplicate = await (await csm.Admin.GetAsync($"/api/tickets/{Id(duplicate)}").ExpectAsync(200)).NodeAsync();

        await csm.Admin.PostJsonAsync($"/api/tickets/{Id(duplicate)}/merge", new { into = Id(original), version = Version(duplicate) }).ExpectAsync(200);

        var listed = await ListAsync(csm.Admin, Id(original));
        Assert.That(listed.Select(a => a!["fileName"]!.GetValue<string>()), Is.EqualTo(new[] { "first visit.jpg", "leak.jpg", "invoice.pdf" }));
        Assert.That(listed[0]!["mergedFrom"], Is.Null);
        Assert.That(listed.Skip(1).Select(a => a!["mergedFrom"]!["number"]!.GetValue<string>()), Is.All.EqualTo(duplicate["number"]!.GetValue<string>()));
        var copiedComment = await LastCommentIdAsync(csm, Id(original));
        Assert.That(listed[1]!["commentId"]!.GetValue<long>(), Is.EqualTo(copiedComment), "the photo goes with the comment's copy");
        var bytes = await (await csm.Admin.GetAsync($"/api/tickets/{Id(original)}/attachments/{listed[1]!["id"]}").ExpectAsync(200)).Content.ReadAsByteArrayAsync();
        Assert.That(Convert.ToHexStringLower(SHA256.HashData(bytes)), Is.EqualTo(photo["sha256"]!.GetValue<string>()));
        Assert.That(await ListAsync(csm.Admin, Id(duplicate)), Has.Count.EqualTo(2), "the duplicate keeps its own list");
        Assert.That(Blobs(data), Has.Length.EqualTo(3), "a merge copies rows, not bytes");
        var history = (await (await csm.Admin.GetAsync($"/api/tickets/{Id(original)}/history").ExpectAsync(200)).NodeAsync()).AsArray();
        Assert.That(history.Single(h => h!["action"]!.GetValue<string>() == "mergedFrom")!["detail"]!["attachments"]!.GetValue<int>(), Is.EqualTo(2));
    }
}

public sealed class AttachmentLimitTests
{
    private static Csm.Modules.Tickets.Attachments.AttachmentLimits From(params (string Key, string Value)[] settings) =>
        Csm.Modules.Tickets.Attachments.AttachmentLimits.From(new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());

    [Test]
    public void The_limits_default_to_20_MiB_a_file_and_100_MiB_a_ticket()
    {
        var limits = From();
        Assert.That((limits.MaxFileBytes, limits.MaxTicketBytes, limits.MaxFilesPerRequest), Is.EqualTo((20L << 20, 100L << 20, 20)));
    }

    [TestCase("Attachments:MaxFileBytes", "20MB")]
    [TestCase("Attachments:MaxTicketBytes", "0")]
    [TestCase("Attachments:MaxFilesPerRequest", "-1")]
    public void A_limit_that_is_not_a_positive_number_stops_the_host_naming_it(string key, string value)
    {
        var refused = Assert.Throws<Csm.BuildingBlocks.Modules.HostCannotStart>(() => From((key, value)));
        Assert.That(refused!.Message, Does.StartWith(key + ":").And.Contain($"'{value}'"));
    }
}
