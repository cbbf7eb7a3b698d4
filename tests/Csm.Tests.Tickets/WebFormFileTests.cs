using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Csm.Tests.Tickets;

/// <summary>
/// Files with the web form: the receipt's upload token lets the writer's page attach files to that ticket, and to no
/// other, for 30 minutes, with the limits every upload has; staff then see and download them like any file.
/// </summary>
public sealed class WebFormFileTests
{
    private static readonly byte[] Photo = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 2, 3];

    private static async Task<JsonNode> WriteInAsync(CsmFixture csm, string subject = "空调不制冷") =>
        await (await csm.Anonymous().PostJsonAsync("/api/public/tickets",
            new { name = "王芳", email = "wang.fang@example.cn", subject, description = "室内机只吹风，照片见附件。" }).ExpectAsync(201)).NodeAsync();

    private static HttpRequestMessage Upload(string number, string? token, params (string Name, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in files)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, "files", name);
        }
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/public/tickets/{number}/attachments") { Content = form };
        if (token is not null) request.Headers.Add("X-Upload-Token", token);
        return request;
    }

    [Test]
    public async Task The_writer_attaches_a_photo_with_the_receipts_token_and_the_agent_sees_it_typed_from_its_content()
    {
        await using var csm = await CsmFixture.StartAsync();
        var receipt = await WriteInAsync(csm);
        var number = receipt["number"]!.GetValue<string>();
        var token = receipt["uploadToken"]!.GetValue<string>();

        var added = await (await csm.Anonymous().SendAsync(Upload(number, token, ("室内机.txt", Photo))).ExpectAsync(201)).NodeAsync();
        Assert.That(added.AsArray().Select(a => (a!["fileName"]!.GetValue<string>(), a["contentType"]!.GetValue<string>(), a["size"]!.GetValue<long>())),
            Is.EqualTo(new[] { ("室内机.txt", "image/jpeg", (long)Photo.Length) }), "the type read from the bytes, not the name");

        var ticketId = await csm.CountAsync($"SELECT id FROM tkt_tickets WHERE number = '{number}'");
        var listed = await (await csm.Admin.GetAsync($"/api/tickets/{ticketId}/attachments").ExpectAsync(200)).NodeAsync();
        var file = listed.AsArray().Single()!;
        var download = await csm.Admin.GetAsync($"/api/tickets/{ticketId}/attachments/{file["id"]}").ExpectAsync(200);
        Assert.That(await download.Content.ReadAsByteArrayAsync(), Is.EqualTo(Photo));
        Assert.That(download.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"));
        var history = await (await csm.Admin.GetAsync($"/api/tickets/{ticketId}/history").ExpectAsync(200)).NodeAsync();
        Assert.That(history.ToJsonString(), Does.Contain("attached").And.Contain("web form"));
    }

    [Test]
    public async Task Without_a_token_with_a_forged_one_or_anothers_ticket_nothing_is_attached_and_after_30_minutes_it_is_410()
    {
        await using var csm = await CsmFixture.StartAsync();
        var mine = await WriteInAsync(csm);
        var other = await WriteInAsync(csm, "另一张工单");
        var number = mine["number"]!.GetValue<string>();
        var token = mine["uploadToken"]!.GetValue<string>();

        var missing = await (await csm.Anonymous().SendAsync(Upload(number, null, ("a.jpg", Photo))).ExpectAsync(401)).NodeAsync();
        Assert.That(missing["header"]!.GetValue<string>(), Is.EqualTo("X-Upload-Token"));
        await csm.Anonymous().SendAsync(Upload(number, token[..^4] + "AAAA", ("a.jpg", Photo))).ExpectAsync(401);
        await csm.Anonymous().SendAsync(Upload(other["number"]!.GetValue<string>(), token, ("a.jpg", Photo))).ExpectAsync(404);
        var none = await (await csm.Anonymous().SendAsync(Upload(number, token)).ExpectAsync(400)).NodeAsync();
        Assert.That(none["errors"]!["files"], Is.Not.Null);

        csm.Clock.Advance(TimeSpan.FromMinutes(31));
        var late = await (await csm.Anonymous().SendAsync(Upload(number, token, ("a.jpg", Photo))).ExpectAsync(410)).NodeAsync();
        Assert.That(late["detail"]!.GetValue<string>(), Does.Contain("30 minutes"));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM tkt_attachments"), Is.Zero, "nothing was attached by any of them");
    }

    [Test]
    public async Task A_file_over_the_limit_is_413_naming_the_setting_and_the_file()
    {
        await using var csm = await CsmFixture.StartAsync(new Dictionary<string, string?> { ["Attachments:MaxFileBytes"] = "10" });
        var receipt = await WriteInAsync(csm);
        var problem = await (await csm.Anonymous().SendAsync(Upload(receipt["number"]!.GetValue<string>(), receipt["uploadToken"]!.GetValue<string>(),
            ("大照片.jpg", Photo))).ExpectAsync(413)).NodeAsync();
        Assert.That((problem["limit"]!.GetValue<string>(), problem["file"]!.GetValue<string>()), Is.EqualTo(("Attachments:MaxFileBytes", "大照片.jpg")));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM tkt_attachments"), Is.Zero);
    }
}
