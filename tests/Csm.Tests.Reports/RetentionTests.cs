using Csm.Modules.Customers.Contracts;
using static Csm.Tests.Reports.ReportsApi;

namespace Csm.Tests.Reports;

public sealed class RetentionTests
{
    [Test]
    public async Task Churn_and_repurchase_by_nps_category_show_satisfied_customers_who_do_not_buy_again()
    {
        await using var csm = await CsmFixture.StartAsync(clock: Clocks.At(new DateTimeOffset(2026, 4, 1, 9, 0, 0, Beijing)));
        var answeredOn = new DateTimeOffset(2026, 3, 10, 10, 0, 0, Beijing);
        DateOnly D(int month, int day) => new(2026, month, day);
        await csm.PublishAsync(
            new ContractUpserted(1, 1, "C1", D(1, 1), D(12, 31), 100, "active"),
            new ContractUpserted(2, 2, "C2", D(1, 1), D(12, 31), 100, "active"),
            new ContractUpserted(3, 3, "C3", D(1, 1), D(12, 31), 100, "terminated"),
            new ContractUpserted(4, 4, "C4", D(1, 1), D(3, 20), 100, "active"),
            new OrderRecorded(1, 1, D(3, 15), 50, "parts"),
            new OrderRecorded(2, 2, D(2, 1), 50, "parts"),
            Answer(1, answeredOn, nps: 10, csat: 5, customerId: 1),
            Answer(2, answeredOn, nps: 9, csat: 4, customerId: 2),
            Answer(3, answeredOn, nps: 3, csat: 2, customerId: 3),
            Answer(4, answeredOn, nps: 1, csat: 1, customerId: 4),
            Answer(5, answeredOn, nps: 0, customerId: null));
        var manager = await csm.UserAsync("manager");
        await manager.PutJsonAsync("/api/reports/benchmarks", new { metric = "churnRate", label = "industry", value = 12.5 }).ExpectAsync(200);

        var report = await csm.Admin.ReportAsync("/api/reports/retention?from=2026-03-01&to=2026-03-31");
        var nps = report["byNpsCategory"]!.AsArray().ToDictionary(s => s!["name"]!.GetValue<string>(), s => s!);
        Assert.Multiple(() =>
        {
            Assert.That(nps["promoters"]["customers"]!.GetValue<long>(), Is.EqualTo(2));
            Assert.That(nps["promoters"]["churnRate"].Number(), Is.EqualTo(0));
            Assert.That(nps["promoters"]["repurchaseRate"].Number(), Is.EqualTo(50), "customer 2 last ordered before answering");
            Assert.That(nps["promoters"]["notRepurchased"]!.GetValue<long>(), Is.EqualTo(1));
            Assert.That(nps["detractors"]["customers"]!.GetValue<long>(), Is.EqualTo(2), "the anonymous answer has no customer");
            Assert.That(nps["detractors"]["churnRate"].Number(), Is.EqualTo(100), "one terminated, one past its end date");
            Assert.That(nps["passives"]["customers"]!.GetValue<long>(), Is.EqualTo(0));
            Assert.That(nps["passives"]["churnRate"], Is.Null);
            Assert.That(report["byCsatBand"]![0]!["customers"]!.GetValue<long>(), Is.EqualTo(2));
            Assert.That(report["benchmarks"]![0]!["value"].Number(), Is.EqualTo(12.5));
        });
        var agent = await csm.UserAsync("agent");
        await agent.PutJsonAsync("/api/reports/benchmarks", new { metric = "churnRate", label = "industry", value = 1 }).ExpectAsync(403);
    }
}
