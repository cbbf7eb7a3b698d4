using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Csm.BuildingBlocks.Data;
using Dapper;

namespace Csm.Tests.Surveys;

/// <summary>The public sample of support tickets, answered again through the public endpoint as CSAT surveys.</summary>
[NonParallelizable]
public sealed class DatasetReplayTests
{
    private static readonly string DatasetFile = Datasets.Find("customer_support_tickets.csv") ?? "../shared/datasets/customer_support_tickets.csv";

    [Test]
    public async Task Replaying_the_2808_rated_tickets_as_csat_responses_stores_the_distribution_of_the_file()
    {
        var file = DatasetFile;
        if (!File.Exists(file)) Assert.Ignore($"The dataset is not at {DatasetFile}.");
        var rows = Datasets.ReadCsv(file);
        var rating = Array.IndexOf(rows[0], "Customer Satisfaction Rating");
        var ratings = rows.Skip(1).Where(r => r[rating].Length > 0)
            .Select(r => (int)double.Parse(r[rating], CultureInfo.InvariantCulture)).ToList();
        Assert.That(ratings, Has.Count.EqualTo(2808));
        var expected = ratings.GroupBy(r => r).ToDictionary(g => g.Key, g => (long)g.Count());

        await using var csm = await CsmFixture.StartAsync();
        var survey = await csm.CreateSurveyAsync(Samples.CsatSurvey("Replay"));
        var tokens = new string[ratings.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, ratings.Count), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) => tokens[i] = await csm.LinkAsync(survey, anonymous: true));

        var latencies = new ConcurrentBag<double>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, ratings.Count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var one = Stopwatch.StartNew();
            await csm.AnswerAsync(tokens[i], new { question = "csat", score = ratings[i] }).ExpectAsync(201);
            latencies.Add(one.Elapsed.TotalMilliseconds);
        });
        clock.Stop();
        var sorted = latencies.Order().ToList();
        TestContext.Out.WriteLine($"{ratings.Count} responses in {clock.Elapsed.TotalSeconds:F1}s = {ratings.Count / clock.Elapsed.TotalSeconds:F0}/s, " +
                                  $"p50 {sorted[sorted.Count / 2]:F1} ms, p99 {sorted[(int)(sorted.Count * 0.99)]:F1} ms (8 concurrent, in-memory host, SQLite)");

        await using var c = await csm.Service<Db>().OpenAsync();
        var stored = (await c.QueryAsync<(long Csat, long Count)>("SELECT csat, COUNT(*) FROM srv_responses WHERE survey_id = @Id GROUP BY csat",
            new { Id = survey })).ToDictionary(r => (int)r.Csat, r => r.Count);
        Assert.That(stored, Is.EquivalentTo(expected));

        async Task<long> TotalAsync(string classification) => (await (await csm.Admin.GetAsync(
            $"/api/survey-responses?surveyId={survey}&classification={classification}&pageSize=1").ExpectAsync(200)).NodeAsync())["total"]!.GetValue<long>();
        Assert.That(await TotalAsync("unhappy"), Is.EqualTo(expected[1] + expected[2]));
        Assert.That(await TotalAsync("neutral"), Is.EqualTo(expected[3]));
        Assert.That(await TotalAsync("happy"), Is.EqualTo(expected[4] + expected[5]));
    }
}
