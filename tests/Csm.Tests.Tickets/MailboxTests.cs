using System.Text;
using System.Text.Json.Nodes;
using Csm.Modules.Tickets.Mail;
using Microsoft.Extensions.DependencyInjection;
using MailKit;
using MimeKit;

namespace Csm.Tests.Tickets;

/// <summary>
/// E-mail to ticket against a real IMAP server (dovecot on 127.0.0.1, started by the test): messages are delivered into
/// the mailbox, then the poll the Quartz job runs takes them.
/// </summary>
[NonParallelizable]
public sealed class MailboxTests
{
    private sealed class Desk : IAsyncDisposable
    {
        public required DovecotTestServer Imap { get; init; }
        public required SmtpTestServer Smtp { get; init; }
        public required CsmFixture Csm { get; init; }
        public long MailboxId { get; set; }

        public async Task<PollReport> PollAsync()
        {
            await using var scope = Csm.Services.CreateAsyncScope();
            var reports = await scope.ServiceProvider.GetRequiredService<MailboxPoller>().PollAllAsync(default);
            return reports.Single(r => r.MailboxId == MailboxId);
        }

        public async Task<List<JsonNode>> TicketsAsync() =>
            (await (await Csm.Admin.GetAsync("/api/tickets?pageSize=100").ExpectAsync(200)).NodeAsync())["items"]!.AsArray().Select(t => t!).ToList();

        public async Task<JsonNode> TicketAsync(long id) => await (await Csm.Admin.GetAsync($"/api/tickets/{id}").ExpectAsync(200)).NodeAsync();

        public async Task<List<JsonNode>> CommentsAsync(long id) =>
            (await (await Csm.Admin.GetAsync($"/api/tickets/{id}/comments").ExpectAsync(200)).NodeAsync()).AsArray().Select(c => c!).ToList();

        public async ValueTask DisposeAsync()
        {
            await Csm.DisposeAsync();
            await Smtp.DisposeAsync();
            await Imap.DisposeAsync();
        }
    }

    private static async Task<Desk> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var imap = await DovecotTestServer.StartAsync();
        var smtp = new SmtpTestServer();
        // The tests below take mail by polling when they say so; the IDLE tests switch it on.
        var all = new Dictionary<string, string?>(smtp.Settings) { ["Tickets:Mail:Idle"] = "false" };
        foreach (var (k, v) in settings ?? []) all[k] = v;
        var desk = new Desk { Imap = imap, Smtp = smtp, Csm = await CsmFixture.StartAsync(all) };
        var mailbox = await (await desk.Csm.Admin.PostJsonAsync("/api/mailboxes", imap.Mailbox()).ExpectAsync(201)).NodeAsync();
        desk.MailboxId = mailbox["id"]!.GetValue<long>();
        return desk;
    }

    private static MimeMessage Mail(string from, string subject, string? text = null, string? html = null, string? inReplyTo = null,
        params (string Name, byte[] Bytes)[] files)
    {
        var message = new MimeMessage { Subject = subject, Date = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(8)) };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("support@csm.test"));
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("customer.example");
        if (inReplyTo is not null)
        {
            message.InReplyTo = inReplyTo;
            message.References.Add(inReplyTo);
        }
        var body = new BodyBuilder { TextBody = text, HtmlBody = html };
        foreach (var (name, bytes) in files) body.Attachments.Add(name, bytes);
        message.Body = body.ToMessageBody();
        return message;
    }

    private static async Task<T> SqlAsync<T>(CsmFixture csm, string sql)
    {
        await using var c = await csm.Service<Csm.BuildingBlocks.Data.Db>().OpenAsync();
        return (await Dapper.SqlMapper.ExecuteScalarAsync<T>(c, sql))!;
    }

    private static async Task<long> CustomerAsync(CsmFixture csm, string email) =>
        (await (await csm.Admin.PostJsonAsync("/api/customers", new
        {
            name = "华东精密机械", tier = "standard", contacts = new[] { new { name = "李娜", email, isPrimary = true } },
        }).ExpectAsync(201)).NodeAsync())["id"]!.GetValue<long>();

    private static readonly Dictionary<string, string?> Idle = new() { ["Tickets:Mail:Idle"] = "true", ["Tickets:Mail:IdleRefreshSeconds"] = "1" };

    private static async Task<JsonNode> ListedAsync(Desk desk) =>
        (await (await desk.Csm.Admin.GetAsync("/api/mailboxes").ExpectAsync(200)).NodeAsync())["items"]!.AsArray().Single(m => m!["id"]!.GetValue<long>() == desk.MailboxId)!;

    private static async Task<bool> WithinAsync(TimeSpan limit, Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < until)
        {
            if (await condition()) return true;
            await Task.Delay(100);
        }
        return await condition();
    }

    [Test]
    public async Task Where_the_server_offers_idle_new_mail_becomes_a_ticket_within_seconds_without_a_poll_and_a_switched_off_mailbox_is_let_go()
    {
        // No poll runs here (the scheduler is off in tests): only the IDLE connection can take the mail.
        await using var desk = await StartAsync(Idle);
        Assert.That(await WithinAsync(TimeSpan.FromSeconds(15), async () => (await ListedAsync(desk))["idle"]!.GetValue<bool>()), Is.True,
            "the mailbox is watched with IDLE");
        var sent = DateTime.UtcNow;
        await desk.Imap.AppendAsync(Mail("wang.fang@example.cn", "打印机卡纸", text: "每打印十页就卡纸一次。"));
        Assert.That(await WithinAsync(TimeSpan.FromSeconds(15), async () => (await desk.TicketsAsync()).Count == 1), Is.True, "taken as it arrived");
        var took = DateTime.UtcNow - sent;
        var ticket = (await desk.TicketsAsync()).Single();
        Assert.That(ticket["subject"]!.GetValue<string>(), Is.EqualTo("打印机卡纸"));
        Assert.That(took, Is.LessThan(TimeSpan.FromSeconds(10)), $"took {took.TotalSeconds:N1} s");
        TestContext.Out.WriteLine($"IDLE: a message became a ticket {took.TotalMilliseconds:N0} ms after it was delivered");

        var listed = await ListedAsync(desk);
        var off = new JsonObject
        {
            ["name"] = "support", ["host"] = "127.0.0.1", ["port"] = desk.Imap.Port, ["tls"] = "none", ["userName"] = DovecotTestServer.UserName,
            ["folder"] = "INBOX", ["ticketType"] = "inquiry", ["isEnabled"] = false, ["version"] = listed["version"]!.GetValue<long>(),
        };
        await desk.Csm.Admin.PutJsonAsync($"/api/mailboxes/{desk.MailboxId}", off).ExpectAsync(200);
        Assert.That(await WithinAsync(TimeSpan.FromSeconds(15), async () => !(await ListedAsync(desk))["idle"]!.GetValue<bool>()), Is.True,
            "a switched-off mailbox is no longer watched");
        await desk.Imap.AppendAsync(Mail("wang.fang@example.cn", "又卡纸了", text: "还是卡纸。"));
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.That((await desk.TicketsAsync()).Count, Is.EqualTo(1), "nothing is taken from a switched-off mailbox");
    }

    [Test]
    public async Task With_idle_switched_off_new_mail_waits_for_the_poll()
    {
        await using var desk = await StartAsync(new Dictionary<string, string?>(Idle) { ["Tickets:Mail:Idle"] = "false" });
        await desk.Imap.AppendAsync(Mail("wang.fang@example.cn", "打印机卡纸", text: "每打印十页就卡纸一次。"));
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.That((await desk.TicketsAsync()).Count, Is.Zero, "no IDLE: nothing is taken before a poll");
        Assert.That((await ListedAsync(desk))["idle"]!.GetValue<bool>(), Is.False);
        Assert.That((await desk.PollAsync()).Tickets, Is.EqualTo(1), "the poll takes it");
    }

    [Test]
    public async Task A_new_message_opens_a_ticket_for_its_sender_and_the_answer_to_the_acknowledgement_is_a_reply_on_it()
    {
        await using var desk = await StartAsync();
        var customerId = await CustomerAsync(desk.Csm, "Li.Na@Example.cn");
        await desk.Imap.AppendAsync(Mail("李娜 <li.na@EXAMPLE.cn>", "打印机卡纸", text: "三楼的打印机每打一页就卡纸。\n型号 X200。"));

        var first = await desk.PollAsync();

        Assert.That((first.Tickets, first.Error), Is.EqualTo((1, (string?)null)));
        var ticket = (await desk.TicketsAsync()).Single();
        var id = ticket["id"]!.GetValue<long>();
        var full = await desk.TicketAsync(id);
        Assert.That(full["customerId"]!.GetValue<long>(), Is.EqualTo(customerId), "the customer whose contact e-mail it is, whatever its case");
        Assert.That(full["channel"]!.GetValue<string>(), Is.EqualTo("email"));
        Assert.That(full["typeCode"]!.GetValue<string>(), Is.EqualTo("inquiry"), "the mailbox's ticket type");
        Assert.That(full["subject"]!.GetValue<string>(), Is.EqualTo("打印机卡纸"));
        Assert.That(full["description"]!.GetValue<string>(), Does.StartWith("三楼的打印机每打一页就卡纸。\n型号 X200。").And.Contain("li.na@EXAMPLE.cn"));

        await desk.Csm.SendOutboundAsync();
        var acknowledgement = desk.Smtp.Received.Single();
        Assert.That(acknowledgement.To.Single(), Is.EqualTo("Li.Na@Example.cn"));
        Assert.That(acknowledgement.Message.Subject, Does.StartWith($"[{ticket["number"]}]"));

        // The customer answers the acknowledgement; their mail program quotes it below.
        await desk.Imap.AppendAsync(Mail("li.na@example.cn", "Re: " + acknowledgement.Message.Subject,
            text: "换了硒鼓还是卡。\n\n在 2026年12月1日 10:00，客户服务 <service@csm.test> 写道：\n> 我们已收到您的服务请求", inReplyTo: acknowledgement.Message.MessageId));
        // And once more, quoting only the number in a new subject.
        await desk.Imap.AppendAsync(Mail("li.na@example.cn", $"关于 {ticket["number"]} 的补充", text: "序列号 X200-7781"));

        var second = await desk.PollAsync();

        Assert.That((second.Replies, second.Tickets), Is.EqualTo((2, 0)));
        var comments = await desk.CommentsAsync(id);
        Assert.That(comments.Select(c => c["body"]!.GetValue<string>()), Is.EqualTo(new[] { "换了硒鼓还是卡。", "序列号 X200-7781" }),
            "the quoted acknowledgement is trimmed");
        Assert.That(comments.Select(c => c["inboundChannel"]!.GetValue<string>()).Distinct(), Is.EqualTo(new[] { "email" }));
        Assert.That((await desk.TicketsAsync()).Count, Is.EqualTo(1));
        await desk.Csm.SendOutboundAsync();
        Assert.That(desk.Smtp.Received.Count, Is.EqualTo(1), "a reply is not acknowledged again");
    }

    [Test]
    public async Task An_unknown_sender_becomes_a_prospect_for_review_and_an_html_mail_is_stored_as_text()
    {
        await using var desk = await StartAsync();
        await desk.Imap.AppendAsync(Mail("Ann Lee <ann@harbour.example.com>", "Invoice copy",
            html: "<html><head><style>p{color:red}</style></head><body><p>Please send the <b>March</b> invoice again.</p>"
                  + "<script>alert('owned')</script><div>Thanks,<br>Ann</div></body></html>"));

        Assert.That((await desk.PollAsync()).Tickets, Is.EqualTo(1));

        var ticket = await desk.TicketAsync((await desk.TicketsAsync()).Single()["id"]!.GetValue<long>());
        var description = ticket["description"]!.GetValue<string>();
        Assert.That(description, Does.StartWith("Please send the March invoice again.\n\nThanks,\nAnn"));
        Assert.That(description, Does.Not.Contain("<p").And.Not.Contain("<script").And.Not.Contain("alert").And.Not.Contain("color:red"));
        var prospects = (await (await desk.Csm.Admin.GetAsync("/api/customers?tag=needs-review").ExpectAsync(200)).NodeAsync())["items"]!.AsArray();
        Assert.That(prospects.Single()!["id"]!.GetValue<long>(), Is.EqualTo(ticket["customerId"]!.GetValue<long>()));
        Assert.That(prospects.Single()!["tier"]!.GetValue<string>(), Is.EqualTo("prospect"));
    }

    [Test]
    public async Task Auto_replies_and_bounces_open_no_ticket_and_get_no_acknowledgement()
    {
        await using var desk = await StartAsync();
        await CustomerAsync(desk.Csm, "li.na@example.cn");
        var away = Mail("li.na@example.cn", "Out of office", text: "I am away until Monday.");
        away.Headers.Add("Auto-Submitted", "auto-replied");
        var list = Mail("news@example.cn", "Monthly news", text: "News.");
        list.Headers.Add("Precedence", "bulk");
        var vacation = Mail("li.na@example.cn", "Away", text: "Away.");
        vacation.Headers.Add("X-Autoreply", "yes");
        var bounce = new MimeMessage { Subject = "Undelivered Mail Returned to Sender" };
        bounce.From.Add(MailboxAddress.Parse("MAILER-DAEMON@mx.example.cn"));
        bounce.To.Add(MailboxAddress.Parse("support@csm.test"));
        var report = new Multipart("report");
        report.ContentType.Parameters.Add("report-type", "delivery-status");
        report.Add(new TextPart("plain") { Text = "Your message could not be delivered." });
        bounce.Body = report;
        // An agent's reply copied back into the support mailbox: Csm's own mail, not a customer's.
        var own = Mail("客户服务 <service@csm.test>", "[TK-2026-000009] 打印机", text: "已为您安排上门。");
        foreach (var m in new[] { away, list, vacation, bounce, own }) await desk.Imap.AppendAsync(m);

        var poll = await desk.PollAsync();

        Assert.That((poll.Ignored, poll.Tickets, poll.Replies), Is.EqualTo((5, 0, 0)));
        Assert.That(await desk.Csm.CountAsync("SELECT COUNT(*) FROM tkt_tickets"), Is.EqualTo(0));
        Assert.That(await desk.Csm.CountAsync("SELECT COUNT(*) FROM out_messages"), Is.EqualTo(0), "nothing answers a machine");
        Assert.That(await desk.Csm.CountAsync("SELECT COUNT(*) FROM tkt_inbound_mail WHERE outcome = 'ignored' AND reason LIKE 'Auto-Submitted%'"), Is.EqualTo(1));
        Assert.That(await desk.Csm.CountAsync("SELECT COUNT(*) FROM cus_customers"), Is.EqualTo(1), "no prospect for a machine or for Csm itself");
    }

    [Test]
    public async Task The_same_message_is_taken_once_when_polled_twice_at_once_and_again_after_the_mailbox_starts_over()
    {
        await using var desk = await StartAsync();
        await CustomerAsync(desk.Csm, "li.na@example.cn");
        await desk.Imap.AppendAsync(Mail("li.na@example.cn", "空调不制冷", text: "室内机只吹风。"));

        var together = await Task.WhenAll(desk.PollAsync(), desk.PollAsync());
        Assert.That(together.Sum(r => r.Tickets), Is.EqualTo(1), string.Join("; ", together.Select(r => r.ToString())));
        // As a new UIDVALIDITY, or another host that never saw the mailbox, would: everything is fetched again.
        await SqlAsync<int>(desk.Csm, "UPDATE tkt_mailboxes SET uid_validity = NULL, last_uid = NULL; SELECT 1");
        var again = await desk.PollAsync();

        Assert.That((again.Duplicates, again.Tickets), Is.EqualTo((1, 0)));
        Assert.That(await desk.Csm.CountAsync("SELECT COUNT(*) FROM tkt_tickets"), Is.EqualTo(1));
        await desk.Csm.SendOutboundAsync();
        Assert.That(desk.Smtp.Received.Count, Is.EqualTo(1), "one acknowledgement");
        var mailbox = (await (await desk.Csm.Admin.GetAsync("/api/mailboxes").ExpectAsync(200)).NodeAsync())["items"]![0]!;
        Assert.That(mailbox["lastUid"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(mailbox["lastError"], Is.Null);
        using var imap = await desk.Imap.ClientAsync();
        await imap.Inbox.OpenAsync(MailKit.FolderAccess.ReadOnly);
        Assert.That((await imap.Inbox.SearchAsync(MailKit.Search.SearchQuery.NotSeen)).Count, Is.EqualTo(0), "taken messages are flagged seen");
    }

    [Test]
    public async Task An_attachment_over_the_file_limit_is_refused_with_a_note_on_the_ticket_and_a_small_one_is_kept()
    {
        await using var desk = await StartAsync();
        await CustomerAsync(desk.Csm, "li.na@example.cn");
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
        var video = new byte[20 * 1024 * 1024 + 1];
        Random.Shared.NextBytes(video);
        await desk.Imap.AppendAsync(Mail("li.na@example.cn", "现场照片和视频", text: "见附件。", files: [("卡纸.txt", png), ("现场.mp4", video)]));

        Assert.That((await desk.PollAsync()).Tickets, Is.EqualTo(1));

        var id = (await desk.TicketsAsync()).Single()["id"]!.GetValue<long>();
        var files = (await (await desk.Csm.Admin.GetAsync($"/api/tickets/{id}/attachments").ExpectAsync(200)).NodeAsync()).AsArray();
        Assert.That(files.Select(f => (f!["fileName"]!.GetValue<string>(), f["contentType"]!.GetValue<string>(), f["size"]!.GetValue<long>())),
            Is.EqualTo(new[] { ("卡纸.txt", "image/png", (long)png.Length) }), "the type comes from the content, not the name");
        var note = (await desk.CommentsAsync(id)).Single();
        Assert.That(note["visibility"]!.GetValue<string>(), Is.EqualTo("internal"));
        Assert.That(note["body"]!.GetValue<string>(), Does.Contain("'现场.mp4' (20971521 bytes) was not kept").And.Contain("Attachments:MaxFileBytes"));
    }

    [Test]
    public async Task A_malformed_message_is_parked_for_admins_and_the_poll_goes_on()
    {
        await using var desk = await StartAsync();
        await CustomerAsync(desk.Csm, "li.na@example.cn");
        await desk.Imap.DeliverRawAsync(Encoding.ASCII.GetBytes("\x01\x02 this is no mail at all\r\nno headers, no sender\r\n"));
        await desk.Imap.AppendAsync(Mail("li.na@example.cn", "网络断了", text: "办公室的网络从早上开始断断续续。"));

        var poll = await desk.PollAsync();

        Assert.That((poll.Parked, poll.Tickets, poll.Error), Is.EqualTo((1, 1, (string?)null)));
        var parked = await (await desk.Csm.Admin.GetAsync($"/api/mailboxes/{desk.MailboxId}/parked").ExpectAsync(200)).NodeAsync();
        Assert.That(parked["total"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(parked["items"]![0]!["reason"]!.GetValue<string>(), Does.Contain("no sender").Or.Contain("cannot be read"));
        Assert.That((await desk.PollAsync()).Taken, Is.EqualTo(0), "a parked message is not tried again");
    }

    /// <summary>A ticket type that asks for the pump's model at intake, which no mail carries.</summary>
    private static Task PumpTypeAsync(CsmFixture csm) => csm.Admin.PostJsonAsync("/api/ticket-types", new
    {
        code = "pump", name = "Pump repair", kind = "repair", workflowCode = "repair", defaultPriority = "normal",
        fields = new[] { new { key = "model", label = "机型 Model", kind = "text", requiredAtIntake = true } },
    }).ExpectAsync(201);

    private static async Task<JsonArray> ParkedAsync(Desk desk) =>
        (await (await desk.Csm.Admin.GetAsync($"/api/mailboxes/{desk.MailboxId}/parked").ExpectAsync(200)).NodeAsync())["items"]!.AsArray();

    [Test]
    public async Task A_message_from_someone_new_that_is_parked_leaves_no_prospect_behind()
    {
        await using var desk = await StartAsync();
        await PumpTypeAsync(desk.Csm);
        await desk.Csm.Admin.DeleteAsync($"/api/mailboxes/{desk.MailboxId}").ExpectAsync(204);
        desk.MailboxId = (await (await desk.Csm.Admin.PostJsonAsync("/api/mailboxes", desk.Imap.Mailbox("pumps", "pump")).ExpectAsync(201)).NodeAsync())["id"]!.GetValue<long>();
        var customers = await desk.Csm.CountAsync("SELECT COUNT(*) FROM cus_customers");
        await desk.Imap.AppendAsync(Mail("wang.fang@newcomer.example.cn", "水泵漏水", text: "泵体下面一直滴水。"));

        Assert.That((await desk.PollAsync()).Parked, Is.EqualTo(1));
        Assert.That((await ParkedAsync(desk)).Single()!["reason"]!.GetValue<string>(), Does.Contain("required"));
        Assert.That(await desk.Csm.CountAsync("SELECT COUNT(*) FROM cus_customers"), Is.EqualTo(customers),
            "the sender is added in the message's transaction, which the parked message rolled back");
        Assert.That(await desk.Csm.CountAsync("SELECT COUNT(*) FROM sys_audit WHERE action = 'customer.created'"), Is.Zero);
    }

    [Test]
    public async Task A_message_parked_for_a_required_field_is_taken_again_once_the_admin_made_it_optional_and_a_deleted_mailbox_is_gone()
    {
        await using var desk = await StartAsync();
        await PumpTypeAsync(desk.Csm);
        // The first mailbox goes; one that opens pump tickets takes its place on the same folder.
        await desk.Csm.Admin.DeleteAsync($"/api/mailboxes/{desk.MailboxId}").ExpectAsync(204);
        await desk.Csm.Admin.DeleteAsync($"/api/mailboxes/{desk.MailboxId}").ExpectAsync(404);
        await desk.Csm.Admin.GetAsync($"/api/mailboxes/{desk.MailboxId}/parked").ExpectAsync(404);
        Assert.That(await desk.Csm.CountAsync("SELECT COUNT(*) FROM sys_audit WHERE action = 'mailbox.deleted' AND before_json NOT LIKE '%" + desk.Imap.Password + "%'"), Is.EqualTo(1));
        var pumps = await (await desk.Csm.Admin.PostJsonAsync("/api/mailboxes", desk.Imap.Mailbox("pumps", "pump")).ExpectAsync(201)).NodeAsync();
        desk.MailboxId = pumps["id"]!.GetValue<long>();
        Assert.That((await (await desk.Csm.Admin.GetAsync("/api/mailboxes").ExpectAsync(200)).NodeAsync())["items"]!.AsArray().Select(m => m!["name"]!.GetValue<string>()),
            Is.EqualTo(new[] { "pumps" }));
        await CustomerAsync(desk.Csm, "li.na@example.cn");
        await desk.Imap.AppendAsync(Mail("li.na@example.cn", "水泵漏水", text: "泵体下面一直滴水。"));

        Assert.That((await desk.PollAsync()).Parked, Is.EqualTo(1));
        var first = (await ParkedAsync(desk)).Single()!;
        Assert.That(first["reason"]!.GetValue<string>(), Does.Contain("required"));
        var firstId = first["id"]!.GetValue<long>();

        // Tried again while the field is still required: parked again, with the reason of now.
        var again = await (await desk.Csm.Admin.PostJsonAsync($"/api/mailboxes/{desk.MailboxId}/parked/{firstId}/retry", new { }).ExpectAsync(200)).NodeAsync();
        Assert.That(again["outcome"]!.GetValue<string>(), Is.EqualTo("parked"));
        Assert.That(again["reason"]!.GetValue<string>(), Does.Contain("required"));
        var second = (await ParkedAsync(desk)).Single()!;
        Assert.That(second["id"]!.GetValue<long>(), Is.Not.EqualTo(firstId));
        await desk.Csm.Admin.PostJsonAsync($"/api/mailboxes/{desk.MailboxId}/parked/{firstId}/retry", new { }).ExpectAsync(404);

        var type = (await (await desk.Csm.Admin.GetAsync("/api/ticket-types").ExpectAsync(200)).NodeAsync())["items"]!.AsArray()
            .Single(t => t!["code"]!.GetValue<string>() == "pump")!;
        var fields = type["fields"]!.DeepClone().AsArray();
        fields[0]!["requiredAtIntake"] = false;
        await desk.Csm.Admin.PutJsonAsync("/api/ticket-types/pump", new JsonObject
        {
            ["name"] = "Pump repair", ["kind"] = "repair", ["workflowCode"] = "repair", ["defaultPriority"] = "normal", ["isActive"] = true,
            ["version"] = type["version"]!.GetValue<long>(), ["fields"] = fields,
        }).ExpectAsync(200);
        var taken = await (await desk.Csm.Admin.PostJsonAsync($"/api/mailboxes/{desk.MailboxId}/parked/{second["id"]}/retry", new { }).ExpectAsync(200)).NodeAsync();
        Assert.That(taken["outcome"]!.GetValue<string>(), Is.EqualTo("ticket"));
        var ticket = await desk.TicketAsync(taken["ticketId"]!.GetValue<long>());
        Assert.That((ticket["subject"]!.GetValue<string>(), ticket["typeCode"]!.GetValue<string>(), ticket["number"]!.GetValue<string>()),
            Is.EqualTo(("水泵漏水", "pump", taken["number"]!.GetValue<string>())));
        Assert.That(await ParkedAsync(desk), Is.Empty);
        Assert.That((await desk.PollAsync()).Taken, Is.EqualTo(0), "the poll does not take it a second time");
        Assert.That(await desk.Csm.CountAsync("SELECT COUNT(*) FROM tkt_tickets"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_parked_message_is_discarded_once_and_one_gone_from_the_server_stays_listed_and_other_mailboxes_cannot_reach_it()
    {
        await using var desk = await StartAsync();
        var noSender = new MimeMessage { Subject = "没有发件人", MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("customer.example") };
        noSender.To.Add(MailboxAddress.Parse("support@csm.test"));
        noSender.Body = new TextPart("plain") { Text = "谁写的？" };
        await desk.Imap.AppendAsync(noSender);
        await desk.Imap.DeliverRawAsync(Encoding.ASCII.GetBytes("\x01\x02 this is no mail at all\r\nno headers, no sender\r\n"));
        Assert.That((await desk.PollAsync()).Parked, Is.EqualTo(2));
        var parked = (await ParkedAsync(desk)).Select(p => p!).ToList();
        var known = parked.Single(p => p["messageKey"]!.GetValue<string>() == noSender.MessageId)["id"]!.GetValue<long>();
        var other = parked.Single(p => p["messageKey"]!.GetValue<string>() != noSender.MessageId)["id"]!.GetValue<long>();

        // Another mailbox cannot reach this one's messages; an unknown mailbox or message is 404.
        var second = await (await desk.Csm.Admin.PostJsonAsync("/api/mailboxes", desk.Imap.Mailbox("sales")).ExpectAsync(201)).NodeAsync();
        await desk.Csm.Admin.PostJsonAsync($"/api/mailboxes/{second["id"]}/parked/{known}/discard", new { }).ExpectAsync(404);
        await desk.Csm.Admin.PostJsonAsync($"/api/mailboxes/999999/parked/{known}/retry", new { }).ExpectAsync(404);
        await desk.Csm.Admin.PostJsonAsync($"/api/mailboxes/{desk.MailboxId}/parked/999999/retry", new { }).ExpectAsync(404);

        // Gone from the server (deleted by someone in a mail client): a retry is 409 and the message stays listed as it was.
        using (var imap = await desk.Imap.ClientAsync())
        {
            await imap.Inbox.OpenAsync(MailKit.FolderAccess.ReadWrite);
            var uids = await imap.Inbox.SearchAsync(MailKit.Search.SearchQuery.HeaderContains("Message-ID", noSender.MessageId));
            await imap.Inbox.AddFlagsAsync(uids, MailKit.MessageFlags.Deleted, true);
            await imap.Inbox.ExpungeAsync();
        }
        var gone = await (await desk.Csm.Admin.PostJsonAsync($"/api/mailboxes/{desk.MailboxId}/parked/{known}/retry", new { }).ExpectAsync(409)).NodeAsync();
        Assert.That(gone["detail"]!.GetValue<string>(), Does.Contain("no longer holds"));
        Assert.That((await ParkedAsync(desk)).Select(p => p!["id"]!.GetValue<long>()), Is.EquivalentTo(new[] { known, other }));

        await desk.Csm.Admin.PostJsonAsync($"/api/mailboxes/{desk.MailboxId}/parked/{known}/discard", new { }).ExpectAsync(204);
        Assert.That((await ParkedAsync(desk)).Select(p => p!["id"]!.GetValue<long>()), Is.EqualTo(new[] { other }));
        var twice = await (await desk.Csm.Admin.PostJsonAsync($"/api/mailboxes/{desk.MailboxId}/parked/{known}/discard", new { }).ExpectAsync(409)).NodeAsync();
        Assert.That(twice["detail"]!.GetValue<string>(), Does.Contain("not parked").And.Contain("discarded"));
        await desk.Csm.Admin.PostJsonAsync($"/api/mailboxes/{desk.MailboxId}/parked/{known}/retry", new { }).ExpectAsync(409);
        Assert.That(await desk.Csm.CountAsync("SELECT COUNT(*) FROM sys_audit WHERE action = 'mailbox.parkedDiscarded'"), Is.EqualTo(1));
        Assert.That(await desk.Csm.CountAsync("SELECT COUNT(*) FROM tkt_tickets"), Is.Zero);
    }

    [Test]
    public async Task Admins_set_up_a_mailbox_whose_secret_is_never_shown_and_test_what_the_server_says()
    {
        await using var desk = await StartAsync();
        var listed = await (await desk.Csm.Admin.GetAsync("/api/mailboxes").ExpectAsync(200)).NodeAsync();
        Assert.That(listed.ToJsonString(), Does.Not.Contain(desk.Imap.Password).And.Not.Contain("secret"));
        var stored = await SqlAsync<string>(desk.Csm, "SELECT secret FROM tkt_mailboxes");
        Assert.That(stored, Does.Not.Contain(desk.Imap.Password), "kept protected");
        var audit = await (await desk.Csm.Admin.GetAsync("/api/audit?pageSize=100").ExpectAsync(200)).NodeAsync();
        Assert.That(audit.ToJsonString(), Does.Contain("mailbox.created").And.Not.Contain(desk.Imap.Password));

        var good = await (await desk.Csm.Admin.PostJsonAsync($"/api/mailboxes/{desk.MailboxId}/test", new { }).ExpectAsync(200)).NodeAsync();
        Assert.That(good["ok"]!.GetValue<bool>(), Is.True);
        Assert.That(good["detail"]!.GetValue<string>(), Does.Contain("INBOX has 0 messages"));
        Assert.That(good["capabilities"]!.AsArray().Select(c => c!.GetValue<string>()), Does.Contain("Idle"));

        var mailbox = listed["items"]![0]!;
        var wrong = new JsonObject
        {
            ["name"] = "support", ["host"] = "127.0.0.1", ["port"] = desk.Imap.Port, ["tls"] = "none", ["userName"] = DovecotTestServer.UserName,
            ["secret"] = "not-the-password", ["folder"] = "INBOX", ["ticketType"] = "inquiry", ["isEnabled"] = true, ["version"] = mailbox["version"]!.GetValue<long>(),
        };
        await desk.Csm.Admin.PutJsonAsync($"/api/mailboxes/{desk.MailboxId}", wrong).ExpectAsync(200);
        var refused = await (await desk.Csm.Admin.PostJsonAsync($"/api/mailboxes/{desk.MailboxId}/test", new { }).ExpectAsync(200)).NodeAsync();
        Assert.That(refused["ok"]!.GetValue<bool>(), Is.False);
        Assert.That(refused["detail"]!.GetValue<string>(), Does.Contain("refused the sign-in as 'csm-support'").And.Contain("Authentication failed"));
        var poll = await desk.PollAsync();
        Assert.That(poll.Error, Does.Contain("Authentication failed"));
        var after = (await (await desk.Csm.Admin.GetAsync("/api/mailboxes").ExpectAsync(200)).NodeAsync())["items"]![0]!;
        Assert.That(after["lastError"]!.GetValue<string>(), Does.Contain("Authentication failed"), "shown to admins");

        var agent = await desk.Csm.UserAsync("manager");
        await agent.GetAsync("/api/mailboxes").ExpectAsync(403);
    }

    [TestCase("port", 0, "port")]
    [TestCase("tls", "tls13", "tls")]
    [TestCase("ticketType", "no-such-type", "ticketType")]
    [TestCase("host", "imap://mail.example.cn/inbox", "host")]
    [TestCase("secret", "", "secret")]
    public async Task A_bad_mailbox_setting_is_a_400_naming_the_field_and_nothing_is_saved(string field, object value, string named)
    {
        await using var csm = await CsmFixture.StartAsync();
        var body = new JsonObject
        {
            ["name"] = "support", ["host"] = "mail.example.cn", ["port"] = 993, ["tls"] = "ssl", ["userName"] = "support@example.cn",
            ["secret"] = "app-password", ["folder"] = "INBOX", ["ticketType"] = "inquiry",
        };
        body[field] = JsonValue.Create(value);

        var problem = await (await csm.Admin.PostJsonAsync("/api/mailboxes", body).ExpectAsync(400)).NodeAsync();

        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Contain(named));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM tkt_mailboxes"), Is.EqualTo(0));
    }
}
