using System.Net;
using Csm.BuildingBlocks.Data;
using Csm.Modules.Customers.Contracts;
using Dapper;

namespace Csm.Tests.Surveys;

public sealed class PublicResponseTests
{
    [Test]
    public async Task The_public_form_is_in_the_recipients_language_with_only_a_first_name()
    {
        await using var csm = await CsmFixture.StartAsync();
        await csm.PublishAsync(World.Customer(7, name: "王小明", email: "xiaoming@example.com", phone: "+8613800000007", language: "zh-CN"));
        var survey = await csm.CreateSurveyAsync(Samples.NpsSurvey());
        var token = await csm.LinkAsync(survey, customerId: 7);

        var response = await csm.Anonymous().GetAsync($"/api/public/surveys/{token}").ExpectAsync(200);
        var text = await response.Content.ReadAsStringAsync();
        var form = await response.NodeAsync();
        Assert.That(form["language"]!.GetValue<string>(), Is.EqualTo("zh-CN"));
        Assert.That(form["firstName"]!.GetValue<string>(), Is.EqualTo("小明"));
        Assert.That(form["title"]!.GetValue<string>(), Is.EqualTo("服务满意度调查"));
        Assert.That(form["questions"]![0]!["max"]!.GetValue<int>(), Is.EqualTo(10));
        Assert.That(form["questions"]![1]!["showWhen"]!["max"]!.GetValue<int>(), Is.EqualTo(8));
        Assert.That(text, Does.Not.Contain("xiaoming@example.com").And.Not.Contain("8613800000007").And.Not.Contain("王小明"));

        var english = await (await csm.Anonymous().GetAsync($"/api/public/surveys/{token}?lang=en").ExpectAsync(200)).NodeAsync();
        Assert.That(english["questions"]![0]!["text"]!.GetValue<string>(), Does.StartWith("How likely"));
    }

    [Test]
    public async Task A_token_is_stored_only_as_its_sha256_hash()
    {
        await using var csm = await CsmFixture.StartAsync();
        var survey = await csm.CreateSurveyAsync(Samples.NpsSurvey());
        var token = await csm.LinkAsync(survey);

        Assert.That(Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/') + "="), Has.Length.GreaterThanOrEqualTo(16));
        await using var c = await csm.Service<Db>().OpenAsync();
        var stored = await c.QuerySingleAsync<string>("SELECT token_hash FROM srv_invitations");
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
        Assert.That(stored, Is.EqualTo(expected));
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM srv_invitations WHERE token_hash = @Token", new { Token = token }), Is.Zero);
    }

    [Test]
    public async Task An_answer_is_stored_with_its_scores_version_and_classification_and_a_second_one_is_refused()
    {
        await using var csm = await CsmFixture.StartAsync();
        await csm.PublishAsync(World.Customer(8, tier: CustomerTier.Vip, accountManager: "am.wang"));
        var survey = await csm.CreateSurveyAsync(Samples.NpsSurvey());
        var token = await csm.LinkAsync(survey, customerId: 8);

        var created = await (await csm.AnswerAsync(token, new { question = "nps", score = 3 }, new { question = "why", text = "回复太慢了" }, new { question = "effort", score = 6 })
            .ExpectAsync(201)).NodeAsync();
        Assert.That(created["message"]!.GetValue<string>(), Is.EqualTo("感谢您的反馈！"));
        var id = created["responseId"]!.GetValue<long>();

        var stored = await (await csm.Admin.GetAsync($"/api/survey-responses/{id}").ExpectAsync(200)).NodeAsync();
        Assert.That(stored["nps"]!.GetValue<int>(), Is.EqualTo(3));
        Assert.That(stored["ces"]!.GetValue<int>(), Is.EqualTo(6));
        Assert.That(stored["csat"], Is.Null);
        Assert.That(stored["classification"]!.GetValue<string>(), Is.EqualTo("unhappy"));
        Assert.That(stored["surveyVersion"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(stored["tier"]!.GetValue<string>(), Is.EqualTo("vip"));
        Assert.That(stored["themes"]!.AsArray().Select(t => t!.GetValue<string>()), Does.Contain("responseSpeed"));

        var again = await (await csm.AnswerAsync(token, new { question = "nps", score = 10 }).ExpectAsync(409)).NodeAsync();
        Assert.That(again["detail"]!.GetValue<string>(), Does.Contain("already answered"));
        await csm.Anonymous().GetAsync($"/api/public/surveys/{token}").ExpectAsync(409);
    }

    [Test]
    public async Task An_anonymous_link_keeps_no_customer_on_the_invitation_or_the_response()
    {
        await using var csm = await CsmFixture.StartAsync();
        var survey = await csm.CreateSurveyAsync(Samples.CsatSurvey());
        var token = await csm.LinkAsync(survey, anonymous: true);

        var form = await (await csm.Anonymous().GetAsync($"/api/public/surveys/{token}").ExpectAsync(200)).NodeAsync();
        Assert.That(form["firstName"], Is.Null);
        await csm.AnswerAsync(token, new { question = "csat", score = 5 }).ExpectAsync(201);

        await using var c = await csm.Service<Db>().OpenAsync();
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM srv_invitations WHERE customer_id IS NOT NULL"), Is.Zero);
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM srv_responses WHERE customer_id IS NULL AND csat = 5"), Is.EqualTo(1));
    }

    [Test]
    public async Task An_anonymous_email_invitation_is_refused_naming_anonymous()
    {
        await using var csm = await CsmFixture.StartAsync();
        var survey = await csm.CreateSurveyAsync(Samples.CsatSurvey());
        var problem = await (await csm.Admin.PostJsonAsync($"/api/surveys/{survey}/invitations", new { customerId = 1, channel = "email", anonymous = true })
            .ExpectAsync(400)).NodeAsync();
        Assert.That(problem["errors"]!["anonymous"], Is.Not.Null);
        Assert.That(problem["errors"]!["customerId"], Is.Not.Null);
    }

    [TestCase("nps", 11, "answers[0].score")]
    [TestCase("nps", -1, "answers[0].score")]
    [TestCase("csat", 0, "answers[1].score")]
    [TestCase("ces", 8, "answers[2].score")]
    [TestCase("stars", 11, "answers[3].score")]
    public async Task A_score_outside_its_scale_is_refused_naming_the_answer(string question, int score, string field)
    {
        await using var csm = await CsmFixture.StartAsync();
        var survey = await csm.CreateSurveyAsync(Samples.EveryKindSurvey());
        var token = await csm.LinkAsync(survey);
        var answers = ValidEveryKind().Select(a => a.question == question ? a with { score = score } : a).ToArray();

        var problem = await (await csm.AnswerAsync(token, answers).ExpectAsync(400)).NodeAsync();
        Assert.That(problem["errors"]![field]![0]!.GetValue<string>(), Does.Contain(score.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await csm.AnswerAsync(token, ValidEveryKind()).ExpectAsync(201);
    }

    [Test]
    public async Task A_choice_not_offered_a_missing_required_answer_and_a_huge_comment_are_refused_naming_each()
    {
        await using var csm = await CsmFixture.StartAsync();
        var survey = await csm.CreateSurveyAsync(Samples.EveryKindSurvey());
        var token = await csm.LinkAsync(survey);
        var valid = ValidEveryKind();

        var notOffered = valid.Select(a => a.question == "channel" ? a with { choices = ["phone"] } : a).ToArray();
        var e1 = (await (await csm.AnswerAsync(token, notOffered).ExpectAsync(400)).NodeAsync())["errors"]!;
        Assert.That(e1["answers[4].choices[0]"]![0]!.GetValue<string>(), Does.Contain("phone"));

        var missing = valid.Where(a => a.question != "csat").ToArray();
        var e2 = (await (await csm.AnswerAsync(token, missing).ExpectAsync(400)).NodeAsync())["errors"]!;
        Assert.That(e2["answers"]![0]!.GetValue<string>(), Does.Contain("'csat'"));

        var huge = valid.Select(a => a.question == "why" ? a with { text = new string('慢', 100_000) } : a).ToArray();
        var e3 = (await (await csm.AnswerAsync(token, huge).ExpectAsync(400)).NodeAsync())["errors"]!;
        Assert.That(e3["answers[6].text"], Is.Not.Null);

        var twoForSingle = valid.Select(a => a.question == "channel" ? a with { choices = ["web", "store"] } : a).ToArray();
        var e4 = (await (await csm.AnswerAsync(token, twoForSingle).ExpectAsync(400)).NodeAsync())["errors"]!;
        Assert.That(e4["answers[4].choices"], Is.Not.Null);

        // None of the refusals used the token up.
        await csm.AnswerAsync(token, valid).ExpectAsync(201);
    }

    [TestCase("{}", "answers")]
    [TestCase("{\"answers\":null}", "answers")]
    [TestCase("{\"answers\":[null]}", "answers[0]")]
    [TestCase("{\"answers\":[{}]}", "answers[0].question")]
    [TestCase("{\"answers\":\"nps=9\"}", "answers")]
    [TestCase("{\"answers\":[{\"question\":\"nps\",\"score\":\"nine\"}]}", "answers[0].score")]
    [TestCase("[]", "$")]
    public async Task A_body_of_the_wrong_shape_is_a_400_naming_the_field_and_leaves_the_token_unused(string body, string field)
    {
        await using var csm = await CsmFixture.StartAsync();
        var survey = await csm.CreateSurveyAsync(Samples.EveryKindSurvey());
        var token = await csm.LinkAsync(survey);
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var problem = await (await csm.Anonymous().PostAsync($"/api/public/surveys/{token}/responses", content).ExpectAsync(400)).NodeAsync();
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Contain(field), problem.ToJsonString());
        await csm.AnswerAsync(token, ValidEveryKind()).ExpectAsync(201);
    }

    [Test]
    public async Task The_why_question_is_required_only_when_it_is_shown()
    {
        await using var csm = await CsmFixture.StartAsync();
        var draft = new
        {
            name = "Why", touchpoint = "service", title = Samples.Text("为什么", "Why"),
            questions = new object[]
            {
                new { key = "nps", kind = "nps", text = Samples.Text("推荐？", "Recommend?") },
                new { key = "why", kind = "text", text = Samples.Text("为什么？", "Why?"), showWhen = new { question = "nps", max = 6 } },
            },
        };
        var survey = await csm.CreateSurveyAsync(draft);
        var promoter = await csm.LinkAsync(survey);
        await csm.AnswerAsync(promoter, new { question = "nps", score = 9 }).ExpectAsync(201);
        var detractor = await csm.LinkAsync(survey);
        var problem = await (await csm.AnswerAsync(detractor, new { question = "nps", score = 2 }).ExpectAsync(400)).NodeAsync();
        Assert.That(problem["errors"]!["answers"]![0]!.GetValue<string>(), Does.Contain("'why'"));
    }

    [Test]
    public async Task An_unknown_token_a_token_one_character_off_and_an_expired_token_are_refused()
    {
        await using var csm = await CsmFixture.StartAsync();
        var survey = await csm.CreateSurveyAsync(Samples.CsatSurvey());
        var token = await csm.LinkAsync(survey, validDays: 1);
        var oneOff = token[..^1] + (token[^1] == 'A' ? 'B' : 'A');

        await csm.Anonymous().GetAsync("/api/public/surveys/not-a-token").ExpectAsync(404);
        var off = await (await csm.AnswerAsync(oneOff, new { question = "csat", score = 4 }).ExpectAsync(404)).NodeAsync();
        Assert.That(off["title"]!.GetValue<string>(), Is.EqualTo("Not found"));
        await csm.Anonymous().GetAsync($"/api/public/surveys/{new string('x', 5000)}").ExpectAsync(404);

        csm.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var expired = await (await csm.AnswerAsync(token, new { question = "csat", score = 4 }).ExpectAsync(410)).NodeAsync();
        Assert.That(expired["title"]!.GetValue<string>(), Is.EqualTo("Expired"));
        var admin = await csm.SignInAsync("admin", CsmFixture.AdminPassword); // the morning's token has expired too
        var list = await (await admin.GetAsync($"/api/surveys/{survey}/invitations?status=expired").ExpectAsync(200)).NodeAsync();
        Assert.That(list["total"]!.GetValue<long>(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_burst_of_100_submissions_from_one_address_is_rate_limited()
    {
        await using var csm = await CsmFixture.StartAsync(new Dictionary<string, string?> { ["RateLimits:PublicPerMinute"] = "30" });
        var survey = await csm.CreateSurveyAsync(Samples.CsatSurvey());
        var token = await csm.LinkAsync(survey);
        var client = csm.Anonymous();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 100; i++)
        {
            statuses.Add((await client.PostJsonAsync($"/api/public/surveys/{token}/responses", new { answers = new[] { new { question = "csat", score = 5 } } })).StatusCode);
        }
        Assert.That(statuses.Count(s => s == HttpStatusCode.Created), Is.EqualTo(1));
        Assert.That(statuses.Count(s => s == HttpStatusCode.Conflict), Is.EqualTo(29));
        Assert.That(statuses.Count(s => s == HttpStatusCode.TooManyRequests), Is.EqualTo(70));
        var limited = await (await client.GetAsync($"/api/public/surveys/{token}")).NodeAsync();
        Assert.That(limited["status"]!.GetValue<int>(), Is.EqualTo(429));
    }

    [Test]
    public async Task Responses_keep_the_version_they_answered_when_the_survey_is_edited()
    {
        await using var csm = await CsmFixture.StartAsync();
        var survey = await csm.CreateSurveyAsync(Samples.NpsSurvey());
        await csm.AnswerAsync(await csm.LinkAsync(survey), new { question = "nps", score = 10 }).ExpectAsync(201);

        var edited = await (await csm.Admin.PutJsonAsync($"/api/surveys/{survey}", SurveyTemplateTests.Edit(Samples.CsatSurvey("Now CSAT"), revision: 1))
            .ExpectAsync(200)).NodeAsync();
        Assert.That(edited["version"]!.GetValue<int>(), Is.EqualTo(2));
        await csm.AnswerAsync(await csm.LinkAsync(survey), new { question = "csat", score = 2 }).ExpectAsync(201);

        var responses = await (await csm.Admin.GetAsync($"/api/survey-responses?surveyId={survey}").ExpectAsync(200)).NodeAsync();
        var versions = responses["items"]!.AsArray().Select(r => (r!["surveyVersion"]!.GetValue<int>(), r["nps"]?.GetValue<int>(), r["csat"]?.GetValue<int>()));
        Assert.That(versions, Is.EquivalentTo(new[] { (1, (int?)10, (int?)null), (2, null, 2) }));
        var first = await (await csm.Admin.GetAsync($"/api/surveys/{survey}?version=1").ExpectAsync(200)).NodeAsync();
        Assert.That(first["questions"]![0]!["kind"]!.GetValue<string>(), Is.EqualTo("nps"));
    }

    [Test]
    public async Task An_answer_is_checked_against_the_survey_as_it_is_now_after_an_edit_in_place()
    {
        await using var csm = await CsmFixture.StartAsync();
        var survey = await csm.CreateSurveyAsync(Samples.NpsSurvey());
        var token = await csm.LinkAsync(survey);
        // Refused, but the survey as it was has been read and kept for the next answers.
        await csm.AnswerAsync(token, new { question = "csat", score = 2 }).ExpectAsync(400);

        // Unanswered, so edited in place: the same version, a new revision.
        var edited = await (await csm.Admin.PutJsonAsync($"/api/surveys/{survey}", SurveyTemplateTests.Edit(Samples.CsatSurvey("Now CSAT"), revision: 1))
            .ExpectAsync(200)).NodeAsync();
        Assert.That(edited["version"]!.GetValue<int>(), Is.EqualTo(1));
        await csm.AnswerAsync(token, new { question = "nps", score = 9 }).ExpectAsync(400);
        await csm.AnswerAsync(token, new { question = "csat", score = 2 }).ExpectAsync(201);

        var responses = await (await csm.Admin.GetAsync($"/api/survey-responses?surveyId={survey}").ExpectAsync(200)).NodeAsync();
        Assert.That(responses["items"]!.AsArray().Select(r => (r!["nps"]?.GetValue<int>(), r["csat"]?.GetValue<int>())),
            Is.EqualTo(new[] { ((int?)null, (int?)2) }));
    }

    private sealed record A(string question, int? score = null, string? text = null, string[]? choices = null);

    private static A[] ValidEveryKind() =>
    [
        new("nps", score: 8), new("csat", score: 4), new("ces", score: 2), new("stars", score: 9),
        new("channel", choices: ["web"]), new("liked", choices: ["price", "staff"]), new("why", text: "Good price"),
    ];
}

public sealed class ConcurrentResponseTests
{
    [Test]
    public async Task Of_ten_simultaneous_submissions_with_one_token_exactly_one_is_stored()
    {
        await using var csm = await CsmFixture.StartAsync();
        var survey = await csm.CreateSurveyAsync(Samples.CsatSurvey());
        var token = await csm.LinkAsync(survey);

        var statuses = await Task.WhenAll(Enumerable.Range(1, 10).Select(async i =>
            (int)(await csm.AnswerAsync(token, new { question = "csat", score = 1 + i % 5 })).StatusCode));

        Assert.That(statuses.Count(s => s == 201), Is.EqualTo(1));
        Assert.That(statuses.Count(s => s == 409), Is.EqualTo(9));
        var responses = await (await csm.Admin.GetAsync($"/api/survey-responses?surveyId={survey}").ExpectAsync(200)).NodeAsync();
        Assert.That(responses["total"]!.GetValue<long>(), Is.EqualTo(1));
    }

    [Test]
    public async Task Simultaneous_answers_to_different_tokens_are_each_stored_with_their_own_scores_themes_and_event()
    {
        await using var csm = await CsmFixture.StartAsync();
        var survey = await csm.CreateSurveyAsync(Samples.CsatSurvey());
        var tokens = new List<string>();
        for (var i = 0; i < 20; i++) tokens.Add(await csm.LinkAsync(survey));

        // Answers arriving together are stored together: each must still get its own scores and themes.
        var created = await Task.WhenAll(tokens.Select(async (token, i) =>
        {
            var body = await (await csm.AnswerAsync(token, new { question = "csat", score = 1 + i % 5 },
                new { question = "comment", text = i % 2 == 0 ? "回复太慢了" : "价格太贵" }).ExpectAsync(201)).NodeAsync();
            return (Csat: 1 + i % 5, Theme: i % 2 == 0 ? "responseSpeed" : "price", Id: body["responseId"]!.GetValue<long>());
        }));

        var events = await csm.WrittenAsync<Csm.Modules.Surveys.Contracts.SurveyResponded>();
        Assert.That(events.Select(e => e.ResponseId), Is.EquivalentTo(created.Select(c => c.Id)));
        foreach (var (csat, theme, id) in created)
        {
            var e = events.Single(x => x.ResponseId == id);
            Assert.That((e.Csat, e.Themes.Single()), Is.EqualTo((csat, theme)));
            var stored = await (await csm.Admin.GetAsync($"/api/survey-responses/{id}").ExpectAsync(200)).NodeAsync();
            Assert.That(stored["csat"]!.GetValue<int>(), Is.EqualTo(csat));
            Assert.That(stored["themes"]!.AsArray().Select(t => t!.GetValue<string>()), Is.EqualTo(new[] { theme }));
        }
    }
}
