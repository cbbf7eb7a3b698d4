using Csm.BuildingBlocks.Messaging;
using Csm.Modules.Reports.Voice;
using static Csm.Tests.Reports.ReportsApi;

namespace Csm.Tests.Reports;

public sealed class RisingTermsTests
{
    [Test]
    public void Chinese_is_segmented_by_jieba_from_the_dictionary_in_the_build_output_and_english_split_into_lower_case_words()
    {
        Assert.That(File.Exists(Path.Combine(CommentTerms.DictionaryFolder, "dict.txt")), Is.True, "the build copies jieba's dictionary beside the tests");
        Assert.Multiple(() =>
        {
            // 太 and 长 are single characters, ， is punctuation: dropped. 太贵 is one word in jieba's dictionary.
            Assert.That(CommentTerms.Of("备件等待时间太长，价格太贵"), Is.EqualTo(new[] { "备件", "等待时间", "价格", "太贵" }));
            Assert.That(CommentTerms.Of("The REFUND took 3 weeks, the refund form is broken!"), Is.EqualTo(new[] { "refund", "took", "weeks", "form", "broken" }));
            Assert.That(CommentTerms.Of("我们的X200打印机卡纸"), Does.Contain("x200").And.Contain("打印机").And.Contain("卡纸").And.No.Contain("我们"));
            Assert.That(CommentTerms.LanguageOf("卡纸"), Is.EqualTo("zh"));
            Assert.That(CommentTerms.LanguageOf("refund"), Is.EqualTo("en"));
        });
    }

    /// <summary>
    /// Each comment with the terms it holds (as CommentTerms.Of gives them, checked above for the kinds of words used here),
    /// the detractor or not, and the day: the test counts comments per term and period itself.
    /// </summary>
    private static readonly (string Comment, string[] Terms, int Nps, DateOnly Day)[] Corpus =
    [
        // The previous period: 2026-02-15 .. 2026-02-28 (the asked range is 14 days).
        ("价格太贵", ["价格", "太贵"], 3, new(2026, 2, 16)),
        ("价格太贵，备件等待时间太长", ["价格", "太贵", "备件", "等待时间"], 2, new(2026, 2, 20)),
        ("Refund was slow", ["refund", "slow"], 4, new(2026, 2, 27)),
        ("打印机卡纸", ["打印机", "卡纸"], 9, new(2026, 2, 27)),  // a promoter: not counted
        // This period: 2026-03-01 .. 2026-03-14.
        ("打印机卡纸", ["打印机", "卡纸"], 1, new(2026, 3, 2)),
        ("打印机又卡纸了", ["打印机", "卡纸"], 0, new(2026, 3, 5)),
        ("卡纸，价格太贵", ["卡纸", "价格", "太贵"], 5, new(2026, 3, 6)),
        ("The refund form is broken", ["refund", "form", "broken"], 6, new(2026, 3, 9)),
        ("Refund form broken again", ["refund", "form", "broken"], 2, new(2026, 3, 13)),
        ("打印机卡纸", ["打印机", "卡纸"], 8, new(2026, 3, 10)),  // a passive: not counted
        ("Refund form", ["refund", "form"], 1, new(2026, 3, 15)),  // after the range
    ];

    [Test]
    public async Task Rising_terms_among_detractors_equal_a_count_of_the_corpus_with_their_newest_verbatims()
    {
        await using var csm = await CsmFixture.StartAsync();
        await csm.PublishAsync(Corpus.Select((c, i) =>
            (IntegrationEvent)Answer(i + 1, new DateTimeOffset(c.Day.ToDateTime(new TimeOnly(10, 0)), Beijing).AddMinutes(i), nps: c.Nps, comment: c.Comment)).ToArray());
        foreach (var (comment, held, _, _) in Corpus) Assert.That(CommentTerms.Of(comment), Is.EquivalentTo(held), comment);

        var report = await csm.Admin.ReportAsync("/api/reports/voice-of-customer/rising-terms?from=2026-03-01&to=2026-03-14&verbatims=20&terms=100");

        var detractors = Corpus.Select((c, i) => (c, Id: i + 1)).Where(x => x.c.Nps <= 6).ToList();
        var now = detractors.Where(x => x.c.Day >= new DateOnly(2026, 3, 1) && x.c.Day <= new DateOnly(2026, 3, 14)).ToList();
        var before = detractors.Where(x => x.c.Day >= new DateOnly(2026, 2, 15) && x.c.Day <= new DateOnly(2026, 2, 28)).ToList();
        long Uses(IEnumerable<((string, string[] Terms, int, DateOnly), int)> comments, string term) => comments.Count(x => x.Item1.Terms.Contains(term));
        var expected = now.SelectMany(x => x.c.Terms).Distinct()
            .Select(term => (Term: term, Current: Uses(now, term), Previous: Uses(before, term)))
            .Where(t => t.Current > t.Previous)
            .OrderByDescending(t => t.Current - t.Previous).ThenByDescending(t => t.Current).ThenBy(t => t.Term, StringComparer.Ordinal)
            .ToList();

        var terms = report["terms"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(report["comments"]!.GetValue<long>(), Is.EqualTo(now.Count));
            Assert.That(report["previousComments"]!.GetValue<long>(), Is.EqualTo(before.Count));
            Assert.That(report["previousFrom"]!.GetValue<string>(), Is.EqualTo("2026-02-15"));
            Assert.That(terms.Select(t => (t!["text"]!.GetValue<string>(), t["current"]!.GetValue<long>(), t["previous"]!.GetValue<long>())),
                Is.EqualTo(expected.Select(t => (t.Term, t.Current, t.Previous))));
            Assert.That(terms.Select(t => t!["rise"]!.GetValue<long>()), Is.EqualTo(expected.Select(t => t.Current - t.Previous)));
            Assert.That(terms[0]!["text"]!.GetValue<string>(), Is.EqualTo("卡纸"), "3 this period against none before");
            Assert.That(terms[0]!["language"]!.GetValue<string>(), Is.EqualTo("zh"));
            var refund = terms.Single(t => t!["text"]!.GetValue<string>() == "refund")!;
            Assert.That(refund["language"]!.GetValue<string>(), Is.EqualTo("en"));
            Assert.That(refund["verbatims"]!.AsArray().Select(v => v!["comment"]!.GetValue<string>()),
                Is.EqualTo(new[] { "Refund form broken again", "The refund form is broken" }), "newest first, only this period's detractors");
            Assert.That(terms.Select(t => t!["text"]!.GetValue<string>()), Has.None.EqualTo("价格"), "as many as before: not rising");
        });

        var top = await csm.Admin.ReportAsync("/api/reports/voice-of-customer/rising-terms?from=2026-03-01&to=2026-03-14&terms=1&verbatims=1");
        Assert.That(top["terms"]!.AsArray().Single()!["verbatims"]!.AsArray().Single()!["comment"]!.GetValue<string>(), Is.EqualTo("卡纸，价格太贵"));
    }

    [TestCase("terms=0", "terms")]
    [TestCase("verbatims=21", "verbatims")]
    [TestCase("from=2026-13-01", "from")]
    [TestCase("timeZone=Mars/Base", "timeZone")]
    public async Task Bad_input_to_rising_terms_is_a_400_naming_the_parameter(string query, string field)
    {
        await using var csm = await CsmFixture.StartAsync();
        var problem = await csm.Admin.ReportAsync("/api/reports/voice-of-customer/rising-terms?" + query, 400);
        Assert.That(problem.ErrorsFor(field), Is.Not.Empty);
    }

    [Test]
    public async Task Comments_no_theme_matched_are_the_other_theme_with_their_share_trend_and_verbatims()
    {
        await using var csm = await CsmFixture.StartAsync();
        var day = new DateTimeOffset(2026, 3, 4, 10, 0, 0, Beijing);
        await csm.PublishAsync(
            Answer(1, day, nps: 2, comment: "价格太高", themes: ["price"]),
            Answer(2, day.AddHours(1), nps: 3, comment: "打印机卡纸"),
            Answer(3, day.AddDays(30).AddHours(2), nps: 1, comment: "Nobody called back"),
            Answer(4, day, nps: 5),
            Answer(5, day, nps: 10, comment: "Great", themes: []),
            Answer(6, day, nps: 7, comment: "fine"));

        var report = await csm.Admin.ReportAsync("/api/reports/voice-of-customer?from=2026-03-01&to=2026-04-30&interval=month");
        var other = report["detractorsOther"]!;
        Assert.Multiple(() =>
        {
            Assert.That(other["name"]!.GetValue<string>(), Is.EqualTo("other"));
            Assert.That(other["mentions"]!.GetValue<long>(), Is.EqualTo(2), "two detractors wrote words no theme matched");
            Assert.That(other["share"].Number(), Is.EqualTo(50), "2 of 4 detractors");
            Assert.That(other["trend"]!.AsArray().Select(p => p!["mentions"]!.GetValue<long>()), Is.EqualTo(new long[] { 1, 1 }));
            Assert.That(other["trend"]![0]!["share"].Number(), Is.EqualTo(100.0 / 3), "1 of March's 3 detractors");
            Assert.That(other["verbatims"]!.AsArray().Select(v => v!["comment"]!.GetValue<string>()), Is.EqualTo(new[] { "Nobody called back", "打印机卡纸" }));
            Assert.That(report["promotersOther"]!["mentions"]!.GetValue<long>(), Is.EqualTo(1));
            Assert.That(report["promotersOther"]!["verbatims"]![0]!["comment"]!.GetValue<string>(), Is.EqualTo("Great"));
        });
    }
}
