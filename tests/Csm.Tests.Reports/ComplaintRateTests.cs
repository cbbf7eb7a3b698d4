using Csm.Modules.Tickets.Contracts;
using static Csm.Tests.Reports.ReportsApi;

namespace Csm.Tests.Reports;

public sealed class ComplaintRateTests
{
    private static readonly DateTimeOffset March = new(2026, 3, 10, 10, 0, 0, Beijing);

    [Test]
    public async Task Complaint_rate_per_100_customers_and_per_1000_orders_equals_a_count_by_hand_by_month_and_tier()
    {
        await using var csm = await CsmFixture.StartAsync(clock: Clocks.At(new DateTimeOffset(2026, 4, 20, 9, 0, 0, Beijing)));
        var tiers = new[] { "vip", "vip", "standard", "standard", "standard" };
        var ids = new List<long>();
        foreach (var (tier, i) in tiers.Select((t, i) => (t, i)))
            ids.Add((await (await csm.Admin.PostJsonAsync("/api/customers", new { name = $"客户 {i}", tier }).ExpectAsync(201)).NodeAsync())["id"]!.GetValue<long>());
        // Orders: March 3 (vip 2, standard 1), April 2 (standard).
        var orders = new[] { (ids[0], "2026-03-02"), (ids[1], "2026-03-15"), (ids[2], "2026-03-20"), (ids[3], "2026-04-01"), (ids[4], "2026-04-02") };
        foreach (var (customer, day) in orders)
            await csm.Admin.PostJsonAsync($"/api/customers/{customer}/orders", new { orderedOn = day, amount = 100m, product = "X200" }).ExpectAsync(201);
        await csm.DrainOutboxAsync();
        // Complaints: March vip 2, standard 1; April standard 1; a repair and a task that are not complaints.
        await csm.PublishAsync(
            Tickets.Created(101, March, kind: TicketKind.Complaint, customerId: ids[0]),
            Tickets.Created(102, March.AddDays(5), kind: TicketKind.Complaint, customerId: ids[1]),
            Tickets.Created(103, March.AddDays(6), kind: TicketKind.Complaint, customerId: ids[2]),
            Tickets.Created(104, March.AddDays(25), kind: TicketKind.Complaint, customerId: ids[3]),
            Tickets.Created(105, March, kind: TicketKind.Repair, customerId: ids[4]),
            Tickets.Created(106, March, kind: TicketKind.Task, customerId: ids[4]));

        var all = await csm.Admin.ReportAsync("/api/reports/complaint-rate?from=2026-03-01&to=2026-04-30&interval=month");
        var total = all["groups"]!.AsArray().Single()!;
        Assert.Multiple(() =>
        {
            Assert.That(total["value"]!.GetValue<string>(), Is.EqualTo("all"));
            Assert.That(total["total"]!["complaints"]!.GetValue<long>(), Is.EqualTo(4));
            Assert.That(total["total"]!["customers"]!.GetValue<long>(), Is.EqualTo(5));
            Assert.That(total["total"]!["orders"]!.GetValue<long>(), Is.EqualTo(5));
            Assert.That(total["total"]!["perHundredCustomers"].Number(), Is.EqualTo(100.0 * 4 / 5));
            Assert.That(total["total"]!["perThousandOrders"].Number(), Is.EqualTo(1000.0 * 4 / 5));
            var march = total["series"]![0]!;
            Assert.That(march["period"]!.GetValue<string>(), Is.EqualTo("2026-03"));
            Assert.That(march["perHundredCustomers"].Number(), Is.EqualTo(100.0 * 3 / 5));
            Assert.That(march["perThousandOrders"].Number(), Is.EqualTo(1000.0 * 3 / 3));
            Assert.That(total["series"]![1]!["perThousandOrders"].Number(), Is.EqualTo(1000.0 * 1 / 2));
        });

        var byTier = await csm.Admin.ReportAsync("/api/reports/complaint-rate?from=2026-03-01&to=2026-03-31&interval=month&groupBy=tier");
        var groups = byTier["groups"]!.AsArray().ToDictionary(g => g!["value"]!.GetValue<string>(), g => g!["total"]!);
        Assert.Multiple(() =>
        {
            Assert.That(groups.Keys, Is.EquivalentTo(new[] { "vip", "standard" }));
            Assert.That(groups["vip"]["perHundredCustomers"].Number(), Is.EqualTo(100.0 * 2 / 2));
            Assert.That(groups["vip"]["perThousandOrders"].Number(), Is.EqualTo(1000.0 * 2 / 2));
            Assert.That(groups["standard"]["perHundredCustomers"].Number(), Is.EqualTo(100.0 * 1 / 3));
            Assert.That(groups["standard"]["perThousandOrders"].Number(), Is.EqualTo(1000.0 * 1 / 1));
        });
    }

    [TestCase("groupBy=agent", "groupBy")]
    [TestCase("interval=year", "interval")]
    [TestCase("to=2026-02-30", "to")]
    public async Task Bad_input_to_the_complaint_rate_is_a_400_naming_the_parameter(string query, string field)
    {
        await using var csm = await CsmFixture.StartAsync();
        var problem = await csm.Admin.ReportAsync("/api/reports/complaint-rate?" + query, 400);
        Assert.That(problem.ErrorsFor(field), Is.Not.Empty);
    }
}
