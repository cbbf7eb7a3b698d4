using System.Text.Json.Nodes;

namespace Csm.Tests.Surveys;

public sealed class SurveyTemplateTests
{
    [Test]
    public async Task A_manager_creates_a_survey_with_every_question_kind_in_both_languages()
    {
        await using var csm = await CsmFixture.StartAsync();
        var created = await (await csm.Admin.PostJsonAsync("/api/surveys", Samples.EveryKindSurvey()).ExpectAsync(201)).NodeAsync();
        var id = created["id"]!.GetValue<long>();

        var survey = await (await csm.Admin.GetAsync($"/api/surveys/{id}").ExpectAsync(200)).NodeAsync();
        Assert.That(survey["version"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(survey["touchpoint"]!.GetValue<string>(), Is.EqualTo("purchase"));
        var kinds = survey["questions"]!.AsArray().Select(q => q!["kind"]!.GetValue<string>());
        Assert.That(kinds, Is.EqualTo(new[] { "nps", "csat", "ces", "rating", "singleChoice", "multipleChoice", "text" }));
        Assert.That(survey["questions"]![4]!["choices"]![1]!["text"]!["zh"]!.GetValue<string>(), Is.EqualTo("门店"));

        var list = await (await csm.Admin.GetAsync("/api/surveys").ExpectAsync(200)).NodeAsync();
        Assert.That(list["total"]!.GetValue<long>(), Is.EqualTo(1));
    }

    [Test]
    public async Task An_agent_reads_surveys_but_cannot_create_them()
    {
        await using var csm = await CsmFixture.StartAsync();
        var agent = await csm.UserAsync("agent");
        await agent.PostJsonAsync("/api/surveys", Samples.NpsSurvey()).ExpectAsync(403);
        await agent.GetAsync("/api/surveys").ExpectAsync(200);
    }

    [Test]
    public async Task A_survey_without_questions_is_refused_naming_questions()
    {
        await using var csm = await CsmFixture.StartAsync();
        var body = new { name = "Empty", touchpoint = "service", title = Samples.Text("空", "Empty"), questions = Array.Empty<object>() };
        var problem = await (await csm.Admin.PostJsonAsync("/api/surveys", body).ExpectAsync(400)).NodeAsync();
        Assert.That(problem["errors"]!["questions"], Is.Not.Null);
    }

    [Test]
    public async Task A_follow_up_that_references_a_missing_question_is_refused_naming_it()
    {
        await using var csm = await CsmFixture.StartAsync();
        var body = new
        {
            name = "Broken", touchpoint = "service", title = Samples.Text("坏", "Broken"),
            questions = new object[]
            {
                new { key = "nps", kind = "nps", text = Samples.Text("推荐？", "Recommend?") },
                new { key = "why", kind = "text", text = Samples.Text("为什么？", "Why?"), showWhen = new { question = "score", max = 6 } },
            },
        };
        var problem = await (await csm.Admin.PostJsonAsync("/api/surveys", body).ExpectAsync(400)).NodeAsync();
        Assert.That(problem["errors"]!["questions[1].showWhen.question"]![0]!.GetValue<string>(), Does.Contain("score"));
    }

    [Test]
    public async Task A_question_without_its_english_text_and_a_choice_question_without_choices_are_refused()
    {
        await using var csm = await CsmFixture.StartAsync();
        var body = new
        {
            name = "Half", touchpoint = "onboarding", title = Samples.Text("半", "Half"),
            questions = new object[]
            {
                new { key = "nps", kind = "nps", text = new { zh = "推荐？", en = "" } },
                new { key = "pick", kind = "singleChoice", text = Samples.Text("选", "Pick") },
                new { key = "nps", kind = "csat", text = Samples.Text("满意？", "Satisfied?") },
            },
        };
        var errors = (await (await csm.Admin.PostJsonAsync("/api/surveys", body).ExpectAsync(400)).NodeAsync())["errors"]!.AsObject();
        Assert.That(errors.Select(e => e.Key), Is.SupersetOf(new[] { "questions[0].text.en", "questions[1].choices", "questions[2].key" }));
    }

    [Test]
    public async Task Editing_an_unanswered_survey_keeps_its_version_and_a_stale_revision_is_refused()
    {
        await using var csm = await CsmFixture.StartAsync();
        var created = await (await csm.Admin.PostJsonAsync("/api/surveys", Samples.NpsSurvey()).ExpectAsync(201)).NodeAsync();
        var id = created["id"]!.GetValue<long>();
        var edit = Edit(Samples.NpsSurvey("Renamed"), revision: 1);

        var edited = await (await csm.Admin.PutJsonAsync($"/api/surveys/{id}", edit).ExpectAsync(200)).NodeAsync();
        Assert.That(edited["version"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(edited["revision"]!.GetValue<long>(), Is.EqualTo(2));
        Assert.That(edited["name"]!.GetValue<string>(), Is.EqualTo("Renamed"));

        var stale = await (await csm.Admin.PutJsonAsync($"/api/surveys/{id}", edit).ExpectAsync(409)).NodeAsync();
        Assert.That(stale["currentVersion"]!.GetValue<long>(), Is.EqualTo(2));
        await csm.Admin.PutJsonAsync("/api/surveys/999", edit).ExpectAsync(404);
    }

    /// <summary>The draft with the revision the editor read.</summary>
    internal static JsonObject Edit(object draft, long revision)
    {
        var node = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(draft, Json.Options))!.AsObject();
        node["revision"] = revision;
        return node;
    }
}

public sealed class DemoDataTests
{
    [Test]
    public async Task The_demo_ships_an_after_service_survey_on_repairs_with_answers_that_fill_the_dashboard_once()
    {
        var file = Path.Combine(Path.GetTempPath(), "csm-tests", Guid.NewGuid().ToString("N") + ".db");
        var demo = new Dictionary<string, string?> { ["Demo:Enabled"] = "true" };
        long answered;
        await using (var first = await CsmFixture.StartAsync(demo, databaseFile: file))
            answered = (await (await first.Admin.GetAsync("/api/survey-responses?pageSize=1").ExpectAsync(200)).NodeAsync())["total"]!.GetValue<long>();
        await using var csm = await CsmFixture.StartAsync(demo, databaseFile: file);

        var surveys = await (await csm.Admin.GetAsync("/api/surveys").ExpectAsync(200)).NodeAsync();
        Assert.That(surveys["items"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()),
            Is.EqualTo(new[] { "After-service survey", "Ticket CSAT", "Quarterly relationship NPS", "Did we fix it? (re-survey)" }));
        var afterService = surveys["items"]![0]!["id"]!.GetValue<long>();
        var resurvey = await (await csm.Admin.GetAsync($"/api/surveys/{afterService}/resurvey").ExpectAsync(200)).NodeAsync();
        Assert.That((resurvey["enabled"]!.GetValue<bool>(), resurvey["resurveySurveyId"]!.GetValue<long>(), resurvey["delayHours"]!.GetValue<long>()),
            Is.EqualTo((true, surveys["items"]![3]!["id"]!.GetValue<long>(), 48L)), "the after-service survey checks resolved follow-ups with the short NPS");
        var distributions = await (await csm.Admin.GetAsync($"/api/surveys/{afterService}/distributions").ExpectAsync(200)).NodeAsync();
        Assert.That(distributions["items"]![0]!["kind"]!.GetValue<string>(), Is.EqualTo("ticketResolved"));
        Assert.That(distributions["items"]![0]!["ticketType"]!.GetValue<string>(), Is.EqualTo("repair"));
        // CES reads one way everywhere: the question carries the anchors the reports state.
        var asked = await (await csm.Admin.GetAsync($"/api/surveys/{afterService}").ExpectAsync(200)).Content.ReadAsStringAsync();
        Assert.That(asked, Does.Contain("How much effort").And.Contain("1 = very easy").And.Contain("7 = very hard"));

        // Answered through the public response path: a second start answers nothing more.
        var responses = await (await csm.Admin.GetAsync("/api/survey-responses?pageSize=200").ExpectAsync(200)).NodeAsync();
        Assert.That(responses["total"]!.GetValue<long>(), Is.EqualTo(answered).And.GreaterThanOrEqualTo(30));
        var items = responses["items"]!.AsArray();
        Assert.That(items.Select(r => r!["classification"]!.GetValue<string>()).Distinct(), Is.SupersetOf(new[] { "happy", "unhappy" }));
        Assert.That(items.Where(r => r!["nps"] is not null), Is.Not.Empty, "the after-service survey asks NPS");
        Assert.That(items.Where(r => r!["ces"] is not null), Is.Not.Empty);
        Assert.That(items.SelectMany(r => r!["themes"]!.AsArray().Select(t => t!.GetValue<string>())).Distinct(), Is.SupersetOf(new[] { "responseSpeed", "price" }));

        // Up to the moment of the start, better over the year, then a dip in the last three weeks.
        await using (var answers = await csm.Service<Csm.BuildingBlocks.Data.Db>().OpenAsync())
        {
            var now = csm.Clock.GetUtcNow();
            var scores = (await Dapper.SqlMapper.QueryAsync<(DateTimeOffset At, string Classification)>(answers,
                "SELECT responded_at, classification FROM srv_responses")).ToList();
            Assert.That(scores.Select(s => s.At), Has.All.LessThan(now).And.Some.GreaterThan(now.AddDays(-3)));
            double Unhappy(int fromDays, int toDays)
            {
                var window = scores.Where(s => s.At <= now.AddDays(-fromDays) && s.At > now.AddDays(-toDays)).ToList();
                Assert.That(window, Has.Count.GreaterThanOrEqualTo(15), $"answers {fromDays}–{toDays} days back");
                return window.Count(s => s.Classification == "unhappy") / (double)window.Count;
            }
            var dip = Unhappy(0, 21);
            var before = Unhappy(21, 150);
            var yearAgo = Unhappy(200, 366);
            Assert.That(dip, Is.GreaterThan(before), "the recent dip");
            Assert.That(before, Is.LessThan(yearAgo), "better over the year");
            Assert.That(scores, Has.Count.GreaterThanOrEqualTo(150), "a year of answers");
        }

        // Delivered, the unhappy answers become follow-up tasks in the Tickets module.
        await csm.DrainOutboxAsync();
        await using var db = await csm.Service<Csm.BuildingBlocks.Data.Db>().OpenAsync();
        Assert.That(await Dapper.SqlMapper.ExecuteScalarAsync<long>(db, "SELECT COUNT(*) FROM tkt_tickets WHERE source LIKE 'survey-response:%'"), Is.GreaterThan(0));
    }

    [TearDown]
    public void ForgetFiles() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
}
