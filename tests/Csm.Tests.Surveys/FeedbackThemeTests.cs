namespace Csm.Tests.Surveys;

public sealed class FeedbackThemeTests
{
    private static async Task<long> AnswerCsatAsync(CsmFixture csm, long survey, int score, string comment)
    {
        var created = await (await csm.AnswerAsync(await csm.LinkAsync(survey), new { question = "csat", score }, new { question = "comment", text = comment })
            .ExpectAsync(201)).NodeAsync();
        return created["responseId"]!.GetValue<long>();
    }

    private static async Task<string[]> ThemesOfAsync(CsmFixture csm, long responseId) =>
        (await (await csm.Admin.GetAsync($"/api/survey-responses/{responseId}").ExpectAsync(200)).NodeAsync())["themes"]!.AsArray()
        .Select(t => t!.GetValue<string>()).ToArray();

    [Test]
    public async Task The_shipped_themes_tag_chinese_by_substring_and_english_case_insensitively()
    {
        await using var csm = await CsmFixture.StartAsync();
        var themes = await (await csm.Admin.GetAsync("/api/feedback-themes").ExpectAsync(200)).NodeAsync();
        Assert.That(themes["items"]!.AsArray().Select(t => t!["code"]!.GetValue<string>()),
            Is.EquivalentTo(new[] { "responseSpeed", "manualClarity", "price", "staffAttitude", "onlineSupport", "delivery" }));

        var survey = await csm.CreateSurveyAsync(Samples.CsatSurvey());
        var chinese = await AnswerCsatAsync(csm, survey, 2, "客服回复太慢了，说明书也看不懂");
        var english = await AnswerCsatAsync(csm, survey, 2, "Delivery was SLOW and the price too high");
        var none = await AnswerCsatAsync(csm, survey, 5, "一切都好");

        Assert.That(await ThemesOfAsync(csm, chinese), Is.EquivalentTo(new[] { "responseSpeed", "manualClarity", "onlineSupport" }));
        Assert.That(await ThemesOfAsync(csm, english), Is.EquivalentTo(new[] { "delivery", "responseSpeed", "price" }));
        Assert.That(await ThemesOfAsync(csm, none), Is.Empty);
        var speed = await (await csm.Admin.GetAsync("/api/survey-responses?theme=responseSpeed").ExpectAsync(200)).NodeAsync();
        Assert.That(speed["total"]!.GetValue<long>(), Is.EqualTo(2));
    }

    [Test]
    public async Task Changing_a_dictionary_retags_every_response()
    {
        await using var csm = await CsmFixture.StartAsync();
        var survey = await csm.CreateSurveyAsync(Samples.CsatSurvey());
        var bargain = await AnswerCsatAsync(csm, survey, 5, "价钱很划算");
        var pricey = await AnswerCsatAsync(csm, survey, 2, "太贵了");
        var price = (await (await csm.Admin.GetAsync("/api/feedback-themes").ExpectAsync(200)).NodeAsync())["items"]!.AsArray()
            .Single(t => t!["code"]!.GetValue<string>() == "price")!;
        Assert.That(await ThemesOfAsync(csm, bargain), Is.Empty);

        var body = new { name = Samples.Text("价格", "Price"), keywords = new { zh = new[] { "划算", "价钱" }, en = new[] { "price" } }, revision = price["revision"]!.GetValue<long>() };
        var updated = await (await csm.Admin.PutJsonAsync($"/api/feedback-themes/{price["id"]}", body).ExpectAsync(200)).NodeAsync();

        Assert.That(updated["responses"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(await ThemesOfAsync(csm, bargain), Is.EqualTo(new[] { "price" }));
        Assert.That(await ThemesOfAsync(csm, pricey), Is.Empty, "'贵' was removed from the dictionary");
        await csm.Admin.PutJsonAsync($"/api/feedback-themes/{price["id"]}", body).ExpectAsync(409);
    }

    [Test]
    public async Task A_new_theme_tags_existing_responses_and_bad_dictionaries_are_refused()
    {
        await using var csm = await CsmFixture.StartAsync();
        var survey = await csm.CreateSurveyAsync(Samples.CsatSurvey());
        var install = await AnswerCsatAsync(csm, survey, 3, "安装师傅迟到了");
        var theme = new { code = "installation", name = Samples.Text("安装", "Installation"), keywords = new { zh = new[] { "安装" }, en = new[] { "install" } } };
        var created = await (await csm.Admin.PostJsonAsync("/api/feedback-themes", theme).ExpectAsync(201)).NodeAsync();
        Assert.That(created["responses"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(await ThemesOfAsync(csm, install), Is.EqualTo(new[] { "installation" }));

        await csm.Admin.PostJsonAsync("/api/feedback-themes", theme).ExpectAsync(409);
        var empty = new { code = "empty", name = Samples.Text("空", "Empty"), keywords = new { zh = Array.Empty<string>(), en = new[] { "" } } };
        var problem = await (await csm.Admin.PostJsonAsync("/api/feedback-themes", empty).ExpectAsync(400)).NodeAsync();
        Assert.That(problem["errors"]!["keywords.en[0]"], Is.Not.Null);
        // A language's list missing altogether is named, not a 500.
        var noChinese = new { code = "half", name = Samples.Text("半", "Half"), keywords = new { zh = (string[]?)null, en = new[] { "half" } } };
        var missing = await (await csm.Admin.PostJsonAsync("/api/feedback-themes", noChinese).ExpectAsync(400)).NodeAsync();
        Assert.That(missing["errors"]!["keywords.zh"], Is.Not.Null, missing.ToJsonString());
        var agent = await csm.UserAsync("agent");
        await agent.PostJsonAsync("/api/feedback-themes", theme with { code = "other" }).ExpectAsync(403);
    }
}
