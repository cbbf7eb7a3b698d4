using Csm.Modules.Surveys.Contracts;

namespace Csm.Tests.Surveys;

/// <summary>
/// The survey's own questions are not lost: each response lists every answer with its question and choice texts, the
/// event tells Reports the rating and choice answers with every choice offered, and a raw CSV has a row per answer.
/// </summary>
public sealed class CustomAnswerTests
{
    private static object[] Answers(int stars, string channel, string[] liked, string? why) =>
    [
        new { question = "nps", score = 9 }, new { question = "csat", score = 4 }, new { question = "ces", score = 2 },
        new { question = "stars", score = stars }, new { question = "channel", choices = new[] { channel } },
        new { question = "liked", choices = liked }, .. why is null ? Array.Empty<object>() : [new { question = "why", text = why }],
    ];

    [Test]
    public async Task Every_answer_is_listed_with_its_question_sent_to_reports_and_exported_row_by_row()
    {
        await using var csm = await CsmFixture.StartAsync();
        var survey = await csm.CreateSurveyAsync(Samples.EveryKindSurvey());
        await csm.AnswerAsync(await csm.LinkAsync(survey), Answers(8, "store", ["price", "staff"], "店员很耐心")).ExpectAsync(201);
        await csm.AnswerAsync(await csm.LinkAsync(survey), Answers(3, "web", ["speed"], null)).ExpectAsync(201);

        var items = (await (await csm.Admin.GetAsync($"/api/survey-responses?surveyId={survey}").ExpectAsync(200)).NodeAsync())["items"]!.AsArray();
        var first = items.Single(i => i!["answers"]!.AsArray().Any(a => a!["text"]?.GetValue<string>() == "店员很耐心"))!;
        var channel = first["answers"]!.AsArray().Single(a => a!["question"]!.GetValue<string>() == "channel")!;
        Assert.That((channel["kind"]!.GetValue<string>(), channel["questionText"]!["zh"]!.GetValue<string>(), channel["choiceTexts"]![0]!["zh"]!.GetValue<string>()),
            Is.EqualTo(("singleChoice", "渠道", "门店")));
        var liked = first["answers"]!.AsArray().Single(a => a!["question"]!.GetValue<string>() == "liked")!;
        Assert.That(liked["choiceTexts"]!.AsArray().Select(t => t!["en"]!.GetValue<string>()), Is.EqualTo(new[] { "Price", "Staff" }));
        var one = await (await csm.Admin.GetAsync($"/api/survey-responses/{first["id"]}").ExpectAsync(200)).NodeAsync();
        Assert.That(one["answers"]!.AsArray().Count, Is.EqualTo(7));

        var events = await csm.WrittenAsync<SurveyResponded>();
        var custom = events.Single(e => e.Answers!.Any(a => a.Question == "stars" && a.Score == 8)).Answers!;
        Assert.That(custom.Select(a => a.Question), Is.EqualTo(new[] { "stars", "channel", "liked" }), "rating and choice questions only");
        Assert.That(custom.Single(a => a.Question == "stars").ScaleMax, Is.EqualTo(10));
        Assert.That(custom.Single(a => a.Question == "liked").Options!.Select(o => o.Key), Is.EqualTo(new[] { "price", "speed", "staff" }), "every choice offered");

        var csv = await (await csm.Admin.GetAsync($"/api/survey-responses/answers?surveyId={survey}").ExpectAsync(200)).Content.ReadAsStringAsync();
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Does.StartWith("responseId,surveyId,surveyVersion,respondedAt,customerId,tier,touchpoint,question,kind"));
        Assert.That(lines, Has.Length.EqualTo(1 + 7 + 6), "a row per answer");
        Assert.That(lines.Count(l => l.Contains(",liked,multipleChoice,") && l.Contains("price;staff") && l.Contains("价格;员工")), Is.EqualTo(1));

        var agent = await csm.UserAsync("agent");
        await agent.GetAsync($"/api/survey-responses/answers?surveyId={survey}").ExpectAsync(403);
        var bad = await (await csm.Admin.GetAsync("/api/survey-responses/answers?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z").ExpectAsync(400)).NodeAsync();
        Assert.That(bad["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "to" }));
    }
}
