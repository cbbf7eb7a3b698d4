using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Csm.Modules.Tickets.Features.Intake;

namespace Csm.Tests.Tickets;

/// <summary>
/// The inbound mail webhook (POST /api/public/inbound-mail): a mail gateway posts parsed mail as JSON, signed with the
/// shared secret; it is taken as a polled message is, and nothing is written for a request that is not the gateway's.
/// </summary>
public sealed class InboundMailWebhookTests
{
    private const string Secret = "gateway-shared-secret";

    private static Task<CsmFixture> StartAsync(SmtpTestServer? smtp = null)
    {
        var settings = new Dictionary<string, string?>(smtp?.Settings ?? []) { ["Tickets:InboundMail:Secret"] = Secret };
        return CsmFixture.StartAsync(settings);
    }

    private static async Task<HttpResponseMessage> PostAsync(CsmFixture csm, object body, TimeSpan? age = null, string? secret = null, Func<string, string>? tamper = null)
    {
        var json = body as string ?? JsonSerializer.Serialize(body);
        var stamp = (csm.Clock.GetUtcNow() - (age ?? TimeSpan.Zero)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        // Signed as the gateway would, with the test's own code: "sha256=" + hex HMAC-SHA256 of "{timestamp}.{body}".
        var signature = "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(secret ?? Secret), Encoding.UTF8.GetBytes($"{stamp}.{json}")));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/public/inbound-mail")
        {
            Content = new StringContent(tamper?.Invoke(json) ?? json, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add("X-Csm-Timestamp", stamp);
        request.Headers.Add("X-Csm-Signature", signature);
        return await csm.Anonymous().SendAsync(request);
    }

    private static object Mail(string messageId = "<m1@mail.example.cn>", string subject = "发票抬头错了", string? inReplyTo = null, object? headers = null,
        object[]? attachments = null) => new
    {
        from = "王芳 <Wang.Fang@example.cn>", to = new[] { "support@csm.test" }, subject, text = "三月的发票抬头写错了，请重开。", html = (string?)null,
        messageId, inReplyTo, references = inReplyTo is null ? null : new[] { inReplyTo }, headers, attachments,
    };

    private static async Task AssertNothingWrittenAsync(CsmFixture csm)
    {
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM tkt_tickets"), Is.EqualTo(0));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM tkt_inbound_mail"), Is.EqualTo(0));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM cus_customers"), Is.EqualTo(0), "no prospect either");
    }

    [Test]
    public async Task A_signed_mail_opens_a_ticket_with_its_files_an_answer_to_it_is_a_reply_and_the_same_mail_twice_counts_once()
    {
        await using var smtp = new SmtpTestServer();
        await using var csm = await StartAsync(smtp);
        var pdf = "%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"u8.ToArray();

        var receipt = await (await PostAsync(csm, Mail(attachments: [new { fileName = "../../发票.pdf", contentType = "text/plain", content = Convert.ToBase64String(pdf) }]))
            .ExpectAsync(200)).NodeAsync();

        Assert.That(receipt["outcome"]!.GetValue<string>(), Is.EqualTo("ticket"));
        var id = receipt["ticketId"]!.GetValue<long>();
        var ticket = await (await csm.Admin.GetAsync($"/api/tickets/{id}").ExpectAsync(200)).NodeAsync();
        Assert.That(ticket["number"]!.GetValue<string>(), Is.EqualTo(receipt["number"]!.GetValue<string>()));
        Assert.That(ticket["channel"]!.GetValue<string>(), Is.EqualTo("email"));
        Assert.That(ticket["description"]!.GetValue<string>(), Does.StartWith("三月的发票抬头写错了，请重开。"));
        var files = (await (await csm.Admin.GetAsync($"/api/tickets/{id}/attachments").ExpectAsync(200)).NodeAsync()).AsArray();
        Assert.That((files.Single()!["fileName"]!.GetValue<string>(), files.Single()!["contentType"]!.GetValue<string>()), Is.EqualTo(("发票.pdf", "application/pdf")),
            "the name's last segment only, the type from the content");
        await csm.SendOutboundAsync();
        var acknowledgement = smtp.Received.Single();

        var again = await (await PostAsync(csm, Mail())).NodeAsync();
        Assert.That(again["outcome"]!.GetValue<string>(), Is.EqualTo("duplicate"));
        var reply = await (await PostAsync(csm, Mail(messageId: "<m2@mail.example.cn>", subject: "Re: 发票", inReplyTo: $"<{acknowledgement.Message.MessageId}>"))
            .ExpectAsync(200)).NodeAsync();

        Assert.That((reply["outcome"]!.GetValue<string>(), reply["ticketId"]!.GetValue<long>()), Is.EqualTo(("reply", id)));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM tkt_tickets"), Is.EqualTo(1));
        var comments = (await (await csm.Admin.GetAsync($"/api/tickets/{id}/comments").ExpectAsync(200)).NodeAsync()).AsArray();
        Assert.That(comments.Single()!["author"]!.GetValue<string>(), Is.EqualTo("Wang.Fang@example.cn"));
    }

    [Test]
    public async Task A_bad_signature_or_a_request_signed_more_than_five_minutes_ago_is_401_and_writes_nothing()
    {
        await using var csm = await StartAsync();

        var forged = await (await PostAsync(csm, Mail(), secret: "guessed").ExpectAsync(401)).NodeAsync();
        var tampered = await (await PostAsync(csm, Mail(), tamper: j => j.Replace("m1@", "m9@")).ExpectAsync(401)).NodeAsync();
        var replayed = await (await PostAsync(csm, Mail(), age: TimeSpan.FromMinutes(6)).ExpectAsync(401)).NodeAsync();
        var unsigned = await (await csm.Anonymous().PostJsonAsync("/api/public/inbound-mail", Mail()).ExpectAsync(401)).NodeAsync();

        Assert.That(forged["detail"]!.GetValue<string>(), Does.Contain("signature does not match"));
        Assert.That(tampered["detail"]!.GetValue<string>(), Does.Contain("signature does not match"));
        Assert.That(replayed["detail"]!.GetValue<string>(), Does.Contain("6 minutes"));
        Assert.That(unsigned["detail"]!.GetValue<string>(), Does.Contain("X-Csm-Signature"));
        await AssertNothingWrittenAsync(csm);
    }

    [TestCase("""{"from":"not an address","subject":"x","text":"y"}""", "from")]
    [TestCase("""{"subject":"x","text":"y"}""", "from")]
    [TestCase("""{"from":"a@example.cn","subject":5}""", "subject")]
    [TestCase("""{"from":"a@example.cn","attachments":[{"fileName":"x.png","content":"@@not base64@@"}]}""", "attachments[0].content")]
    [TestCase("""{"from":"a@example.cn","attachments":[null]}""", "attachments[0]")]
    [TestCase("""{"from":"a@example.cn","sender":"b@example.cn"}""", "sender")]
    [TestCase("""{"from":"a@example.cn",""", "$")]
    public async Task A_signed_body_with_a_bad_field_is_a_400_naming_it_and_writes_nothing(string body, string field)
    {
        await using var csm = await StartAsync();

        var problem = await (await PostAsync(csm, body).ExpectAsync(400)).NodeAsync();

        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Contain(field), problem.ToJsonString());
        await AssertNothingWrittenAsync(csm);
    }

    [Test]
    public async Task An_auto_reply_posted_by_the_gateway_opens_nothing_and_is_not_answered()
    {
        await using var csm = await StartAsync();

        var receipt = await (await PostAsync(csm, Mail(headers: new Dictionary<string, string> { ["Auto-Submitted"] = "auto-replied" })).ExpectAsync(200)).NodeAsync();

        Assert.That(receipt["outcome"]!.GetValue<string>(), Is.EqualTo("ignored"));
        Assert.That(receipt["reason"]!.GetValue<string>(), Is.EqualTo("Auto-Submitted: auto-replied"));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM tkt_tickets"), Is.EqualTo(0));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM out_messages"), Is.EqualTo(0));
    }

    [Test]
    public async Task Without_a_secret_the_webhook_is_turned_off()
    {
        await using var csm = await CsmFixture.StartAsync();
        await PostAsync(csm, Mail()).ExpectAsync(404);
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM tkt_inbound_mail"), Is.EqualTo(0));
    }
}
