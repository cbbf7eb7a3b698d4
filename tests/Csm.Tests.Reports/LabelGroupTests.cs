using Csm.Modules.Tickets.Contracts;
using static Csm.Tests.Reports.ReportsApi;
using static Csm.Tests.Reports.Tickets;

namespace Csm.Tests.Reports;

/// <summary>
/// The service report grouped by a ticket's tags or a field's values: a ticket counts under each of its tags, an untagged
/// one under "(none)", the latest labels win, and a group-by the report does not know is named in the 400.
/// </summary>
public sealed class LabelGroupTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 0, 0, Beijing);

    private static TicketLabelled Labels(long id, string[] tags, params (string Key, string[] Values)[] fields) =>
        new(id, 1, tags, fields.ToDictionary(f => f.Key, f => (IReadOnlyList<string>)f.Values));

    [Test]
    public async Task A_ticket_counts_under_each_of_its_tags_and_values_with_the_latest_labels()
    {
        await using var csm = await CsmFixture.StartAsync();
        var a = Created(1, Monday);
        var b = Created(2, Monday.AddHours(1));
        var c = Created(3, Monday.AddHours(2));
        await csm.PublishAsync(a, b, c, Resolved(a, Monday.AddDays(1), 600, slaMet: true), Resolved(b, Monday.AddDays(1), 900, slaMet: false),
            Labels(1, ["Coastal", "vip-site"], ("symptoms", ["noise", "leak"])), Labels(2, ["coastal"], ("symptoms", ["leak"])),
            Labels(3, ["old-tag"]), Labels(3, []));

        var byTag = await csm.Admin.ReportAsync("/api/reports/service?from=2026-03-01&to=2026-03-31&groupBy=tag");
        Assert.That(byTag["source"]!.GetValue<string>(), Is.EqualTo("facts"));
        var tags = byTag["groups"]!.AsArray().ToDictionary(g => g!["value"]!.GetValue<string>(), g => g!["total"]!);
        Assert.That(tags.Keys, Is.EquivalentTo(new[] { "coastal", "vip-site", "(none)" }), "tags in any case are one; a ticket stripped of its tag has none");
        Assert.That((tags["coastal"]["created"]!.GetValue<long>(), tags["coastal"]["resolved"]!.GetValue<long>()), Is.EqualTo((2L, 2L)));
        Assert.That(tags["coastal"]["slaCompliance"].Number(), Is.EqualTo(50));
        Assert.That(tags["vip-site"]["created"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(tags["(none)"]["created"]!.GetValue<long>(), Is.EqualTo(1));
        var open = byTag["groups"]!.AsArray().Single(g => g!["value"]!.GetValue<string>() == "(none)")!["backlog"]!["open"]!.GetValue<long>();
        Assert.That(open, Is.EqualTo(1), "the open ticket's backlog under its (lack of) tag");

        var bySymptom = await csm.Admin.ReportAsync("/api/reports/service?from=2026-03-01&to=2026-03-31&groupBy=field:symptoms");
        var symptoms = bySymptom["groups"]!.AsArray().ToDictionary(g => g!["value"]!.GetValue<string>(), g => g!["total"]!["created"]!.GetValue<long>());
        Assert.That(symptoms, Is.EquivalentTo(new Dictionary<string, long> { ["leak"] = 2, ["noise"] = 1, ["(none)"] = 1 }));
    }

    [Test]
    public async Task A_group_by_the_report_does_not_know_is_refused_naming_the_choices()
    {
        await using var csm = await CsmFixture.StartAsync();
        foreach (var bad in new[] { "colour", "field:", "field:1x", "field:a'--" })
        {
            var problem = await csm.Admin.ReportAsync($"/api/reports/service?groupBy={Uri.EscapeDataString(bad)}", 400);
            Assert.That(problem.ErrorsFor("groupBy").Single(), Does.Contain("tag or field:{key}"), bad);
        }
    }
}
