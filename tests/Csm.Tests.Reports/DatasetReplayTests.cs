using System.Globalization;
using Csm.BuildingBlocks.Messaging;
using static Csm.Tests.Reports.ReportsApi;

namespace Csm.Tests.Reports;

/// <summary>The public support-tickets sample, its rated rows replayed as CSAT answers: the report must tell the file's story.</summary>
public sealed class DatasetReplayTests
{
    private sealed record Rated(long Id, string TicketType, DateTimeOffset At, int Rating);

    private static List<Rated> ReadRatedRows(string path)
    {
        var records = Datasets.ReadCsv(path);
        var header = records[0];
        int Column(string name) => Array.IndexOf(header, name);
        int id = Column("Ticket ID"), type = Column("Ticket Type"), resolvedAt = Column("Time to Resolution"),
            respondedAt = Column("First Response Time"), rating = Column("Customer Satisfaction Rating");
        return records.Skip(1).Where(r => r.Length == header.Length && !string.IsNullOrWhiteSpace(r[rating])).Select(r =>
        {
            var at = string.IsNullOrWhiteSpace(r[resolvedAt]) ? r[respondedAt] : r[resolvedAt];
            return new Rated(long.Parse(r[id], CultureInfo.InvariantCulture), r[type],
                new DateTimeOffset(DateTime.ParseExact(at, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), Beijing),
                (int)double.Parse(r[rating], CultureInfo.InvariantCulture));
        }).ToList();
    }

    [Test]
    public async Task Replaying_the_rated_support_tickets_gives_the_files_csat_and_distribution()
    {
        var path = Datasets.Find("customer_support_tickets.csv");
        if (path is null) Assert.Ignore("customer_support_tickets.csv is not in ../shared/datasets (set CSM_DATASETS to its folder).");
        var rows = ReadRatedRows(path);
        Assert.That(rows, Has.Count.EqualTo(2808), "the file's rated rows");

        await using var csm = await CsmFixture.StartAsync(clock: Clocks.At(new DateTimeOffset(2024, 1, 1, 9, 0, 0, Beijing)));
        foreach (var batch in rows.Chunk(500))
        {
            await csm.PublishAsync(batch.Select(r => (IntegrationEvent)Answer(r.Id, r.At, csat: r.Rating, ticketType: r.TicketType, customerId: null)).ToArray());
        }
        var from = DateOnly.FromDateTime(rows.Min(r => r.At).DateTime);
        var to = DateOnly.FromDateTime(rows.Max(r => r.At).DateTime);

        var report = await csm.Admin.ReportAsync($"/api/reports/satisfaction?metric=csat&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}&interval=quarter");
        var total = report["groups"]![0]!["total"]!;
        Assert.That(total["n"]!.GetValue<long>(), Is.EqualTo(rows.Count));
        Assert.That(total["value"].Number(), Is.EqualTo(100.0 * rows.Count(r => r.Rating >= 4) / rows.Count).Within(1e-9));
        foreach (var score in Enumerable.Range(1, 5))
        {
            Assert.That(total["distribution"]![score.ToString(CultureInfo.InvariantCulture)]!.GetValue<long>(), Is.EqualTo(rows.Count(r => r.Rating == score)), $"score {score}");
        }

        var byType = await csm.Admin.ReportAsync($"/api/reports/satisfaction?metric=csat&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}&groupBy=ticketType");
        var groups = byType["groups"]!.AsArray().ToDictionary(g => g!["value"]!.GetValue<string>(), g => g!["total"]!);
        foreach (var type in rows.GroupBy(r => r.TicketType))
        {
            var key = char.ToLowerInvariant(type.Key[0]) + type.Key[1..];
            Assert.That(groups[key]["n"]!.GetValue<long>(), Is.EqualTo(type.Count()), type.Key);
            Assert.That(groups[key]["counts"]!["satisfied"]!.GetValue<long>(), Is.EqualTo(type.Count(r => r.Rating >= 4)), type.Key);
        }
    }
}
