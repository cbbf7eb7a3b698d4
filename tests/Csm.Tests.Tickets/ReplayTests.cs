using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Csm.BuildingBlocks.Messaging;
using Csm.Modules.Customers.Contracts;
using static Csm.Tests.Tickets.TicketKit;

namespace Csm.Tests.Tickets;

/// <summary>
/// Replays the public customer-support sample (8,469 tickets) through the API as a contact centre would enter it,
/// and checks that the queue counts by type, priority, channel and status agree with the file.
/// </summary>
public sealed class ReplayTests
{
    private static readonly string DataFile = Datasets.Find("customer_support_tickets.csv") ?? "../shared/datasets/customer_support_tickets.csv";

    private sealed record Row(string Email, string Name, string Type, string Subject, string Description, string Status, string Resolution, string Priority, string Channel);

    private static string TypeOf(string csvType) => csvType switch
    {
        "Technical issue" => "repair",
        "Billing inquiry" or "Product inquiry" => "inquiry",
        _ => "complaint", // refund and cancellation requests
    };

    private static string PriorityOf(string p) => p switch { "Critical" => "urgent", "High" => "high", "Medium" => "normal", _ => "low" };

    private static string ChannelOf(string c) => c switch { "Email" => "email", "Chat" => "chat", "Phone" => "phone", _ => "weChat" }; // social media

    private static string StatusOf(string s) => s switch { "Closed" => "closed", "Pending Customer Response" => "waitingForCustomer", _ => "open" };

    private static List<Row> ReadFile()
    {
        var records = Datasets.ReadCsv(DataFile);
        var header = records[0];
        int Col(string name) => Array.IndexOf(header, name);
        return records.Skip(1).Where(r => r.Length == header.Length).Select(r => new Row(r[Col("Customer Email")], r[Col("Customer Name")],
            r[Col("Ticket Type")], r[Col("Ticket Subject")], r[Col("Ticket Description")], r[Col("Ticket Status")], r[Col("Resolution")],
            r[Col("Ticket Priority")], r[Col("Ticket Channel")])).ToList();
    }

    [Test]
    public async Task Replaying_the_support_ticket_sample_gives_queue_counts_that_match_the_file()
    {
        if (!File.Exists(DataFile)) Assert.Ignore($"The shared dataset is not at {DataFile}.");
        var rows = ReadFile();
        Assert.That(rows, Has.Count.GreaterThan(8000));
        await using var csm = await CsmFixture.StartAsync();

        var customers = rows.Select(r => r.Email).Distinct().Select((email, i) => (email, id: i + 1L)).ToDictionary(x => x.email, x => x.id);
        await csm.PublishAsync(customers.Select(c => (IntegrationEvent)(Customer(c.Value) with { Name = c.Key })).ToArray());

        var failures = new ConcurrentBag<string>();
        var clock = Stopwatch.StartNew();
        var creations = new ConcurrentBag<double>();
        await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (row, _) =>
        {
            var started = Stopwatch.GetTimestamp();
            var created = await csm.Admin.PostJsonAsync("/api/tickets", new
            {
                customerId = customers[row.Email], typeCode = TypeOf(row.Type), channel = ChannelOf(row.Channel), priority = PriorityOf(row.Priority),
                category = row.Type, subject = row.Subject, description = row.Description,
            });
            creations.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if ((int)created.StatusCode != 201) { failures.Add(await created.Content.ReadAsStringAsync()); return; }
            var ticket = await created.NodeAsync();
            if (row.Status == "Pending Customer Response")
            {
                await csm.Admin.PutJsonAsync($"/api/tickets/{Id(ticket)}/waiting-for-customer", new { waiting = true, version = Version(ticket) }).ExpectAsync(200);
            }
            else if (row.Status == "Closed")
            {
                await CloseAsync(csm.Admin, ticket, row.Resolution);
            }
        });
        var elapsed = clock.Elapsed;
        Assert.That(failures, Is.Empty);
        var sorted = creations.Order().ToList();
        TestContext.Progress.WriteLine($"Replayed {rows.Count} tickets in {elapsed.TotalSeconds:F1} s with 4 clients; " +
            $"creation p50 {sorted[sorted.Count / 2]:F1} ms, p99 {sorted[(int)(sorted.Count * 0.99)]:F1} ms");

        async Task<long> TotalAsync(string query) =>
            (await (await csm.Admin.GetAsync("/api/tickets?pageSize=1&" + query).ExpectAsync(200)).NodeAsync())["total"]!.GetValue<long>();

        Assert.That(await TotalAsync(""), Is.EqualTo(rows.Count));
        foreach (var g in rows.GroupBy(r => TypeOf(r.Type)))
            Assert.That(await TotalAsync("type=" + g.Key), Is.EqualTo(g.Count()), g.Key);
        foreach (var g in rows.GroupBy(r => PriorityOf(r.Priority)))
            Assert.That(await TotalAsync("priority=" + g.Key), Is.EqualTo(g.Count()), g.Key);
        foreach (var g in rows.GroupBy(r => ChannelOf(r.Channel)))
            Assert.That(await TotalAsync("channel=" + g.Key), Is.EqualTo(g.Count()), g.Key);
        foreach (var g in rows.GroupBy(r => StatusOf(r.Status)))
            Assert.That(await TotalAsync("status=" + g.Key), Is.EqualTo(g.Count()), g.Key);
        var closedRepairs = rows.Count(r => TypeOf(r.Type) == "repair" && r.Status == "Closed");
        Assert.That(await TotalAsync("type=repair&stage=closed"), Is.EqualTo(closedRepairs));
    }

    /// <summary>Walks the ticket's workflow to its final stage, filling each stage's required fields from the file's resolution.</summary>
    private static async Task CloseAsync(HttpClient client, JsonNode ticket, string resolution)
    {
        for (var step = 0; ticket["status"]!.GetValue<string>() != "closed"; step++)
        {
            if (step > 10) Assert.Fail($"Ticket {Id(ticket)} did not reach a final stage.");
            // A date-time field gets the moment of the replay; every other kind takes the file's resolution text.
            var fields = ticket["requiredToLeave"]!.AsArray().ToDictionary(f => f!["name"]!.GetValue<string>(),
                f => f!["kind"]!.GetValue<string>() == "dateTime" ? "2026-03-03T14:00:00+08:00" : resolution is { Length: > 0 } ? resolution : "Resolved");
            var next = ticket["allowedTransitions"]![0]!["to"]!.GetValue<string>();
            ticket = await MoveAsync(client, ticket, next, fields);
        }
    }
}
