using System.IO.Compression;
using System.Net;
using Csm.BuildingBlocks.Data;
using Dapper;

namespace Csm.Tests.Surveys;

/// <summary>A survey's reusable link (feedback widget, shared link, QR code): many answers, one per browser.</summary>
public sealed class SurveyLinkTests
{
    private static object Csat(int score, string browser, string? page = null, string channel = "widget") => new
    {
        answers = new object[] { new { question = "csat", score } }, browser, channel, page, language = "en",
    };

    private static async Task<string> OpenLinkAsync(CsmFixture csm, long survey)
    {
        var link = await (await csm.Admin.PutJsonAsync($"/api/surveys/{survey}/link", new { enabled = true }).ExpectAsync(200)).NodeAsync();
        Assert.That(link["enabled"]!.GetValue<bool>(), Is.True);
        var id = link["linkId"]!.GetValue<string>();
        Assert.That(link["path"]!.GetValue<string>(), Is.EqualTo($"/f/{id}"));
        return id;
    }

    [Test]
    public async Task Many_browsers_answer_through_one_link_each_once_with_the_page_and_channel_they_came_from()
    {
        await using var csm = await CsmFixture.StartAsync();
        var survey = await csm.CreateSurveyAsync(Samples.CsatSurvey());
        var link = await OpenLinkAsync(csm, survey);
        Assert.That(Convert.FromBase64String(link.Replace('-', '+').Replace('_', '/') + "=="), Has.Length.EqualTo(16), "128 random bits");

        var form = await (await csm.Anonymous().GetAsync($"/api/public/survey-links/{link}?lang=en").ExpectAsync(200)).NodeAsync();
        Assert.That(form["title"]!.GetValue<string>(), Is.EqualTo("Rate our service"));
        Assert.That(form["questions"]![0]!["key"]!.GetValue<string>(), Is.EqualTo("csat"));

        var visitor = csm.Anonymous();
        var first = await (await visitor.PostJsonAsync($"/api/public/survey-links/{link}/responses", Csat(5, "browser-aaaa", "https://shop.example.cn/orders?id=7"))
            .ExpectAsync(201)).NodeAsync();
        Assert.That(first["message"]!.GetValue<string>(), Is.EqualTo("Thank you for your feedback!"));
        await visitor.PostJsonAsync($"/api/public/survey-links/{link}/responses", Csat(2, "browser-bbbb", "https://shop.example.cn/help")).ExpectAsync(201);
        await visitor.PostJsonAsync($"/api/public/survey-links/{link}/responses", Csat(4, "browser-cccc", channel: "qr")).ExpectAsync(201);

        var again = await (await visitor.PostJsonAsync($"/api/public/survey-links/{link}/responses", Csat(1, "browser-aaaa")).ExpectAsync(409)).NodeAsync();
        Assert.That(again["detail"]!.GetValue<string>(), Does.Contain("already answered"));

        var list = await (await csm.Admin.GetAsync($"/api/survey-responses?surveyId={survey}").ExpectAsync(200)).NodeAsync();
        var items = list["items"]!.AsArray().Select(i => (i!["csat"]!.GetValue<int>(), i["channel"]!.GetValue<string>(), i["page"]?.GetValue<string>())).ToList();
        Assert.That(items, Is.EquivalentTo(new[]
        {
            (5, "widget", (string?)"https://shop.example.cn/orders?id=7"), (2, "widget", "https://shop.example.cn/help"), (4, "qr", null),
        }));
        var csv = await (await csm.Admin.GetAsync($"/api/survey-responses/answers?surveyId={survey}").ExpectAsync(200)).Content.ReadAsStringAsync();
        Assert.That(csv, Does.Contain(",text,channel,page\r\n").And.Contain(",5,,,,,widget,https://shop.example.cn/orders?id=7\r\n"));
        await using var c = await csm.Service<Db>().OpenAsync();
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM srv_invitations WHERE survey_id = @Survey AND status = 'answered' AND customer_id IS NULL",
            new { Survey = survey }), Is.EqualTo(3), "one anonymous invitation per answer, none for the refused one");

        // Counted in reports like any answer.
        await csm.DrainOutboxAsync();
        var today = csm.Clock.GetUtcNow();
        var report = await (await csm.Admin.GetAsync($"/api/reports/satisfaction?metric=csat&from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}")
            .ExpectAsync(200)).NodeAsync();
        Assert.That(report["groups"]![0]!["total"]!["n"]!.GetValue<long>(), Is.EqualTo(3));
    }

    [Test]
    public async Task Concurrent_answers_through_one_link_are_all_kept_but_one_browser_answers_once()
    {
        await using var csm = await CsmFixture.StartAsync();
        var survey = await csm.CreateSurveyAsync(Samples.CsatSurvey());
        var link = await OpenLinkAsync(csm, survey);
        var url = $"/api/public/survey-links/{link}/responses";

        var many = Enumerable.Range(0, 30).Select(i => csm.Anonymous().PostJsonAsync(url, Csat(1 + i % 5, $"browser-{i:0000}")));
        var twice = Enumerable.Range(0, 6).Select(_ => csm.Anonymous().PostJsonAsync(url, Csat(3, "browser-same")));
        var statuses = (await Task.WhenAll(many.Concat(twice))).Select(r => (int)r.StatusCode).ToList();

        Assert.That(statuses.Take(30), Is.All.EqualTo(201));
        Assert.That(statuses.Skip(30).Order(), Is.EqualTo(new[] { 201, 409, 409, 409, 409, 409 }));
        await using var c = await csm.Service<Db>().OpenAsync();
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM srv_responses WHERE channel = 'widget'"), Is.EqualTo(31));
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM srv_invitations WHERE browser_id IS NOT NULL"), Is.EqualTo(31));
    }

    [Test]
    public async Task A_switched_off_link_answers_404_and_the_same_link_works_again_when_switched_on()
    {
        await using var csm = await CsmFixture.StartAsync();
        var survey = await csm.CreateSurveyAsync(Samples.CsatSurvey());
        var link = await OpenLinkAsync(csm, survey);
        var off = await (await csm.Admin.PutJsonAsync($"/api/surveys/{survey}/link", new { enabled = false }).ExpectAsync(200)).NodeAsync();
        Assert.That(off["enabled"]!.GetValue<bool>(), Is.False);

        await csm.Anonymous().GetAsync($"/api/public/survey-links/{link}").ExpectAsync(404);
        var refused = await (await csm.Anonymous().PostJsonAsync($"/api/public/survey-links/{link}/responses", Csat(5, "browser-aaaa")).ExpectAsync(404)).NodeAsync();
        Assert.That(refused["detail"]!.GetValue<string>(), Does.Contain("no longer takes answers"));
        await csm.Anonymous().GetAsync("/api/public/survey-links/made-up-link-id").ExpectAsync(404);
        await using (var c = await csm.Service<Db>().OpenAsync())
            Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM srv_responses"), Is.Zero);

        Assert.That(await OpenLinkAsync(csm, survey), Is.EqualTo(link), "printed QR codes keep working");
        await csm.Anonymous().PostJsonAsync($"/api/public/survey-links/{link}/responses", Csat(5, "browser-aaaa")).ExpectAsync(201);
    }

    [TestCase("javascript:alert(1)")]
    [TestCase("ftp://files.example.com/x")]
    [TestCase("/relative/page")]
    [TestCase("not a url")]
    [TestCase("long")]
    public async Task A_bad_page_address_is_a_400_naming_page_and_stores_nothing(string page)
    {
        await using var csm = await CsmFixture.StartAsync();
        var survey = await csm.CreateSurveyAsync(Samples.CsatSurvey());
        var link = await OpenLinkAsync(csm, survey);
        if (page == "long") page = "https://shop.example.cn/?q=" + new string('x', 2100);

        var problem = await (await csm.Anonymous().PostJsonAsync($"/api/public/survey-links/{link}/responses", Csat(5, "browser-aaaa", page)).ExpectAsync(400)).NodeAsync();
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "page" }));
        await using var c = await csm.Service<Db>().OpenAsync();
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM srv_responses") + await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM srv_invitations"),
            Is.Zero);
    }

    [Test]
    public async Task A_bad_browser_id_or_channel_is_a_400_naming_the_field()
    {
        await using var csm = await CsmFixture.StartAsync();
        var link = await OpenLinkAsync(csm, await csm.CreateSurveyAsync(Samples.CsatSurvey()));
        var url = $"/api/public/survey-links/{link}/responses";

        var browser = await (await csm.Anonymous().PostJsonAsync(url, Csat(5, "<x>")).ExpectAsync(400)).NodeAsync();
        Assert.That(browser["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "browser" }));
        var channel = await (await csm.Anonymous().PostJsonAsync(url, Csat(5, "browser-aaaa", channel: "fax")).ExpectAsync(400)).NodeAsync();
        Assert.That(channel["errors"]!.AsObject().Select(e => e.Key), Has.Some.Contains("channel"));
    }

    [Test]
    public async Task Answers_from_one_address_beyond_the_limit_are_refused_with_a_429_problem()
    {
        await using var csm = await CsmFixture.StartAsync(new Dictionary<string, string?> { ["RateLimits:PublicPerMinute"] = "5" });
        var survey = await csm.CreateSurveyAsync(Samples.CsatSurvey());
        var link = await OpenLinkAsync(csm, survey);
        var crowd = csm.From(IPAddress.Parse("203.0.113.7"));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
            statuses.Add((await crowd.PostJsonAsync($"/api/public/survey-links/{link}/responses", Csat(5, $"browser-{i:0000}"))).StatusCode);
        Assert.That(statuses.Count(s => s == HttpStatusCode.Created), Is.EqualTo(5));
        Assert.That(statuses.Count(s => s == HttpStatusCode.TooManyRequests), Is.EqualTo(3));
        var limited = await (await crowd.PostJsonAsync($"/api/public/survey-links/{link}/responses", Csat(5, "browser-late"))).NodeAsync();
        Assert.That(limited["status"]!.GetValue<int>(), Is.EqualTo(429));
        Assert.That(limited["title"]!.GetValue<string>(), Is.EqualTo("Too many requests"));

        await csm.From(IPAddress.Parse("203.0.113.8")).PostJsonAsync($"/api/public/survey-links/{link}/responses", Csat(5, "browser-other")).ExpectAsync(201);
        await using var c = await csm.Service<Db>().OpenAsync();
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM srv_responses"), Is.EqualTo(6));
    }

    [Test]
    public async Task Only_managers_switch_a_link_and_agents_may_read_it()
    {
        await using var csm = await CsmFixture.StartAsync();
        var survey = await csm.CreateSurveyAsync(Samples.CsatSurvey());
        var agent = await csm.UserAsync("agent");
        var refused = await (await agent.PutJsonAsync($"/api/surveys/{survey}/link", new { enabled = true }).ExpectAsync(403)).NodeAsync();
        Assert.That(refused["detail"]!.GetValue<string>(), Is.Not.Empty);
        var none = await (await agent.GetAsync($"/api/surveys/{survey}/link").ExpectAsync(200)).NodeAsync();
        Assert.That(none["enabled"]!.GetValue<bool>(), Is.False);
        Assert.That(none["linkId"], Is.Null);
        await csm.Admin.PutJsonAsync("/api/surveys/999/link", new { enabled = true }).ExpectAsync(404);
    }

    [Test]
    public async Task The_widget_script_is_plain_javascript_under_15_kb_gzipped()
    {
        await using var csm = await CsmFixture.StartAsync();
        using var response = await csm.Anonymous().GetAsync("/widget.js").ExpectAsync(200);
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/javascript"));
        var script = await response.Content.ReadAsByteArrayAsync();
        using var gzipped = new MemoryStream();
        await using (var gzip = new GZipStream(gzipped, CompressionLevel.SmallestSize, leaveOpen: true)) await gzip.WriteAsync(script);
        TestContext.Out.WriteLine($"widget.js: {script.Length} bytes, {gzipped.Length} gzipped");
        Assert.That(gzipped.Length, Is.LessThanOrEqualTo(15 * 1024));
        var text = System.Text.Encoding.UTF8.GetString(script);
        Assert.That(text, Does.Contain("data-survey").And.Contain("'/f/'").And.Contain("意见反馈").And.Contain("Feedback"));
        Assert.That(text, Does.Not.Contain("import ").And.Not.Contain("require("), "no framework, no modules");
    }
}
