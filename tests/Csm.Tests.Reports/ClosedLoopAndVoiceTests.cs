using Csm.Modules.Tickets.Contracts;
using static Csm.Tests.Reports.ReportsApi;
using static Csm.Tests.Reports.Tickets;

namespace Csm.Tests.Reports;

public sealed class ClosedLoopAndVoiceTests
{
    private static readonly DateTimeOffset Day = new(2026, 3, 4, 10, 0, 0, Beijing);

    [Test]
    public async Task Closed_loop_counts_unhappy_answers_followed_up_their_time_to_close_and_outcomes()
    {
        await using var csm = await CsmFixture.StartAsync();
        var followUp = Created(50, Day.AddHours(1), kind: TicketKind.Task);
        var lateFollowUp = Created(51, Day.AddHours(1), kind: TicketKind.Task);
        // The second follow-up's resolution reaches Reports before the answer it closes: it still counts.
        await csm.PublishAsync(followUp, lateFollowUp, Resolved(lateFollowUp, Day.AddHours(4), 180, source: "survey-response:4", outcome: "notReachable"));
        await csm.PublishAsync(
            Answer(1, Day, nps: 2), Answer(2, Day, nps: 3), Answer(3, Day, nps: 10), Answer(4, Day, nps: 5),
            Resolved(followUp, Day.AddHours(2), 60, source: "survey-response:1", outcome: "reached"));

        var report = await csm.Admin.ReportAsync("/api/reports/closed-loop?from=2026-03-01&to=2026-03-31");
        var total = report["groups"]![0]!["total"]!;
        Assert.Multiple(() =>
        {
            Assert.That(total["unhappy"]!.GetValue<long>(), Is.EqualTo(3));
            Assert.That(total["followedUp"]!.GetValue<long>(), Is.EqualTo(2));
            Assert.That(total["followedUpShare"].Number(), Is.EqualTo(200.0 / 3).Within(1e-9));
            Assert.That(total["timeToClose"]!["mean"].Number(), Is.EqualTo(180).Within(1e-9), "(120 + 240) / 2 minutes");
            Assert.That(total["outcomes"]!["reached"]!.GetValue<long>(), Is.EqualTo(1));
            Assert.That(total["outcomes"]!["notReachable"]!.GetValue<long>(), Is.EqualTo(1));
        });
        var service = await csm.Admin.ReportAsync("/api/reports/service?from=2026-03-01&to=2026-03-31");
        Assert.That(service["groups"]![0]!["total"]!["created"]!.GetValue<long>(), Is.EqualTo(0), "follow-up tasks are not service tickets");
    }

    [Test]
    public async Task Voice_of_the_customer_ranks_themes_per_side_with_the_newest_verbatims_and_hides_anonymous_customers()
    {
        await using var csm = await CsmFixture.StartAsync();
        await csm.PublishAsync(
            Answer(1, Day, nps: 2, customerId: 11, comment: "价格太高", themes: ["price"]),
            Answer(2, Day.AddHours(1), nps: 4, customerId: null, comment: "Too slow and pricey", themes: ["price", "delivery"]),
            Answer(3, Day.AddHours(2), nps: 6, customerId: 13, comment: null, themes: ["price"]),
            Answer(4, Day.AddHours(3), nps: 0, customerId: 14, comment: "Late again", themes: ["delivery"]),
            Answer(5, Day, nps: 10, customerId: 15, comment: "工程师很专业", themes: ["staff"]),
            Answer(6, Day, nps: 8, customerId: 16, comment: "ok", themes: ["staff"]));

        var report = await csm.Admin.ReportAsync("/api/reports/voice-of-customer?from=2026-03-01&to=2026-03-31&verbatims=5");
        var detractors = report["detractors"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(report["respondents"]!["detractor"]!.GetValue<long>(), Is.EqualTo(4));
            Assert.That(detractors.Select(t => t!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "price", "delivery" }));
            Assert.That(detractors[0]!["mentions"]!.GetValue<long>(), Is.EqualTo(3));
            Assert.That(detractors[0]!["share"].Number(), Is.EqualTo(75));
            var verbatims = detractors[0]!["verbatims"]!.AsArray();
            Assert.That(verbatims.Select(v => v!["comment"]!.GetValue<string>()), Is.EqualTo(new[] { "Too slow and pricey", "价格太高" }), "newest first, only answers with words");
            Assert.That(verbatims[0]!["customerId"], Is.Null, "the anonymous answer shows no customer");
            Assert.That(verbatims[1]!["customerId"]!.GetValue<long>(), Is.EqualTo(11));
            Assert.That(report["promoters"]!.AsArray().Single()!["verbatims"]![0]!["comment"]!.GetValue<string>(), Is.EqualTo("工程师很专业"));
            Assert.That(detractors[0]!["trend"]![0]!["mentions"]!.GetValue<long>(), Is.EqualTo(3));
        });
    }
}
