using System.Text.Json.Nodes;
using Csm.Modules.Surveys.Contracts;

namespace Csm.Tests.Surveys;

/// <summary>
/// Re-survey after a resolved follow-up, through the real modules: the unhappy answer opens the Tickets module's follow-up
/// task, the test closes it over the API, Surveys issues the re-survey, the outbound queue sends it, Reports counts it.
/// </summary>
[NonParallelizable]
public sealed class ResurveyTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private static object ShortNps() => new
    {
        name = "Re-survey NPS",
        touchpoint = "service",
        title = Samples.Text("回访确认", "Did we fix it?"),
        questions = new object[] { new { key = "nps", kind = "nps", text = Samples.Text("现在您有多大可能推荐我们？", "How likely are you to recommend us now?") } },
    };

    private sealed record Setup(CsmFixture Csm, SmtpTestServer Smtp, long Survey, long Short) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Csm.DisposeAsync();
            await Smtp.DisposeAsync();
        }
    }

    private static async Task<Setup> StartAsync(int? quietDays = null)
    {
        var smtp = new SmtpTestServer();
        var csm = await CsmFixture.StartAsync(smtp.Settings);
        await csm.PublishAsync(
            World.Customer(42, name: "王小明", email: "xiaoming@example.com"),
            World.Customer(43, name: "Alice Chen", email: "alice@example.com", language: "en"));
        var survey = await csm.CreateSurveyAsync(Samples.NpsSurvey());
        var resurvey = await csm.CreateSurveyAsync(ShortNps());
        var setting = await (await csm.Admin.PutJsonAsync($"/api/surveys/{survey}/resurvey", new { enabled = true, resurveySurveyId = resurvey, delayHours = 24 })
            .ExpectAsync(200)).NodeAsync();
        Assert.That(setting["resurveySurveyId"]!.GetValue<long>(), Is.EqualTo(resurvey));
        if (quietDays is { } days)
            await csm.Admin.PutJsonAsync("/api/survey-fatigue-policies/default", new { quietDays = days, capCount = 10, capDays = 90 }).ExpectAsync(200);
        return new Setup(csm, smtp, survey, resurvey);
    }

    /// <summary>The customer answers through a link; the answer's id.</summary>
    private static async Task<long> AnswerAsync(CsmFixture csm, string token, int nps)
    {
        var answered = await (await csm.AnswerAsync(token, new { question = "nps", score = nps }).ExpectAsync(201)).NodeAsync();
        await csm.DrainOutboxAsync();
        return answered["responseId"]!.GetValue<long>();
    }

    /// <summary>A manager signed in now: the fixture's bearer token expires when the test moves the clock on by days.</summary>
    private static Task<HttpClient> ManagerAsync(CsmFixture csm) => csm.SignInAsync("admin", CsmFixture.AdminPassword);

    /// <summary>Closes the follow-up task the Tickets module opened for the answer, with the outcome.</summary>
    private static async Task CloseFollowUpAsync(CsmFixture csm, long responseId, string outcome)
    {
        var admin = await ManagerAsync(csm);
        var tasks = await (await admin.GetAsync("/api/tickets?type=task").ExpectAsync(200)).NodeAsync();
        foreach (var item in tasks["items"]!.AsArray())
        {
            var task = await (await admin.GetAsync($"/api/tickets/{item!["id"]}").ExpectAsync(200)).NodeAsync();
            if (task["source"]?.GetValue<string>() != $"survey-response:{responseId}") continue;
            await admin.PostJsonAsync($"/api/tickets/{task["id"]}/transitions",
                new { to = "done", outcome, version = task["version"]!.GetValue<long>() }).ExpectAsync(200);
            await csm.DrainOutboxAsync();
            return;
        }
        Assert.Fail($"No follow-up task for answer {responseId}.");
    }

    private static async Task<JsonArray> InvitationsAsync(CsmFixture csm, long survey) =>
        (await (await (await ManagerAsync(csm)).GetAsync($"/api/surveys/{survey}/invitations").ExpectAsync(200)).NodeAsync())["items"]!.AsArray();

    private static async Task<JsonNode> ClosedLoopAsync(CsmFixture csm, string accept = "application/json")
    {
        var day = DateOnly.FromDateTime(csm.Clock.GetUtcNow().ToOffset(Beijing).DateTime);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/reports/closed-loop?from={day.AddDays(-30):yyyy-MM-dd}&to={day:yyyy-MM-dd}");
        request.Headers.Accept.ParseAdd(accept);
        var response = await (await ManagerAsync(csm)).SendAsync(request).ExpectAsync(200);
        return accept == "text/csv" ? JsonValue.Create(await response.Content.ReadAsStringAsync()) : await response.NodeAsync();
    }

    [Test]
    public async Task A_resolved_follow_up_re_surveys_the_customer_and_the_closed_loop_report_counts_who_recovered()
    {
        await using var world = await StartAsync(quietDays: 1);
        var csm = world.Csm;
        var first = new Dictionary<long, int> { [42] = 3, [43] = 2 };
        var second = new Dictionary<long, int> { [42] = 9, [43] = 5 };
        var answers = new Dictionary<long, long>();
        foreach (var (customer, score) in first)
            answers[customer] = await AnswerAsync(csm, await csm.LinkAsync(world.Survey, customer), score);

        csm.Clock.Advance(TimeSpan.FromDays(2));
        foreach (var answer in answers.Values) await CloseFollowUpAsync(csm, answer, "resolved");

        var invitations = await InvitationsAsync(csm, world.Short);
        Assert.That(invitations.Select(i => (i!["customerId"]!.GetValue<long>(), i["resurveyOf"]!.GetValue<long>(), i["status"]!.GetValue<string>(), i["channel"]!.GetValue<string>())),
            Is.EquivalentTo(answers.Select(a => (a.Key, a.Value, "queued", "email"))), "one re-survey per answer, by e-mail since the answer came through a link");
        var issued = await csm.WrittenAsync<ResurveyIssued>();
        Assert.That(issued.Select(e => (e.ResponseId, e.Suppressed)), Is.EquivalentTo(answers.Values.Select(a => (a, false))));

        Assert.That((await csm.SendOutboundAsync()).Sent, Is.Zero, "the re-survey waits for its 24-hour delay");
        csm.Clock.Advance(TimeSpan.FromHours(25));
        Assert.That((await csm.SendOutboundAsync()).Sent, Is.EqualTo(2));
        var mails = world.Smtp.Received.ToList();
        Assert.That(mails.Select(m => m.To.Single()), Is.EquivalentTo(new[] { "xiaoming@example.com", "alice@example.com" }));

        var resurveyAnswers = new Dictionary<long, long>();
        foreach (var mail in mails)
        {
            var customer = mail.To.Single() == "alice@example.com" ? 43L : 42L;
            resurveyAnswers[customer] = await AnswerAsync(csm, mail.Token!, second[customer]);
        }
        var responded = (await csm.WrittenAsync<SurveyResponded>()).Where(r => r.ResurveyOf is not null).ToList();
        Assert.That(responded.Select(r => (r.ResponseId, r.ResurveyOf)), Is.EquivalentTo(resurveyAnswers.Select(a => (a.Value, (long?)answers[a.Key]))));
        var linked = await (await (await ManagerAsync(csm)).GetAsync($"/api/survey-responses/{resurveyAnswers[42]}").ExpectAsync(200)).NodeAsync();
        Assert.That(linked["resurveyOf"]!.GetValue<long>(), Is.EqualTo(answers[42]));

        // Counted by hand from the answers: a detractor (0–6) whose second answer is 7 or more recovered.
        var recovered = first.Count(f => f.Value <= 6 && second[f.Key] >= 7);
        var promoters = second.Values.Count(s => s >= 9);
        var detractors = second.Values.Count(s => s <= 6);
        var total = (await ClosedLoopAsync(csm))["groups"]![0]!["total"]!;
        var resurveys = total["resurveys"]!;
        Assert.Multiple(() =>
        {
            Assert.That(total["unhappy"]!.GetValue<long>(), Is.EqualTo(3), "two first answers and the second detractor");
            Assert.That(resurveys["sent"]!.GetValue<long>(), Is.EqualTo(2));
            Assert.That(resurveys["answered"]!.GetValue<long>(), Is.EqualTo(2));
            Assert.That(resurveys["recovered"]!.GetValue<long>(), Is.EqualTo(recovered));
            Assert.That(resurveys["recoveredShare"]!.GetValue<double>(), Is.EqualTo(100.0 * recovered / 2).Within(1e-9));
            Assert.That(resurveys["recoveredCiLow"]!.GetValue<double>(), Is.LessThan(50).And.GreaterThan(0));
            Assert.That(resurveys["nps"]!["n"]!.GetValue<long>(), Is.EqualTo(2));
            Assert.That(resurveys["nps"]!["value"]!.GetValue<double>(), Is.EqualTo(100.0 * (promoters - detractors) / 2).Within(1e-9));
        });
        var csv = (await ClosedLoopAsync(csm, "text/csv")).GetValue<string>().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = csv[0].Split(',');
        var totalRow = csv.Single(l => l.Contains(",total,")).Split(',');
        Assert.That(totalRow[Array.IndexOf(header, "recovered")], Is.EqualTo(recovered.ToString()));
        Assert.That(totalRow[Array.IndexOf(header, "resurveysSent")], Is.EqualTo("2"));
    }

    [Test]
    public async Task No_re_survey_within_the_quiet_period_with_the_reason_recorded_nor_after_a_follow_up_not_resolved()
    {
        await using var world = await StartAsync();
        var csm = world.Csm;
        var quiet = await AnswerAsync(csm, await csm.LinkAsync(world.Survey, 42), 3);
        var reached = await AnswerAsync(csm, await csm.LinkAsync(world.Survey, 43), 1);
        csm.Clock.Advance(TimeSpan.FromDays(2));
        await CloseFollowUpAsync(csm, quiet, "resolved");
        await CloseFollowUpAsync(csm, reached, "reached");

        var invitation = (await InvitationsAsync(csm, world.Short)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(invitation!["resurveyOf"]!.GetValue<long>(), Is.EqualTo(quiet), "the follow-up closed as reached is not re-surveyed");
            Assert.That(invitation["status"]!.GetValue<string>(), Is.EqualTo("suppressed"));
            Assert.That(invitation["suppressedReason"]!.GetValue<string>(), Does.Contain("quiet period"));
        });
        var issued = (await csm.WrittenAsync<ResurveyIssued>()).Single();
        Assert.That((issued.ResponseId, issued.Suppressed), Is.EqualTo((quiet, true)));
        Assert.That(issued.Reason, Does.Contain("14-day quiet period"));

        csm.Clock.Advance(TimeSpan.FromDays(2));
        await csm.SendOutboundAsync();
        Assert.That(world.Smtp.Received, Is.Empty);
        var resurveys = (await ClosedLoopAsync(csm))["groups"]![0]!["total"]!["resurveys"]!;
        Assert.That((resurveys["sent"]!.GetValue<long>(), resurveys["suppressed"]!.GetValue<long>(), resurveys["answered"]!.GetValue<long>()), Is.EqualTo((0L, 1L, 0L)));
    }

    [Test]
    public async Task A_re_survey_setting_naming_no_survey_or_a_delay_out_of_range_is_refused_and_changes_nothing()
    {
        await using var csm = await CsmFixture.StartAsync();
        var survey = await csm.CreateSurveyAsync(Samples.NpsSurvey());
        var text = await csm.CreateSurveyAsync(new
        {
            name = "Comments only", touchpoint = "service", title = Samples.Text("意见", "Comments"),
            questions = new object[] { new { key = "why", kind = "text", text = Samples.Text("意见？", "Comments?") } },
        });

        var missing = await (await csm.Admin.PutJsonAsync($"/api/surveys/{survey}/resurvey", new { enabled = true, resurveySurveyId = 999999, delayHours = 24 })
            .ExpectAsync(400)).NodeAsync();
        Assert.That(missing["errors"]!["resurveySurveyId"]![0]!.GetValue<string>(), Does.Contain("999999"));
        var unscored = await (await csm.Admin.PutJsonAsync($"/api/surveys/{survey}/resurvey", new { enabled = true, resurveySurveyId = text })
            .ExpectAsync(400)).NodeAsync();
        Assert.That(unscored["errors"]!["resurveySurveyId"]![0]!.GetValue<string>(), Does.Contain("NPS, CSAT or CES"));
        var itself = await (await csm.Admin.PutJsonAsync($"/api/surveys/{text}/resurvey", new { enabled = true })
            .ExpectAsync(400)).NodeAsync();
        Assert.That(itself["errors"]!["enabled"]![0]!.GetValue<string>(), Does.Contain("NPS, CSAT or CES"), "a survey without a score cannot re-survey itself");
        foreach (var hours in new[] { -1, 721 })
        {
            var late = await (await csm.Admin.PutJsonAsync($"/api/surveys/{survey}/resurvey", new { enabled = true, delayHours = hours }).ExpectAsync(400)).NodeAsync();
            Assert.That(late["errors"]!["delayHours"], Is.Not.Null, $"{hours} hours");
        }
        var days = await (await csm.Admin.PutJsonAsync($"/api/surveys/{survey}/resurvey", new { enabled = true, validDays = 0 }).ExpectAsync(400)).NodeAsync();
        Assert.That(days["errors"]!["validDays"], Is.Not.Null);
        await csm.Admin.PutJsonAsync("/api/surveys/999999/resurvey", new { enabled = true }).ExpectAsync(404);

        var setting = await (await csm.Admin.GetAsync($"/api/surveys/{survey}/resurvey").ExpectAsync(200)).NodeAsync();
        Assert.That(setting["enabled"]!.GetValue<bool>(), Is.False, "off by default, and nothing refused was stored");
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM srv_resurvey_settings"), Is.Zero);
    }
}
