using System.Text.Json.Nodes;
using Csm.Modules.Customers.Contracts;
using static Csm.Tests.Tickets.TicketKit;

namespace Csm.Tests.Tickets;

public sealed class QueueTests
{
    private static async Task<List<string>> SubjectsAsync(HttpClient client, string query)
    {
        var page = await (await client.GetAsync("/api/tickets" + query).ExpectAsync(200)).NodeAsync();
        return page["items"]!.AsArray().Select(t => t!["subject"]!.GetValue<string>()).ToList();
    }

    [Test]
    public async Task The_queue_shows_breached_then_at_risk_tickets_first_and_filters_and_pages()
    {
        await using var csm = await CsmFixture.StartAsync();
        await KnownCustomerAsync(csm, 1);
        await KnownCustomerAsync(csm, 2, CustomerTier.Vip);
        await csm.UserAsync("agent", "ann", team: "desk");
        await OpenAsync(csm.Admin, 1, type: "inquiry", subject: "late", channel: "email");                 // first response due 13:00
        csm.Clock.Advance(TimeSpan.FromMinutes(195));                                                         // 12:15
        await OpenAsync(csm.Admin, 2, type: "complaint", subject: "angry vip", channel: "weChat");            // first response due 13:15
        csm.Clock.Advance(TimeSpan.FromMinutes(30));                                                          // 12:45
        await OpenAsync(csm.Admin, 1, type: "inquiry", subject: "fresh", channel: "chat", assignment: new { mode = "person", assignee = "ann" });
        csm.Clock.Advance(TimeSpan.FromMinutes(20));                                                          // 13:05
        var client = await csm.SignInAsync("admin", CsmFixture.AdminPassword);

        var all = await (await client.GetAsync("/api/tickets").ExpectAsync(200)).NodeAsync();
        Assert.That(all["items"]!.AsArray().Select(t => (t!["subject"]!.GetValue<string>(), t["slaState"]!.GetValue<string>())),
            Is.EqualTo(new[] { ("late", "breached"), ("angry vip", "atRisk"), ("fresh", "onTrack") }));
        Assert.That(all["total"]!.GetValue<long>(), Is.EqualTo(3));
        Assert.That(all["items"]!.AsArray().Select(t => t!["customerName"]!.GetValue<string>()),
            Is.EqualTo(new[] { "Customer 1", "Customer 2", "Customer 1" }), "each row names its customer, as Tickets last heard it");

        Assert.That(await SubjectsAsync(client, "?breached=true"), Is.EqualTo(new[] { "late" }));
        Assert.That(await SubjectsAsync(client, "?atRisk=true"), Is.EqualTo(new[] { "angry vip" }));
        Assert.That(await SubjectsAsync(client, "?type=inquiry"), Is.EqualTo(new[] { "late", "fresh" }));
        Assert.That(await SubjectsAsync(client, "?channel=weChat"), Is.EqualTo(new[] { "angry vip" }));
        Assert.That(await SubjectsAsync(client, "?customerId=1&assignee=ann"), Is.EqualTo(new[] { "fresh" }));
        Assert.That(await SubjectsAsync(client, "?team=desk"), Is.EqualTo(new[] { "fresh" }));
        Assert.That(await SubjectsAsync(client, "?priority=high"), Is.EqualTo(new[] { "angry vip" }));
        Assert.That(await SubjectsAsync(client, "?q=VIP"), Is.EqualTo(new[] { "angry vip" }));
        Assert.That(await SubjectsAsync(client, "?stage=accept&status=open"), Has.Count.EqualTo(3));
        Assert.That(await SubjectsAsync(client, "?status=closed"), Is.Empty);

        var second = await (await client.GetAsync("/api/tickets?page=2&pageSize=1").ExpectAsync(200)).NodeAsync();
        Assert.That(second["items"]!.AsArray().Single()!["subject"]!.GetValue<string>(), Is.EqualTo("angry vip"));
        Assert.That(second["total"]!.GetValue<long>(), Is.EqualTo(3));

        await csm.PublishAsync(new CustomerErased(2));
        var afterErasure = await (await client.GetAsync("/api/tickets?channel=weChat").ExpectAsync(200)).NodeAsync();
        Assert.That(afterErasure["items"]![0]!["customerName"], Is.Null, "an erased customer's name is gone from the queue");
    }

    [Test]
    public async Task A_queue_filter_with_an_unknown_status_or_priority_is_refused()
    {
        await using var csm = await CsmFixture.StartAsync();
        var status = await (await csm.Admin.GetAsync("/api/tickets?status=lost").ExpectAsync(400)).NodeAsync();
        Assert.That(status["errors"]!["status"], Is.Not.Null);
        var priority = await (await csm.Admin.GetAsync("/api/tickets?priority=apocalyptic&channel=pigeon").ExpectAsync(400)).NodeAsync();
        Assert.That(priority["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "priority", "channel" }));
    }
}
