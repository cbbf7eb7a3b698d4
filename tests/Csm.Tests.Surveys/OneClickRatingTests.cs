using System.Text.RegularExpressions;
using Csm.Testing;

namespace Csm.Tests.Surveys;

/// <summary>
/// The survey e-mail shows the scale as links: a click opens the survey page with that score chosen, and nothing is
/// recorded until the person submits — a mail scanner that follows every link answers nothing.
/// </summary>
public sealed partial class OneClickRatingTests
{
    [GeneratedRegex(@"href=""([^""]+)\?score=(\d+)""")]
    private static partial Regex ScoreLink();

    private static List<(string Link, int Score)> ScoreLinks(string html) =>
        ScoreLink().Matches(html).Select(m => (System.Net.WebUtility.HtmlDecode(m.Groups[1].Value), int.Parse(m.Groups[2].Value))).ToList();

    private static object Titled(object survey, string zh, string en)
    {
        var node = System.Text.Json.JsonSerializer.SerializeToNode(survey)!;
        node["title"] = System.Text.Json.JsonSerializer.SerializeToNode(Samples.Text(zh, en));
        return node;
    }

    [Test]
    public async Task An_nps_invitation_in_chinese_offers_eleven_score_links_with_its_token_and_the_title_encoded()
    {
        await using var smtp = new SmtpTestServer();
        await using var csm = await CsmFixture.StartAsync(smtp.Settings);
        await csm.PublishAsync(World.Customer(42, name: "王小明", email: "xiaoming@example.com", language: "zh-CN"));
        var survey = await csm.CreateSurveyAsync(Titled(Samples.NpsSurvey(), "售后 <服务> & 安装", "After-sales <service> & install"));
        await csm.Admin.PostJsonAsync($"/api/surveys/{survey}/invitations", new { customerId = 42, channel = "email", remindAfterHours = 48 }).ExpectAsync(201);
        await csm.SendOutboundAsync();

        var mail = smtp.Received.Single();
        var html = mail.Message.HtmlBody;
        Assert.That(html, Is.Not.Null, "the e-mail has an HTML part");
        Assert.That(mail.Message.TextBody, Does.Contain(mail.Link), "and a plain text part with the link");
        var links = ScoreLinks(html!);
        Assert.That(links.Select(l => l.Score), Is.EqualTo(Enumerable.Range(0, 11)));
        Assert.That(links.Select(l => l.Link).Distinct().Single(), Is.EqualTo(mail.Link), "every link carries this invitation's token");
        Assert.That(html, Does.Contain("完全不可能").And.Contain("非常可能").And.Contain("提交后才会记录"));
        Assert.That(html, Does.Contain("您有多大可能向朋友推荐我们？"));
        Assert.That(html, Does.Contain("售后 &lt;服务&gt; &amp; 安装").And.Not.Contain("<服务>"), "the title is HTML-encoded");

        // The reminder two days later carries the same links.
        csm.Clock.Advance(TimeSpan.FromHours(49));
        await csm.SendOutboundAsync();
        var reminder = smtp.Received.Last();
        Assert.That(reminder.Message.Subject, Does.StartWith("【提醒】"));
        Assert.That(ScoreLinks(reminder.Message.HtmlBody!), Is.EqualTo(links));
    }

    [Test]
    public async Task A_csat_invitation_in_english_offers_five_links_and_following_every_link_records_nothing()
    {
        await using var smtp = new SmtpTestServer();
        await using var csm = await CsmFixture.StartAsync(smtp.Settings);
        await csm.PublishAsync(World.Customer(7, name: "Alice Smith", email: "alice@example.com", language: "en"));
        var survey = await csm.CreateSurveyAsync(Samples.CsatSurvey());
        await csm.Admin.PostJsonAsync($"/api/surveys/{survey}/invitations", new { customerId = 7, channel = "email" }).ExpectAsync(201);
        await csm.SendOutboundAsync();

        var mail = smtp.Received.Single();
        var links = ScoreLinks(mail.Message.HtmlBody!);
        Assert.That(links.Select(l => l.Score), Is.EqualTo(new[] { 1, 2, 3, 4, 5 }));
        Assert.That(mail.Message.HtmlBody, Does.Contain("Very dissatisfied").And.Contain("Very satisfied").And.Contain("nothing is recorded until you submit"));

        // A mail scanner opens every link: the page and the form it loads, with every score.
        var scanner = csm.Anonymous();
        foreach (var (link, score) in links)
        {
            var path = new Uri(link).AbsolutePath;
            await scanner.GetAsync($"{path}?score={score}");
            await scanner.GetAsync($"/api/public/surveys/{mail.Token}?score={score}").ExpectAsync(200);
        }
        var invitations = await (await csm.Admin.GetAsync($"/api/surveys/{survey}/invitations").ExpectAsync(200)).NodeAsync();
        Assert.That(invitations["items"]![0]!["status"]!.GetValue<string>(), Is.Not.EqualTo("answered"));
        var responses = await (await csm.Admin.GetAsync("/api/survey-responses").ExpectAsync(200)).NodeAsync();
        Assert.That(responses["total"]!.GetValue<int>(), Is.Zero, "no answer was recorded by following the links");

        // The person submits the score they clicked: that is the answer.
        await csm.AnswerAsync(mail.Token!, new { question = "csat", score = 4 }).ExpectAsync(201);
        responses = await (await csm.Admin.GetAsync("/api/survey-responses").ExpectAsync(200)).NodeAsync();
        Assert.That(responses["total"]!.GetValue<int>(), Is.EqualTo(1));
    }

    [Test]
    public async Task An_sms_invitation_stays_a_short_text()
    {
        await using var csm = await CsmFixture.StartAsync();
        await csm.PublishAsync(World.Customer(8, phone: "+8613900000000"));
        var survey = await csm.CreateSurveyAsync(Samples.NpsSurvey());
        await csm.Admin.PostJsonAsync($"/api/surveys/{survey}/invitations", new { customerId = 8, channel = "sms" }).ExpectAsync(201);
        var outbound = await (await csm.Admin.GetAsync("/api/operations/outbound?status=queued").ExpectAsync(200)).NodeAsync();
        var text = outbound["items"]![0]!["text"]?.GetValue<string>() ?? outbound["items"]![0]!.ToJsonString();
        Assert.That(text, Does.Not.Contain("score="));
    }
}
