using Csm.Modules.Customers.Data;
using Csm.Modules.Customers.Import;

namespace Csm.Tests.Customers;

public sealed class PureLogicTests
{
    private static async Task<List<List<string>>> ParseAsync(string text)
    {
        var records = new List<List<string>>();
        await foreach (var r in CsvRecords.ReadAsync(new StringReader(text))) records.Add(r);
        return records;
    }

    [Test]
    public async Task Csv_records_follow_rfc_4180()
    {
        var records = await ParseAsync("a,\"b,c\",\"d \"\"e\"\"\"\r\n\"multi\nline\",,x\r\n\r\nlast,row");
        Assert.That(records, Is.EqualTo(new List<List<string>>
        {
            new() { "a", "b,c", "d \"e\"" },
            new() { "multi\nline", "", "x" },
            new() { "last", "row" },
        }));
    }

    [Test]
    public void A_promoter_with_an_active_distant_contract_and_recent_contact_is_healthy()
    {
        var health = HealthScore.Compute(new HealthScore.Facts(10, 5, 2, 0, 0, 200, 3, true));
        Assert.That(health.Score, Is.EqualTo(90));
        Assert.That(health.Band, Is.EqualTo("healthy"));
    }

    [Test]
    public void Health_is_clamped_and_every_deduction_has_a_reason()
    {
        var health = HealthScore.Compute(new HealthScore.Facts(0, 1, 7, 9, 3, null, null, false));
        Assert.That(health.Score, Is.EqualTo(0));
        Assert.That(health.Band, Is.EqualTo("atRisk"));
        Assert.That(health.Reasons, Has.Count.EqualTo(7));
    }
}
