using System.Net.Http.Json;

namespace Csm.Tests.Reports;

public sealed class BadInputTests
{
    private static CsmFixture _csm = null!;

    [OneTimeSetUp]
    public async Task Start() => _csm = await CsmFixture.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _csm.DisposeAsync();

    [TestCase("satisfaction?from=2026-03-10&to=2026-03-01", "from", "on or before")]
    [TestCase("satisfaction?from=2020-01-01&to=2026-01-02", "to", "5 years")]
    [TestCase("satisfaction?metric=happiness", "metric", "happiness")]
    [TestCase("satisfaction?interval=year", "interval", "year")]
    [TestCase("satisfaction?groupBy=colour", "groupBy", "colour")]
    [TestCase("satisfaction?from=2026-13-01", "from", "not a date")]
    [TestCase("satisfaction?to=yesterday", "to", "not a date")]
    [TestCase("satisfaction?timeZone=Mars/Olympus_Mons", "timeZone", "Mars/Olympus_Mons")]
    [TestCase("service?groupBy=survey", "groupBy", "survey")]
    [TestCase("service?from=2026-03-10&to=2026-03-01", "from", "on or before")]
    [TestCase("service?interval=fortnight", "interval", "fortnight")]
    [TestCase("service?timeZone=Asia/Atlantis", "timeZone", "Atlantis")]
    [TestCase("closed-loop?from=2019-01-01&to=2025-06-01", "to", "5 years")]
    [TestCase("closed-loop?groupBy=priority", "groupBy", "priority")]
    [TestCase("voice-of-customer?themes=0", "themes", "between")]
    [TestCase("voice-of-customer?from=03/01/2026", "from", "not a date")]
    [TestCase("retention?from=2026-02-30", "from", "not a date")]
    [TestCase("retention?from=2026-04-01&to=2026-03-01", "from", "on or before")]
    public async Task A_bad_report_parameter_answers_400_naming_it(string query, string field, string says)
    {
        var response = await _csm.Admin.GetAsync("/api/reports/" + query).ExpectAsync(400);
        var problem = await response.NodeAsync();
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(problem.ErrorsFor(field), Has.Some.Contains(says), problem.ToJsonString());
    }

    [Test]
    public async Task A_range_of_exactly_five_years_is_accepted()
    {
        var response = await _csm.Admin.GetAsync("/api/reports/satisfaction?from=2021-01-01&to=2026-01-01&interval=quarter").ExpectAsync(200);
        Assert.That((await response.NodeAsync())["groups"]![0]!["series"]!.AsArray(), Has.Count.EqualTo(21));
    }

    [Test]
    public async Task A_benchmark_for_an_unknown_metric_or_an_impossible_value_is_refused()
    {
        var manager = await _csm.UserAsync("manager");
        var problem = await (await manager.PutAsJsonAsync("/api/reports/benchmarks", new { metric = "mood", label = "industry", value = 500 }).ExpectAsync(400)).NodeAsync();
        Assert.That(problem.ErrorsFor("metric"), Is.Not.Empty);
        Assert.That(problem.ErrorsFor("value"), Is.Not.Empty);
        Assert.That(problem.ErrorsFor("label"), Is.Empty);
    }
}
