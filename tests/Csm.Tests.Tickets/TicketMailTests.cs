using System.Text.Json.Nodes;
using Csm.BuildingBlocks.Outbound;
using Csm.Modules.Customers.Contracts;
using static Csm.Tests.Tickets.TicketKit;

namespace Csm.Tests.Tickets;

/// <summary>
/// The customer hears about their ticket by e-mail, in their language and in one thread: that it was received, every
/// customer-visible reply, and that it is solved; the ticket's history shows each delivery.
/// </summary>
[NonParallelizable]
public sealed class TicketMailTests
{
    [Test]
    public async Task The_customer_gets_the_acknowledgement_each_reply_and_the_solved_notice_in_one_thread_and_the_history_shows_them()
    {
        await using var smtp = new SmtpTestServer();
        await using var csm = await CsmFixture.StartAsync(smtp.Settings);
        await csm.PublishAsync(new CustomerUpserted(7, 1, "华东精密机械", CustomerKind.Company, CustomerTier.Vip, null, [], new Dictionary<string, string?>(),
            "service@huadong.example.cn", null, "zh-CN", true));
        var ticket = await OpenAsync(csm.Admin, 7, type: "inquiry", subject: "冷水机组无法启动");
        ticket = await (await csm.Admin.PostJsonAsync($"/api/tickets/{Id(ticket)}/comments",
            new { body = "您好，工程师明天上午上门。", visibility = "customer", version = Version(ticket) }).ExpectAsync(200)).NodeAsync();
        ticket = await (await csm.Admin.PostJsonAsync($"/api/tickets/{Id(ticket)}/comments",
            new { body = "internal: bring the spare compressor", visibility = "internal", version = Version(ticket) }).ExpectAsync(200)).NodeAsync();
        ticket = await (await csm.Admin.PostJsonAsync($"/api/tickets/{Id(ticket)}/comments",
            new { body = "配件已到，按计划进行。", visibility = "customer", version = Version(ticket) }).ExpectAsync(200)).NodeAsync();
        ticket = await MoveAsync(csm.Admin, ticket, "answer");
        ticket = await MoveAsync(csm.Admin, ticket, "closed", new { answer = "已更换压缩机" });

        Assert.That(await csm.SendOutboundAsync(), Is.EqualTo(new OutboundSender.Outcome(4, 0, 0, 0)), "acknowledgement, two replies, solved; no internal note");
        var mails = smtp.Received.ToList();
        var number = ticket["number"]!.GetValue<string>();
        var root = $"ticket-{Id(ticket)}@csm.test";
        Assert.That(mails.Select(m => m.To.Single()), Has.All.EqualTo("service@huadong.example.cn"));
        Assert.That(mails.Select(m => m.Message.Subject), Is.EqualTo(new[]
        {
            $"[{number}] 我们已收到您的请求：冷水机组无法启动", $"[{number}] 冷水机组无法启动", $"[{number}] 冷水机组无法启动", $"[{number}] 已解决：冷水机组无法启动",
        }));
        Assert.That(mails[0].Message.MessageId, Is.EqualTo(root), "the acknowledgement starts the thread");
        Assert.That(mails[0].Message.InReplyTo, Is.Null);
        Assert.That(mails.Skip(1).Select(m => m.Message.InReplyTo), Has.All.EqualTo(root), "every later e-mail answers the ticket's thread");
        Assert.That(mails.Select(m => m.Message.MessageId).Distinct().Count(), Is.EqualTo(4));
        Assert.That(mails[0].Body, Does.Contain("尊敬的 华东精密机械").And.Contain($"工单号 {number}"));
        Assert.That(mails[1].Body, Does.StartWith("您好，工程师明天上午上门。").And.Contain($"您的回复会记入工单 {number}"));
        Assert.That(mails[1].Message.Headers["Auto-Submitted"], Is.Null, "a person's reply is not an automatic message");
        Assert.That(mails[3].Body, Does.Contain($"您的工单 {number}（冷水机组无法启动）已处理完毕"));
        Assert.That(string.Join("\n", mails.Select(m => m.Body)), Does.Not.Contain("spare compressor"));

        var history = await (await csm.Admin.GetAsync($"/api/tickets/{Id(ticket)}/history").ExpectAsync(200)).NodeAsync();
        var emailed = history.AsArray().Where(h => h!["action"]!.GetValue<string>() == "emailed").ToList();
        Assert.That(emailed.Select(h => h!["detail"]!["kind"]!.GetValue<string>()), Is.EquivalentTo(new[] { "ticketAcknowledgement", "ticketReply", "ticketReply", "ticketSolved" }));
        Assert.That(emailed[0]!["detail"]!.ToJsonString(), Does.Contain("250 2.0.0 OK queued as T"));
    }

    [Test]
    public async Task An_english_speaking_customer_gets_the_english_texts_and_a_task_sends_nothing()
    {
        await using var smtp = new SmtpTestServer();
        await using var csm = await CsmFixture.StartAsync(smtp.Settings);
        await csm.PublishAsync(new CustomerUpserted(9, 1, "Harbour Logistics", CustomerKind.Company, CustomerTier.Standard, null, [], new Dictionary<string, string?>(),
            "ops@harbour.example.com", null, "en", true));
        var ticket = await OpenAsync(csm.Admin, 9, type: "inquiry", subject: "Invoice copy");
        await OpenAsync(csm.Admin, 9, type: "task", subject: "Call back");
        await csm.SendOutboundAsync();
        var mail = smtp.Received.Single();
        Assert.That(mail.Message.Subject, Is.EqualTo($"[{ticket["number"]}] We have your request: Invoice copy"));
        Assert.That(mail.Body, Does.StartWith("Dear Harbour Logistics,"));
    }

    [Test]
    public async Task A_reply_to_a_customer_without_an_address_is_a_failed_delivery_in_the_history_never_sent()
    {
        await using var smtp = new SmtpTestServer();
        await using var csm = await CsmFixture.StartAsync(smtp.Settings);
        await KnownCustomerAsync(csm, 8);
        var ticket = await OpenAsync(csm.Admin, 8);
        await csm.Admin.PostJsonAsync($"/api/tickets/{Id(ticket)}/comments", new { body = "We are on it", visibility = "customer", version = Version(ticket) })
            .ExpectAsync(200);
        await csm.SendOutboundAsync();
        Assert.That(smtp.Received, Is.Empty);
        // The failure was recorded when the reply was queued; the history hears of it once the outbox delivers the outcome.
        var history = await (await csm.Admin.GetAsync($"/api/tickets/{Id(ticket)}/history").ExpectAsync(200)).NodeAsync();
        var failed = history.AsArray().Where(h => h!["action"]!.GetValue<string>() == "emailFailed")
            .Select(h => $"{h!["detail"]!["kind"]}: {h["detail"]!["error"]}").ToArray();
        Assert.That(failed, Is.EquivalentTo(new[] { "ticketAcknowledgement: the customer has no e-mail address", "ticketReply: the customer has no e-mail address" }),
            history.ToJsonString());
    }
}
