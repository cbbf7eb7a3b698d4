using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Csm.Tests.Tickets.TicketKit;

namespace Csm.Tests.Tickets;

/// <summary>
/// The customer portal: a magic link by e-mail (the same answer for any address), a session of its own that opens only
/// the portal's endpoints and only the customer's own tickets, replies, files and open surveys.
/// </summary>
[NonParallelizable]
public sealed partial class PortalTests
{
    private static async Task<long> CustomerAsync(CsmFixture csm, string name, string email, string language = "zh-CN")
    {
        var customer = await (await csm.Admin.PostJsonAsync("/api/customers", new
        {
            name, tier = "standard", language, contacts = new[] { new { name, email, isPrimary = true } },
        }).ExpectAsync(201)).NodeAsync();
        await csm.DrainOutboxAsync();
        return customer["id"]!.GetValue<long>();
    }

    /// <summary>A ticket the customer opened on the web form, as staff see it.</summary>
    private static async Task<JsonNode> WrittenInAsync(CsmFixture csm, string email, string subject)
    {
        var receipt = await (await csm.Anonymous().PostJsonAsync("/api/public/tickets",
            new { name = "王芳", email, subject, description = "室内机只吹风。" }).ExpectAsync(201)).NodeAsync();
        var found = await (await csm.Admin.GetAsync($"/api/tickets?Q={receipt["number"]}").ExpectAsync(200)).NodeAsync();
        return await (await csm.Admin.GetAsync($"/api/tickets/{found["items"]![0]!["id"]}").ExpectAsync(200)).NodeAsync();
    }

    private static async Task<string> LinkTokenAsync(CsmFixture csm, SmtpTestServer smtp, string email)
    {
        smtp.Received.Clear();
        await csm.Anonymous().PostJsonAsync("/api/public/portal/links", new { email }).ExpectAsync(202);
        await csm.SendOutboundAsync();
        var mail = smtp.Received.Single(m => m.Body.Contains("/portal#"));
        return LinkPattern().Match(mail.Body) is { Success: true } m ? m.Groups[1].Value : throw new AssertionException("No link in: " + mail.Body);
    }

    private static async Task<HttpClient> PortalAsync(CsmFixture csm, SmtpTestServer smtp, string email)
    {
        var token = await LinkTokenAsync(csm, smtp, email);
        var browser = csm.Browser();
        await browser.PostJsonAsync("/api/public/portal/sessions", new { token }).ExpectAsync(200);
        return browser;
    }

    /// <summary>The portal cookie a session was opened with, as a browser would keep it (and anyone who copied it).</summary>
    private static async Task<string> PortalCookieAsync(CsmFixture csm, SmtpTestServer smtp, string email)
    {
        var token = await LinkTokenAsync(csm, smtp, email);
        var opened = await csm.Anonymous().PostJsonAsync("/api/public/portal/sessions", new { token }).ExpectAsync(200);
        return opened.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("csm.portal=", StringComparison.Ordinal)).Split(';')[0];
    }

    [Test]
    public async Task Signing_out_ends_the_session_on_the_server_so_a_copied_cookie_opens_nothing_and_archiving_the_customer_ends_theirs()
    {
        await using var smtp = new SmtpTestServer();
        await using var csm = await StartAsync(smtp);
        var customer = await CustomerAsync(csm, "王芳", "wang.fang@example.cn");
        await WrittenInAsync(csm, "wang.fang@example.cn", "空调不制冷");
        Task<HttpResponseMessage> Send(HttpMethod method, string cookie)
        {
            var request = new HttpRequestMessage(method, method == HttpMethod.Delete ? "/api/portal/session" : "/api/portal/tickets");
            request.Headers.Add("Cookie", cookie);
            return csm.Anonymous().SendAsync(request);
        }

        var cookie = await PortalCookieAsync(csm, smtp, "wang.fang@example.cn");
        Assert.That((await (await Send(HttpMethod.Get, cookie).ExpectAsync(200)).NodeAsync()).AsArray(), Has.Count.EqualTo(1));
        await Send(HttpMethod.Delete, cookie).ExpectAsync(204);
        await Send(HttpMethod.Get, cookie).ExpectAsync(401);

        var second = await PortalCookieAsync(csm, smtp, "wang.fang@example.cn");
        await Send(HttpMethod.Get, second).ExpectAsync(200);
        await csm.Admin.DeleteAsync($"/api/customers/{customer}").ExpectAsync(204);
        await Send(HttpMethod.Get, second).ExpectAsync(401);
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM cus_portal_links WHERE session_ended_at IS NOT NULL"), Is.EqualTo(1), "the sign-out, recorded");
    }

    [GeneratedRegex(@"http://portal\.csm\.test/portal#([A-Za-z0-9_-]+)")]
    private static partial Regex LinkPattern();

    private static Task<CsmFixture> StartAsync(SmtpTestServer smtp, params (string Key, string Value)[] more)
    {
        var settings = smtp.Settings;
        settings["Portal:PublicBaseUrl"] = "http://portal.csm.test";
        foreach (var (key, value) in more) settings[key] = value;
        return CsmFixture.StartAsync(settings);
    }

    [Test]
    public async Task A_known_address_gets_a_single_use_link_and_an_unknown_one_the_same_answer_and_no_mail()
    {
        await using var smtp = new SmtpTestServer();
        await using var csm = await StartAsync(smtp);
        var customer = await CustomerAsync(csm, "王芳", "Wang.Fang@Example.cn");

        var known = await csm.Anonymous().PostJsonAsync("/api/public/portal/links", new { email = "  wang.fang@EXAMPLE.cn " }).ExpectAsync(202);
        var unknown = await csm.Anonymous().PostJsonAsync("/api/public/portal/links", new { email = "nobody@example.cn" }).ExpectAsync(202);
        Assert.That(await unknown.Content.ReadAsStringAsync(), Is.EqualTo(await known.Content.ReadAsStringAsync()), "the answer tells nobody who is a customer");

        await csm.SendOutboundAsync();
        var mail = smtp.Received.Single();
        Assert.That(mail.To.Single(), Is.EqualTo("Wang.Fang@Example.cn"));
        Assert.That(mail.Message.Subject, Is.EqualTo("您的客户服务门户登录链接"));
        Assert.That(mail.Body, Does.Contain("15 分钟内有效"));
        var token = LinkPattern().Match(mail.Body).Groups[1].Value;
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM cus_portal_links"), Is.EqualTo(2), "both requests are counted for their address");
        Assert.That(await csm.CountAsync($"SELECT COUNT(*) FROM cus_portal_links WHERE token_hash = '{token}'"), Is.Zero, "only the token's hash is kept");

        var browser = csm.Browser();
        var session = await (await browser.PostJsonAsync("/api/public/portal/sessions", new { token }).ExpectAsync(200)).NodeAsync();
        Assert.That((session["name"]!.GetValue<string>(), session["email"]!.GetValue<string>()), Is.EqualTo(("王芳", "Wang.Fang@Example.cn")));
        var me = await (await browser.GetAsync("/api/portal/session").ExpectAsync(200)).NodeAsync();
        Assert.That(me["name"]!.GetValue<string>(), Is.EqualTo("王芳"));
        var audit = await csm.CountAsync($"SELECT COUNT(*) FROM sys_audit WHERE action = 'customer.portalSignedIn' AND entity_id = '{customer}'");
        Assert.That(audit, Is.EqualTo(1), "the sign-in is in the audit log");

        var again = await csm.Browser().PostJsonAsync("/api/public/portal/sessions", new { token }).ExpectAsync(410);
        Assert.That((await again.NodeAsync())["detail"]!.GetValue<string>(), Does.Contain("already used"));

        await browser.DeleteAsync("/api/portal/session").ExpectAsync(204);
        await browser.GetAsync("/api/portal/session").ExpectAsync(401);
    }

    [Test]
    public async Task A_link_opened_after_15_minutes_is_gone_and_a_made_up_one_is_refused_naming_the_token()
    {
        await using var smtp = new SmtpTestServer();
        await using var csm = await StartAsync(smtp);
        await CustomerAsync(csm, "Ann Lee", "ann@harbour.example.com", "en");
        var token = await LinkTokenAsync(csm, smtp, "ann@harbour.example.com");
        Assert.That(smtp.Received.Single().Message.Subject, Is.EqualTo("Your link to the customer portal"), "in the customer's language");

        csm.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        var late = await csm.Browser().PostJsonAsync("/api/public/portal/sessions", new { token }).ExpectAsync(410);
        Assert.That((await late.NodeAsync())["detail"]!.GetValue<string>(), Does.Contain("expired"));

        // One character changed (never to itself: a token may begin with the letter put in).
        var forged = (token[0] == 'x' ? "y" : "x") + token[1..];
        var madeUp = await (await csm.Browser().PostJsonAsync("/api/public/portal/sessions", new { token = forged }).ExpectAsync(400)).NodeAsync();
        Assert.That(madeUp["errors"]!["token"]![0]!.GetValue<string>(), Does.Contain("not a link"));
        var empty = await (await csm.Browser().PostJsonAsync("/api/public/portal/sessions", new { token = "" }).ExpectAsync(400)).NodeAsync();
        Assert.That(empty["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "token" }));
        var badAddress = await (await csm.Anonymous().PostJsonAsync("/api/public/portal/links", new { email = "not-an-address" }).ExpectAsync(400)).NodeAsync();
        Assert.That(badAddress["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "email" }));
        var longAddress = await (await csm.Anonymous().PostJsonAsync("/api/public/portal/links", new { email = new string('a', 10_000) + "@example.com" }).ExpectAsync(400)).NodeAsync();
        Assert.That(longAddress["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "email" }));
    }

    [Test]
    public async Task Links_are_limited_per_address_known_or_not()
    {
        await using var smtp = new SmtpTestServer();
        await using var csm = await StartAsync(smtp, ("Portal:LinksPerAddressPerHour", "2"));
        await CustomerAsync(csm, "王芳", "wang.fang@example.cn");
        foreach (var email in new[] { "wang.fang@example.cn", "nobody@example.cn" })
        {
            await csm.Anonymous().PostJsonAsync("/api/public/portal/links", new { email }).ExpectAsync(202);
            await csm.Anonymous().PostJsonAsync("/api/public/portal/links", new { email }).ExpectAsync(202);
            var third = await (await csm.Anonymous().PostJsonAsync("/api/public/portal/links", new { email = email.ToUpperInvariant() }).ExpectAsync(429)).NodeAsync();
            Assert.That(third["detail"]!.GetValue<string>(), Does.Contain("this address"));
        }
        await csm.SendOutboundAsync();
        Assert.That(smtp.Received, Has.Count.EqualTo(2), "two links to the customer, none to the unknown address");

        csm.Clock.Advance(TimeSpan.FromHours(1));
        await csm.Anonymous().PostJsonAsync("/api/public/portal/links", new { email = "wang.fang@example.cn" }).ExpectAsync(202);
    }

    [Test]
    public async Task A_portal_session_sees_only_its_customers_tickets_and_staff_and_portal_cookies_open_only_their_own_endpoints()
    {
        await using var smtp = new SmtpTestServer();
        await using var csm = await StartAsync(smtp);
        await CustomerAsync(csm, "王芳", "wang.fang@example.cn");
        await CustomerAsync(csm, "Ann Lee", "ann@harbour.example.com", "en");
        var mine = await WrittenInAsync(csm, "wang.fang@example.cn", "空调不制冷");
        var theirs = await WrittenInAsync(csm, "ann@harbour.example.com", "Invoice copy");
        var portal = await PortalAsync(csm, smtp, "wang.fang@example.cn");

        var list = (await (await portal.GetAsync("/api/portal/tickets").ExpectAsync(200)).NodeAsync()).AsArray();
        Assert.That(list.Select(t => (t!["number"]!.GetValue<string>(), t["subject"]!.GetValue<string>(), t["state"]!.GetValue<string>())),
            Is.EqualTo(new[] { (mine["number"]!.GetValue<string>(), "空调不制冷", "received") }));

        var other = Id(theirs);
        Assert.That((await (await portal.GetAsync($"/api/portal/tickets/{other}").ExpectAsync(404)).NodeAsync())["status"]!.GetValue<int>(), Is.EqualTo(404));
        await portal.PostJsonAsync($"/api/portal/tickets/{other}/replies", new { body = "Hello?" }).ExpectAsync(404);
        await portal.PostAsync($"/api/portal/tickets/{other}/attachments", Files(("a.txt", "hello"u8.ToArray()))).ExpectAsync(404);
        var staffFile = await (await csm.Admin.PostAsync($"/api/tickets/{other}/attachments", Files(("invoice.txt", "March"u8.ToArray()))).ExpectAsync(201)).NodeAsync();
        await portal.GetAsync($"/api/portal/tickets/{other}/attachments/{staffFile[0]!["id"]}").ExpectAsync(404);
        await portal.GetAsync($"/api/portal/tickets/{Id(mine)}/attachments/{staffFile[0]!["id"]}").ExpectAsync(404);
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM tkt_comments WHERE body = 'Hello?'"), Is.Zero);

        // The portal cookie opens no staff endpoint; a staff cookie, token or key opens no portal endpoint.
        await portal.GetAsync($"/api/tickets/{Id(mine)}").ExpectAsync(401);
        await portal.GetAsync("/api/auth/me").ExpectAsync(401);
        var staff = csm.Browser();
        await staff.PostJsonAsync("/api/auth/login", new { userName = "admin", password = CsmFixture.AdminPassword }).ExpectAsync(200);
        await staff.GetAsync($"/api/tickets/{Id(mine)}").ExpectAsync(200);
        await staff.GetAsync("/api/portal/tickets").ExpectAsync(401);
        await csm.Admin.GetAsync("/api/portal/tickets").ExpectAsync(401);
        await (await csm.ApiKeyClientAsync()).GetAsync("/api/portal/tickets").ExpectAsync(401);
        await csm.Anonymous().GetAsync("/api/portal/tickets").ExpectAsync(401);
    }

    [Test]
    public async Task The_customer_reads_replies_but_no_internal_notes_answers_and_staff_see_it_and_files_go_both_ways()
    {
        await using var smtp = new SmtpTestServer();
        await using var csm = await StartAsync(smtp);
        await CustomerAsync(csm, "王芳", "wang.fang@example.cn");
        var ticket = await WrittenInAsync(csm, "wang.fang@example.cn", "空调不制冷");
        var id = Id(ticket);
        ticket = await (await csm.Admin.PostJsonAsync($"/api/tickets/{id}/comments", new { body = "客户是老用户，免上门费", visibility = "internal", version = Version(ticket) }).ExpectAsync(200)).NodeAsync();
        var note = (await (await csm.Admin.GetAsync($"/api/tickets/{id}/comments").ExpectAsync(200)).NodeAsync()).AsArray().Single()!["id"]!.GetValue<long>();
        await csm.Admin.PostAsync($"/api/tickets/{id}/attachments", Files(("internal.txt", "secret"u8.ToArray()), ("commentId", note))).ExpectAsync(201);
        ticket = await (await csm.Admin.GetAsync($"/api/tickets/{id}").ExpectAsync(200)).NodeAsync();
        await csm.Admin.PostJsonAsync($"/api/tickets/{id}/comments", new { body = "请提供室外机的照片。", visibility = "customer", version = Version(ticket) }).ExpectAsync(200);
        var portal = await PortalAsync(csm, smtp, "wang.fang@example.cn");

        var page = await (await portal.GetAsync($"/api/portal/tickets/{id}").ExpectAsync(200)).NodeAsync();
        Assert.That(page["ticket"]!["state"]!.GetValue<string>(), Is.EqualTo("inProgress"));
        Assert.That(page["messages"]!.AsArray().Select(m => (m!["body"]!.GetValue<string>(), m["fromYou"]!.GetValue<bool>())),
            Is.EqualTo(new[] { ("请提供室外机的照片。", false) }), "the internal note is not shown");
        Assert.That(page["files"]!.AsArray(), Is.Empty, "nor the file sent with it");

        var receipt = await (await portal.PostJsonAsync($"/api/portal/tickets/{id}/replies", new { body = "照片见附件。" }).ExpectAsync(201)).NodeAsync();
        Assert.That((receipt["outcome"]!.GetValue<string>(), receipt["ticketId"]!.GetValue<long>()), Is.EqualTo(("added", id)));
        var photo = new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0 };
        var uploaded = await (await portal.PostAsync($"/api/portal/tickets/{id}/attachments", Files(("../../x", photo))).ExpectAsync(201)).NodeAsync();
        Assert.That((uploaded[0]!["fileName"]!.GetValue<string>(), uploaded[0]!["contentType"]!.GetValue<string>()), Is.EqualTo(("x", "image/jpeg")));

        var comments = (await (await csm.Admin.GetAsync($"/api/tickets/{id}/comments").ExpectAsync(200)).NodeAsync()).AsArray();
        var reply = comments.Last()!;
        Assert.That((reply["body"]!.GetValue<string>(), reply["inboundChannel"]!.GetValue<string>(), reply["author"]!.GetValue<string>()),
            Is.EqualTo(("照片见附件。", "portal", "wang.fang@example.cn")));
        var staffFiles = (await (await csm.Admin.GetAsync($"/api/tickets/{id}/attachments").ExpectAsync(200)).NodeAsync()).AsArray();
        Assert.That(staffFiles.Select(f => f!["fileName"]!.GetValue<string>()), Is.EquivalentTo(new[] { "internal.txt", "x" }));

        page = await (await portal.GetAsync($"/api/portal/tickets/{id}").ExpectAsync(200)).NodeAsync();
        Assert.That(page["messages"]!.AsArray().Select(m => m!["fromYou"]!.GetValue<bool>()), Is.EqualTo(new[] { false, true }));
        var file = page["files"]!.AsArray().Single()!;
        var download = await portal.GetAsync($"/api/portal/tickets/{id}/attachments/{file["id"]}").ExpectAsync(200);
        Assert.That(await download.Content.ReadAsByteArrayAsync(), Is.EqualTo(photo));
        Assert.That(download.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"));

        var empty = await (await portal.PostJsonAsync($"/api/portal/tickets/{id}/replies", new { body = "  " }).ExpectAsync(400)).NodeAsync();
        Assert.That(empty["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "body" }));
    }

    [Test]
    public async Task A_reply_to_a_ticket_closed_long_ago_opens_a_new_ticket_quoting_the_old_number()
    {
        await using var smtp = new SmtpTestServer();
        await using var csm = await StartAsync(smtp, ("Tickets:Inbound:ReopenWithinDays", "0.25"));
        await CustomerAsync(csm, "王芳", "wang.fang@example.cn");
        var ticket = await WrittenInAsync(csm, "wang.fang@example.cn", "空调不制冷");
        ticket = await MoveAsync(csm.Admin, ticket, "answer");
        await MoveAsync(csm.Admin, ticket, "closed", new { answer = "清洗滤网" });
        csm.Clock.Advance(TimeSpan.FromHours(7));
        var portal = await PortalAsync(csm, smtp, "wang.fang@example.cn");
        Assert.That((await (await portal.GetAsync($"/api/portal/tickets/{Id(ticket)}").ExpectAsync(200)).NodeAsync())["ticket"]!["state"]!.GetValue<string>(),
            Is.EqualTo("solved"));

        var receipt = await (await portal.PostJsonAsync($"/api/portal/tickets/{Id(ticket)}/replies", new { body = "又不制冷了。" }).ExpectAsync(201)).NodeAsync();

        Assert.That(receipt["outcome"]!.GetValue<string>(), Is.EqualTo("newTicket"));
        Assert.That(receipt["ticketId"]!.GetValue<long>(), Is.Not.EqualTo(Id(ticket)));
        var fresh = await (await csm.Admin.GetAsync($"/api/tickets/{receipt["ticketId"]}").ExpectAsync(200)).NodeAsync();
        Assert.That(fresh["subject"]!.GetValue<string>(), Is.EqualTo($"{ticket["number"]}: 空调不制冷"));
        Assert.That(fresh["description"]!.GetValue<string>(), Does.Contain("又不制冷了。").And.Contain(ticket["number"]!.GetValue<string>()));
        Assert.That((await (await csm.Admin.GetAsync($"/api/tickets/{Id(ticket)}").ExpectAsync(200)).NodeAsync())["status"]!.GetValue<string>(), Is.EqualTo("closed"));
        var list = (await (await portal.GetAsync("/api/portal/tickets").ExpectAsync(200)).NodeAsync()).AsArray();
        Assert.That(list.Select(t => t!["state"]!.GetValue<string>()), Is.EqualTo(new[] { "received", "solved" }), "the new one first");
    }

    [Test]
    public async Task Open_surveys_of_the_customer_and_no_one_elses_are_listed_and_answered_from_the_portal()
    {
        await using var smtp = new SmtpTestServer();
        await using var csm = await StartAsync(smtp);
        var mine = await CustomerAsync(csm, "王芳", "wang.fang@example.cn");
        var theirs = await CustomerAsync(csm, "Ann Lee", "ann@harbour.example.com", "en");
        var survey = (await (await csm.Admin.PostJsonAsync("/api/surveys", new
        {
            name = "Service CSAT", touchpoint = "service", title = new { zh = "服务评价", en = "Rate our service" },
            questions = new object[] { new { key = "csat", kind = "csat", text = new { zh = "您满意吗？", en = "Satisfied?" } } },
        }).ExpectAsync(201)).NodeAsync())["id"]!.GetValue<long>();
        async Task<JsonNode> InviteAsync(long customerId) =>
            await (await csm.Admin.PostJsonAsync($"/api/surveys/{survey}/invitations", new { customerId, channel = "link" }).ExpectAsync(201)).NodeAsync();
        var open = await InviteAsync(mine);
        var other = await InviteAsync(theirs);
        var portal = await PortalAsync(csm, smtp, "wang.fang@example.cn");

        var listed = (await (await portal.GetAsync("/api/portal/surveys").ExpectAsync(200)).NodeAsync()).AsArray();
        Assert.That(listed.Select(i => (i!["invitationId"]!.GetValue<long>(), i["title"]!.GetValue<string>())),
            Is.EqualTo(new[] { (open["invitationId"]!.GetValue<long>(), "服务评价") }));
        await portal.PostAsync($"/api/portal/surveys/{other["invitationId"]}/link", null).ExpectAsync(404);

        var link = (await (await portal.PostAsync($"/api/portal/surveys/{open["invitationId"]}/link", null).ExpectAsync(200)).NodeAsync())["url"]!.GetValue<string>();
        Assert.That(link, Does.Match("^/s/[A-Za-z0-9_-]{43}$"));
        var token = link[3..];
        Assert.That((await (await csm.Anonymous().GetAsync($"/api/public/surveys/{token}").ExpectAsync(200)).NodeAsync())["title"]!.GetValue<string>(), Is.EqualTo("服务评价"));
        await csm.Anonymous().PostJsonAsync($"/api/public/surveys/{token}/responses", new { answers = new[] { new { question = "csat", score = 5 } } }).ExpectAsync(201);

        Assert.That((await (await portal.GetAsync("/api/portal/surveys").ExpectAsync(200)).NodeAsync()).AsArray(), Is.Empty);
        await csm.Anonymous().GetAsync($"/api/public/surveys/{open["token"]}").ExpectAsync(409);
        await csm.Anonymous().GetAsync($"/api/public/surveys/{other["token"]}").ExpectAsync(200);
    }

    private static MultipartFormDataContent Files(params (string Name, byte[] Bytes)[] files) => Files(files, null);

    private static MultipartFormDataContent Files((string Name, byte[] Bytes) file, (string Key, long Value) field) => Files([file], field);

    private static MultipartFormDataContent Files((string Name, byte[] Bytes)[] files, (string Key, long Value)? field)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in files)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, "files", name);
        }
        if (field is { } f) form.Add(new StringContent(f.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)), f.Key);
        return form;
    }
}
