using System.Text.Json.Nodes;
using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Outbound;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Csm.Tests.Host;

/// <summary>The one outbound pipeline, against a real SMTP conversation on loopback.</summary>
[NonParallelizable]
public sealed class OutboundTests
{
    internal static async Task<long> QueueAsync(CsmFixture csm, OutboundMessage message)
    {
        await using var scope = csm.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        await session.BeginAsync();
        var id = await scope.ServiceProvider.GetRequiredService<OutboundQueue>().QueueAsync(message);
        await session.CommitAsync();
        return id;
    }

    internal static OutboundMessage Mail(string to, string subject = "Hello", string text = "Body") =>
        new("tests", "case:1", "testMail", OutboundChannels.Email, to, subject, text);

    internal static async Task<JsonNode> MessageAsync(CsmFixture csm, long id, string status) =>
        (await (await csm.Admin.GetAsync($"/api/operations/outbound?status={status}").ExpectAsync(200)).NodeAsync())["items"]!.AsArray()
        .Single(m => m!["id"]!.GetValue<long>() == id)!;

    [Test]
    public async Task An_email_is_threaded_has_text_and_html_and_an_encoded_chinese_subject_and_records_the_servers_reply()
    {
        await using var smtp = new SmtpTestServer();
        await using var csm = await CsmFixture.StartAsync(smtp.Settings);
        var id = await QueueAsync(csm, Mail("li.lei@example.com", "【工单 T-000042】您的维修已安排", "李先生您好：\n\n工程师将于明天上午到达。\n\n谢谢") with
        {
            MessageId = "ticket-42-comment-7@csm.test", InReplyTo = "ticket-42@csm.test", References = "ticket-42@csm.test ticket-42-comment-3@csm.test",
        });

        Assert.That(await csm.SendOutboundAsync(), Is.EqualTo(new OutboundSender.Outcome(1, 0, 0, 0)));
        var mail = smtp.Received.Single();
        Assert.That(mail.To, Is.EqualTo(new[] { "li.lei@example.com" }));
        Assert.That(mail.RawHeaders, Does.Match(@"(?m)^Subject: =\?utf-8\?[bq]\?").IgnoreCase, "RFC 2047 encoded words, not raw UTF-8");
        Assert.That(mail.RawHeaders, Does.Match(@"(?m)^From: =\?utf-8\?").IgnoreCase, "the display name is encoded too");
        var m = mail.Message;
        Assert.That(m.Subject, Is.EqualTo("【工单 T-000042】您的维修已安排"));
        Assert.That((m.MessageId, m.InReplyTo), Is.EqualTo(("ticket-42-comment-7@csm.test", "ticket-42@csm.test")));
        Assert.That(m.References, Is.EqualTo(new[] { "ticket-42@csm.test", "ticket-42-comment-3@csm.test" }));
        Assert.That(m.Body, Is.InstanceOf<MultipartAlternative>());
        Assert.That(m.TextBody, Does.Contain("工程师将于明天上午到达"));
        Assert.That(m.HtmlBody, Does.Contain("<p>工程师将于明天上午到达。</p>"));
        Assert.That(m.From.Mailboxes.Single().Name, Is.EqualTo("客户服务"));
        Assert.That(m.Headers["Auto-Submitted"], Is.EqualTo("auto-generated"), "what Csm sends by itself says so, against mail loops");

        var sent = await MessageAsync(csm, id, "sent");
        Assert.That(sent["serverReply"]!.GetValue<string>(), Is.EqualTo("250 2.0.0 OK queued as T1"));
        Assert.That(sent["attempts"]!.GetValue<long>(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_message_queued_in_a_change_that_rolls_back_is_never_sent()
    {
        await using var smtp = new SmtpTestServer();
        await using var csm = await CsmFixture.StartAsync(smtp.Settings);
        await using (var scope = csm.Services.CreateAsyncScope())
        {
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            var tx = await session.BeginAsync();
            await tx.Connection!.ExecuteAsync("UPDATE sys_users SET display_name = 'changed' WHERE user_name = 'admin'", transaction: tx);
            await scope.ServiceProvider.GetRequiredService<OutboundQueue>().QueueAsync(Mail("a@example.com"));
            await session.RollbackAsync();
        }

        Assert.That(await csm.SendOutboundAsync(), Is.EqualTo(new OutboundSender.Outcome(0, 0, 0, 0)));
        Assert.That(smtp.Received, Is.Empty);
        await using var c = await csm.Service<Db>().OpenAsync();
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM out_messages"), Is.Zero, "the message went with the change it belonged to");
        Assert.That(await c.ExecuteScalarAsync<string>("SELECT display_name FROM sys_users WHERE user_name = 'admin'"), Is.Not.EqualTo("changed"));
    }

    [Test]
    public async Task A_server_that_answers_4xx_then_250_gets_one_retry_and_one_delivery()
    {
        await using var smtp = new SmtpTestServer();
        await using var csm = await CsmFixture.StartAsync(smtp.Settings);
        smtp.DataReplies.Enqueue("451 4.3.0 Temporary lookup failure, try again later");
        var id = await QueueAsync(csm, Mail("a@example.com"));

        Assert.That(await csm.SendOutboundAsync(), Is.EqualTo(new OutboundSender.Outcome(0, 0, 1, 0)));
        var waiting = await MessageAsync(csm, id, "queued");
        Assert.That(waiting["lastError"]!.GetValue<string>(), Does.StartWith("451").And.Contain("try again later"));
        Assert.That(await csm.SendOutboundAsync(), Is.EqualTo(new OutboundSender.Outcome(0, 0, 0, 0)), "not before the backoff");
        csm.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.That(await csm.SendOutboundAsync(), Is.EqualTo(new OutboundSender.Outcome(1, 0, 0, 0)));
        Assert.That(smtp.Received, Has.Count.EqualTo(1));
        Assert.That((await MessageAsync(csm, id, "sent"))["attempts"]!.GetValue<long>(), Is.EqualTo(2));
    }

    [Test]
    public async Task An_attachment_is_stored_with_its_message_and_a_retry_sends_the_same_bytes()
    {
        await using var smtp = new SmtpTestServer();
        await using var csm = await CsmFixture.StartAsync(smtp.Settings);
        smtp.DataReplies.Enqueue("451 4.3.0 Temporary lookup failure, try again later");
        var csv = System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes("group,nps\r\nall,42\r\n满意,1\r\n")).ToArray();
        var id = await QueueAsync(csm, Mail("a@example.com") with { Attachments = [new OutboundAttachment("周报-nps.csv", "text/csv; charset=utf-8", csv)] });

        Assert.That(await csm.SendOutboundAsync(), Is.EqualTo(new OutboundSender.Outcome(0, 0, 1, 0)));
        csm.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.That(await csm.SendOutboundAsync(), Is.EqualTo(new OutboundSender.Outcome(1, 0, 0, 0)));

        var mail = smtp.Received.Last().Message;
        var file = mail.Attachments.OfType<MimeKit.MimePart>().Single();
        using var bytes = new MemoryStream();
        await file.Content.DecodeToAsync(bytes);
        Assert.That(file.FileName, Is.EqualTo("周报-nps.csv"));
        Assert.That(file.ContentType.MimeType, Is.EqualTo("text/csv"));
        Assert.That(bytes.ToArray(), Is.EqualTo(csv), "the bytes queued, BOM included, on the try that went");
        Assert.That(mail.TextBody, Is.EqualTo("Body"));
        Assert.That(await csm.CountAsync($"SELECT COUNT(*) FROM out_attachments WHERE message_id = {id}"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_refusal_for_good_is_failed_at_once_with_the_servers_words_and_never_retried()
    {
        await using var smtp = new SmtpTestServer();
        await using var csm = await CsmFixture.StartAsync(smtp.Settings);
        smtp.RefusedRecipients["nobody@example.com"] = true;
        var id = await QueueAsync(csm, Mail("nobody@example.com"));
        var invalid = await QueueAsync(csm, Mail("not an address"));

        Assert.That(await csm.SendOutboundAsync(), Is.EqualTo(new OutboundSender.Outcome(0, 2, 0, 0)));
        csm.Clock.Advance(TimeSpan.FromHours(5));
        Assert.That(await csm.SendOutboundAsync(), Is.EqualTo(new OutboundSender.Outcome(0, 0, 0, 0)), "no retry storm");
        var failed = await MessageAsync(csm, id, "failed");
        Assert.That(failed["lastError"]!.GetValue<string>(), Does.StartWith("550").And.Contain("User unknown"));
        Assert.That(failed["attempts"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That((await MessageAsync(csm, invalid, "failed"))["lastError"]!.GetValue<string>(), Is.EqualTo("'not an address' is not an e-mail address"));
        Assert.That(smtp.Received, Is.Empty);
    }

    [Test]
    public async Task A_server_that_stays_down_is_retried_then_parked_and_an_operator_can_send_it_again()
    {
        await using var smtp = new SmtpTestServer { Down = true };
        await using var csm = await CsmFixture.StartAsync(new Dictionary<string, string?>(smtp.Settings) { ["Outbound:MaxAttempts"] = "3" });
        var id = await QueueAsync(csm, Mail("a@example.com"));

        var outcomes = new List<OutboundSender.Outcome>();
        for (var i = 0; i < 4; i++)
        {
            outcomes.Add(await csm.SendOutboundAsync());
            csm.Clock.Advance(TimeSpan.FromMinutes(10));
        }
        Assert.That(outcomes, Is.EqualTo(new[]
        {
            new OutboundSender.Outcome(0, 0, 1, 0), new OutboundSender.Outcome(0, 0, 1, 0), new OutboundSender.Outcome(0, 0, 0, 1), new OutboundSender.Outcome(0, 0, 0, 0),
        }));
        var parked = await MessageAsync(csm, id, "parked");
        Assert.That(parked["lastError"]!.GetValue<string>(), Does.StartWith("421"));
        var summary = await (await csm.Admin.GetAsync("/api/operations/outbound").ExpectAsync(200)).NodeAsync();
        Assert.That(summary["counts"]!["parked"]!.GetValue<long>(), Is.EqualTo(1));

        smtp.Down = false;
        await csm.Admin.PostAsync($"/api/operations/outbound/{id}/retry", null).ExpectAsync(204);
        Assert.That(await csm.SendOutboundAsync(), Is.EqualTo(new OutboundSender.Outcome(1, 0, 0, 0)));
        Assert.That(smtp.Received, Has.Count.EqualTo(1));
        var problem = await (await csm.Admin.PostAsync($"/api/operations/outbound/{id}/retry", null).ExpectAsync(404)).NodeAsync();
        Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain(id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task Two_hosts_draining_one_queue_send_every_message_exactly_once()
    {
        // 5 ms a message, as a real server takes: long enough that neither host drains the queue before the other starts.
        await using var smtp = new SmtpTestServer { AcceptDelay = TimeSpan.FromMilliseconds(5) };
        var settings = new Dictionary<string, string?>(smtp.Settings) { ["Outbound:BatchSize"] = "10" };
        await using var one = await CsmFixture.StartAsync(settings);
        await using var two = await CsmFixture.StartAsync(settings, clock: one.Clock, databaseFile: one.DatabaseFile);
        await using (var scope = one.Services.CreateAsyncScope())
        {
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            await session.BeginAsync();
            await scope.ServiceProvider.GetRequiredService<OutboundQueue>().QueueAllAsync(
                Enumerable.Range(1, 300).Select(i => Mail($"c{i}@example.com") with { BusinessKey = $"case:{i}" }).ToList());
            await session.CommitAsync();
        }

        var senders = new[] { one, two }.Select(h => h.Service<OutboundSender>()).ToArray();
        var outcomes = await Task.WhenAll(senders.Select(s => Task.Run(() => s.SendDueAsync())));

        Assert.That(outcomes.Sum(o => o.Sent), Is.EqualTo(300));
        Assert.That(outcomes.Select(o => o.Sent), Has.All.GreaterThan(0), "both hosts took part");
        var ids = smtp.Received.Select(m => m.Message.Headers["X-Csm-Message"]).ToList();
        Assert.That(ids, Has.Count.EqualTo(300).And.Unique, "every message reached the server exactly once");
        await using var c = await one.Service<Db>().OpenAsync();
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM out_messages WHERE status = 'sent' AND attempts = 1"), Is.EqualTo(300));
    }

    [Test]
    public async Task The_operations_list_checks_its_filter_and_is_for_managers()
    {
        await using var csm = await CsmFixture.StartAsync();
        var id = await QueueAsync(csm, Mail("a@example.com"));
        var bad = await (await csm.Admin.GetAsync("/api/operations/outbound?status=lost").ExpectAsync(400)).NodeAsync();
        Assert.That(bad["errors"]!["status"]![0]!.GetValue<string>(), Does.Contain("queued"));
        var agent = await csm.UserAsync("agent");
        await agent.GetAsync("/api/operations/outbound").ExpectAsync(403);
        await agent.PostAsync($"/api/operations/outbound/{id}/cancel", null).ExpectAsync(403);

        await csm.Admin.PostAsync($"/api/operations/outbound/{id}/cancel", null).ExpectAsync(204);
        var cancelled = await MessageAsync(csm, id, "cancelled");
        Assert.That(cancelled["lastError"]!.GetValue<string>(), Is.EqualTo("cancelled by admin"));
        await csm.Admin.PostAsync($"/api/operations/outbound/{id}/cancel", null).ExpectAsync(404);
        Assert.That(await csm.SendOutboundAsync(), Is.EqualTo(new OutboundSender.Outcome(0, 0, 0, 0)), "a cancelled message is not sent");
    }

    [Test]
    public async Task A_message_a_rule_queues_while_the_outbox_delivers_its_event_wakes_the_sender_at_once()
    {
        await using var smtp = new SmtpTestServer();
        // The sender's poll is ten minutes: only the commit's wake-up call can bring the e-mail out within seconds.
        await using var csm = await CsmFixture.StartAsync(new Dictionary<string, string?>(smtp.Settings)
        {
            ["Outbound:AutoSend"] = "true", ["Outbound:PollInterval"] = "00:10:00",
        });
        await WelcomeVipsAsync(csm);
        await Task.Delay(500); // the sender's first look at the queue, at start-up, is over: from now on it sleeps until woken

        await csm.PublishAsync(Vip(7, "上海申通", "shentong@example.com"));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (smtp.Received.Count == 0 && watch.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(10);
        Assert.That(smtp.Received.Select(m => m.To[0]), Is.EqualTo(new[] { "shentong@example.com" }), "sent on the commit's wake-up, not at the next poll");
    }

    /// <summary>An event rule that e-mails every VIP customer Customers tells of (the benchmark's rule too).</summary>
    internal static Task WelcomeVipsAsync(CsmFixture csm) => csm.Admin.PostJsonAsync("/api/rules", new
    {
        name = "Welcome a VIP", enabled = true, trigger = new { @event = "customerUpserted" },
        condition = new { fact = "tier", op = "eq", value = "vip" },
        actions = new object[] { new { type = "sendEmail", to = "customer", subject = "欢迎 {{customerName}}", body = "您好 {{customerName}}" } },
        cooldownDays = 30,
    }).ExpectAsync(201);

    internal static Csm.Modules.Customers.Contracts.CustomerUpserted Vip(long id, string name, string email) =>
        new(id, 1, name, Csm.Modules.Customers.Contracts.CustomerKind.Company, Csm.Modules.Customers.Contracts.CustomerTier.Vip, null, [],
            new Dictionary<string, string?>(), email, null, "zh-CN", true);
}
