using System.Net.Http.Headers;
using System.Text;
using static Csm.Tests.Reports.ReportsApi;

namespace Csm.Tests.Reports;

public sealed class CsvExportTests
{
    [TestCase("satisfaction?metric=nps&from=2026-03-01&to=2026-03-31", "group,period,start,end,n,nps,ciLow")]
    [TestCase("satisfaction?metric=ces&from=2026-03-01&to=2026-03-31&groupBy=tier", "group,period,start,end,n,ces,ciLow")]
    [TestCase("service?from=2026-03-01&to=2026-03-31", "group,period,start,end,created,resolved")]
    [TestCase("closed-loop?from=2026-03-01&to=2026-03-31", "group,period,start,end,unhappy,followedUp")]
    [TestCase("voice-of-customer?from=2026-03-01&to=2026-03-31", "side,theme,mentions,share")]
    [TestCase("retention?from=2026-03-01&to=2026-03-31", "by,segment,customers,churned")]
    public async Task Every_report_comes_as_utf8_csv_with_a_bom_when_asked(string query, string header)
    {
        await using var csm = await CsmFixture.StartAsync();
        var day = new DateTimeOffset(2026, 3, 4, 10, 0, 0, Beijing);
        await csm.PublishAsync(
            Answer(1, day, nps: 2, ces: 2, csat: 1, comment: "=HYPERLINK(\"x\") 太慢了, really", themes: ["速度"]),
            Answer(2, day, nps: 10, ces: 7, csat: 5, tier: "standard"));

        var request = new HttpRequestMessage(HttpMethod.Get, "/api/reports/" + query);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var response = await csm.Admin.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.That((int)response.StatusCode, Is.EqualTo(200), Encoding.UTF8.GetString(bytes));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
        Assert.That(bytes.Take(3), Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }));
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Does.StartWith(header));
        Assert.That(lines.Length, Is.GreaterThan(1));
        if (query.StartsWith("voice", StringComparison.Ordinal))
        {
            Assert.That(lines, Has.Some.Contains("\"'=HYPERLINK(\"\"x\"\") 太慢了, really\""), "quoted, Chinese intact, and never a formula");
        }
    }
}
