using System.Text.Json.Nodes;
using Csm.BuildingBlocks.Outbound;
using Csm.Modules.Customers.Contracts;
using static Csm.Tests.Tickets.TicketKit;

namespace Csm.Tests.Tickets;

/// <summary>A customer-visible reply reaches the customer by e-mail, threaded under the ticket, and the history says so.</summary>
[NonParallelizable]
public sealed class ReplyMailTests
{
    [Test]
    public async Task A_reply_is_emailed_to_the_customer_with_the_ticket_number_threaded_and_its_delivery_is_in_the_history()
    {
        await using var smtp = new SmtpTestServer();
        await using var csm = await CsmFixture.StartAsync(smtp.Settings);
        await csm.PublishAsync(new CustomerUpserted(7, 1, "华东精密机械", CustomerKind.Company, CustomerTier.Vip, null, [], new Dictionary<string, string?>(),
            "service@huadong.example.cn", null, "zh-CN", true));
        var ticket = await OpenAsync(csm.Admin, 7, subject: "冷水机组无法启动");
        ticket = await (await csm.Admin.PostJsonAsync($"/api/tickets/{Id(ticket)}/comments",
            new { body = "您好，工程师明天上午上门。", visibility = "customer", version = Version(ticket) }).ExpectAsync(200)).NodeAsync();
        ticket = await (await csm.Admin.PostJsonAsync($"/api/tickets/{Id(ticket)}/comments",
            new { body = "internal: bring the spare compressor", visibility = "internal", version = Version(ticket) }).ExpectAsync(200)).NodeAsync();
        await csm.Admin.PostJsonAsync($"/api/tickets/{Id(ticket)}/comments",
            new { body = "配件已到，按计划进行。", visibility = "customer", version = Version(ticket) }).ExpectAsync(200);

        Assert.That(await csm.SendOutboundAsync(), Is.EqualTo(new OutboundSender.Outcome(2, 0, 0, 0)), "two customer replies, no internal note");
        var mails = smtp.Received.ToList();
        var number = ticket["number"]!.GetValue<string>();
        Assert.That(mails.Select(m => m.To.Single()), Is.EqualTo(new[] { "service@huadong.example.cn", "service@huadong.example.cn" }));
        Assert.That(mails.Select(m => m.Message.Subject), Has.All.EqualTo($"[{number}] 冷水机组无法启动"));
        Assert.That(mails.Select(m => m.Message.InReplyTo), Has.All.EqualTo($"ticket-{Id(ticket)}@csm.test"), "every reply answers the ticket's thread");
        Assert.That(mails.Select(m => m.Message.MessageId).Distinct().Count(), Is.EqualTo(2));
        Assert.That(mails[0].Body, Does.StartWith("您好，工程师明天上午上门。").And.Contain($"您的回复会记入工单 {number}"));
        Assert.That(mails[0].Message.Headers["Auto-Submitted"], Is.Null, "a person's reply is not an automatic message");
        Assert.That(string.Join("\n", mails.Select(m => m.Body)), Does.Not.Contain("spare compressor"));

        var history = await (await csm.Admin.GetAsync($"/api/tickets/{Id(ticket)}/history").ExpectAsync(200)).NodeAsync();
        var emailed = history.AsArray().Where(h => h!["action"]!.GetValue<string>() == "emailed").ToList();
        Assert.That(emailed, Has.Count.EqualTo(2));
        Assert.That(emailed[0]!["detail"]!.ToJsonString(), Does.Contain("250 2.0.0 OK queued as T"));
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
        var failed = history.AsArray().SingleOrDefault(h => h!["action"]!.GetValue<string>() == "emailFailed");
        Assert.That(failed, Is.Not.Null, history.ToJsonString());
        Assert.That(failed!["detail"]!["error"]!.GetValue<string>(), Is.EqualTo("the customer has no e-mail address"));
    }
}
