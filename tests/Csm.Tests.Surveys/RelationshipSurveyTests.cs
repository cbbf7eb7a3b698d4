using Csm.Modules.Customers.Contracts;
using Csm.BuildingBlocks.Outbound;
using Csm.Modules.Surveys.Jobs;

namespace Csm.Tests.Surveys;

[NonParallelizable]
public sealed class RelationshipSurveyTests
{
    [Test]
    public async Task A_quarterly_nps_invites_its_segment_once_per_period_and_respects_the_quiet_period()
    {
        await using var smtp = new SmtpTestServer();
        await using var csm = await CsmFixture.StartAsync(smtp.Settings);
        await csm.PublishAsync(
            World.Customer(1, name: "Key One", tier: CustomerTier.Vip, email: "one@example.com", language: "en", tags: "key"),
            World.Customer(2, name: "Key Two", tier: CustomerTier.Vip, email: "two@example.com", language: "en", tags: ["key", "north"]),
            World.Customer(3, name: "Key Three", tier: CustomerTier.Vip, email: "three@example.com", language: "en", tags: "key"),
            World.Customer(4, name: "Plain Vip", tier: CustomerTier.Vip, email: "four@example.com", language: "en"),
            World.Customer(5, name: "Standard Key", tier: CustomerTier.Standard, email: "five@example.com", language: "en", tags: "key"));
        var csat = await csm.CreateSurveyAsync(Samples.CsatSurvey());
        await csm.Admin.PostJsonAsync($"/api/surveys/{csat}/invitations", new { customerId = 3, channel = "email" }).ExpectAsync(201);
        var nps = await csm.CreateSurveyAsync(Samples.NpsSurvey("Quarterly NPS"));
        await csm.Admin.PostJsonAsync($"/api/surveys/{nps}/distributions",
            new { kind = "relationship", channel = "email", tiers = new[] { "vip" }, tags = new[] { "key" }, everyDays = 91 }).ExpectAsync(201);
        var job = csm.Service<RelationshipSurveys>();

        var run = (await job.RunDueAsync()).Single();
        Assert.That((run.Invited, run.Suppressed), Is.EqualTo((2, 1)));
        Assert.That(await job.RunDueAsync(), Is.Empty, "the next run is a quarter away");
        await csm.SendOutboundAsync();
        Assert.That(smtp.Received.Select(m => m.To[0]), Is.EquivalentTo(new[] { "one@example.com", "two@example.com", "three@example.com" }));

        csm.Clock.Advance(TimeSpan.FromDays(91));
        var next = (await job.RunDueAsync()).Single();
        Assert.That((next.Invited, next.Suppressed), Is.EqualTo((3, 0)));
    }

    [Test]
    public async Task A_relationship_distribution_needs_a_period_and_a_known_channel()
    {
        await using var csm = await CsmFixture.StartAsync();
        var nps = await csm.CreateSurveyAsync(Samples.NpsSurvey());
        var problem = await (await csm.Admin.PostJsonAsync($"/api/surveys/{nps}/distributions", new { kind = "relationship", channel = "fax" })
            .ExpectAsync(400)).NodeAsync();
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.SupersetOf(new[] { "everyDays", "channel" }));
        await csm.Admin.PostJsonAsync("/api/surveys/99/distributions", new { kind = "relationship", channel = "email", everyDays = 91 }).ExpectAsync(404);
    }
}
