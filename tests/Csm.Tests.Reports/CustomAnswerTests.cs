using Csm.Modules.Surveys.Contracts;
using static Csm.Tests.Reports.ReportsApi;

namespace Csm.Tests.Reports;

/// <summary>
/// A survey's own questions in the satisfaction report: the seeds' plain 满意/不满意 as shares of the respondents with Wilson
/// intervals (a choice nobody picked still listed at 0), a 1–10 rating as a mean with its interval, n per question, the
/// period respected, and the CSV with the same figures.
/// </summary>
public sealed class CustomAnswerTests
{
    private static readonly AnswerOption[] Plain = [new("yes", "满意", "Satisfied"), new("no", "不满意", "Not satisfied"), new("unsure", "说不清", "Not sure")];

    private static SurveyResponded With(long id, DateTimeOffset at, string? plain, int? stars) => Answer(id, at, csat: 4, surveyId: 7) with
    {
        Answers =
        [
            .. plain is null ? Array.Empty<CustomAnswer>() : [new CustomAnswer("plain", "singleChoice", "您满意吗？", "Are you satisfied?", null, null, [plain], Plain)],
            .. stars is null ? Array.Empty<CustomAnswer>() : [new CustomAnswer("stars", "rating", "打分", "Rate us", stars, 10, null, null)],
        ],
    };

    /// <summary>The Wilson score interval at 95%, written out here on its own.</summary>
    private static (double Low, double High) Wilson(double x, double n)
    {
        const double z = 1.959963984540054;
        var p = x / n;
        var centre = (p + z * z / (2 * n)) / (1 + z * z / n);
        var half = z / (1 + z * z / n) * Math.Sqrt(p * (1 - p) / n + z * z / (4 * n * n));
        return (100 * (centre - half), 100 * (centre + half));
    }

    [Test]
    public async Task Shares_per_choice_and_the_mean_rating_come_with_n_and_intervals_for_the_period()
    {
        await using var csm = await CsmFixture.StartAsync();
        var day = new DateTimeOffset(2026, 3, 10, 10, 0, 0, Beijing);
        var answers = new (string? Plain, int? Stars)[] { ("yes", 9), ("yes", 7), ("yes", null), ("no", 3), (null, 10) };
        await csm.PublishAsync(answers.Select((a, i) => (Csm.BuildingBlocks.Messaging.IntegrationEvent)With(i + 1, day.AddHours(i), a.Plain, a.Stars)).ToArray());
        // Outside the period, and another survey: neither counts.
        await csm.PublishAsync(With(50, day.AddMonths(-3), "no", 1), Answer(51, day, csat: 1, surveyId: 8) with { Answers = [new CustomAnswer("plain", "singleChoice", "?", "?", null, null, ["no"], Plain)] });

        var report = await csm.Admin.ReportAsync("/api/reports/answers?surveyId=7&from=2026-03-01&to=2026-03-31");
        var questions = report["questions"]!.AsArray();
        Assert.That(questions.Select(q => q!["question"]!.GetValue<string>()), Is.EqualTo(new[] { "plain", "stars" }));

        var plain = questions[0]!;
        Assert.That((plain["n"]!.GetValue<long>(), plain["zh"]!.GetValue<string>()), Is.EqualTo((4L, "您满意吗？")));
        var options = plain["options"]!.AsArray();
        Assert.That(options.Select(o => (o!["key"]!.GetValue<string>(), o["count"]!.GetValue<long>())), Is.EqualTo(new[] { ("yes", 3L), ("no", 1L), ("unsure", 0L) }));
        Assert.That(options[0]!["share"].Number(), Is.EqualTo(75).Within(1e-9));
        var (low, high) = Wilson(3, 4);
        Assert.That((options[0]!["low"].Number()!.Value, options[0]!["high"].Number()!.Value), Is.EqualTo((low, high)).Using<(double, double)>((a, b) => Math.Abs(a.Item1 - b.Item1) < 1e-6 && Math.Abs(a.Item2 - b.Item2) < 1e-6));
        Assert.That(options[2]!["share"].Number(), Is.Zero, "a choice nobody picked is still there, at 0");
        Assert.That(plain["smallSample"]!.GetValue<bool>(), Is.True);

        var stars = questions[1]!;
        double[] given = [9, 7, 3, 10];
        var mean = given.Average();
        var sd = Math.Sqrt(given.Sum(x => (x - mean) * (x - mean)) / (given.Length - 1));
        Assert.That((stars["n"]!.GetValue<long>(), stars["scaleMax"]!.GetValue<int>()), Is.EqualTo((4L, 10)));
        Assert.That(stars["mean"].Number(), Is.EqualTo(mean).Within(1e-9));
        Assert.That(stars["high"].Number()! - stars["mean"].Number()!, Is.EqualTo(1.959963984540054 * sd / Math.Sqrt(4)).Within(1e-6));

        var csv = await (await csm.Admin.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/reports/answers?surveyId=7&from=2026-03-01&to=2026-03-31")
            { Headers = { { "Accept", "text/csv" } } }).ExpectAsync(200)).Content.ReadAsStringAsync();
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1 + 3 + 1), "a header, a line per choice, a line per rating");
        Assert.That(lines[1], Does.StartWith("plain,singleChoice,您满意吗？,Are you satisfied?,4,yes,满意,Satisfied,3,75"));
    }

    [Test]
    public async Task The_answers_report_names_what_is_wrong_with_its_query()
    {
        await using var csm = await CsmFixture.StartAsync();
        Assert.That((await csm.Admin.ReportAsync("/api/reports/answers", 400)).ErrorsFor("surveyId"), Is.Not.Empty);
        Assert.That((await csm.Admin.ReportAsync("/api/reports/answers?surveyId=7&from=2026-13-01", 400)).ErrorsFor("from"), Is.Not.Empty);
        Assert.That((await csm.Admin.ReportAsync("/api/reports/answers?surveyId=7&timeZone=Mars/Base", 400)).ErrorsFor("timeZone"), Is.Not.Empty);
        var empty = await csm.Admin.ReportAsync("/api/reports/answers?surveyId=99");
        Assert.That(empty["questions"]!.AsArray(), Is.Empty);
        var agent = await csm.UserAsync("agent");
        await agent.GetAsync("/api/reports/answers?surveyId=7").ExpectAsync(403);
    }
}
