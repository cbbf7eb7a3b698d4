using Csm.Modules.Surveys.Contracts;
using Csm.BuildingBlocks.Outbound;
using Csm.Modules.Tickets.Contracts;

namespace Csm.Tests.Surveys;

[NonParallelizable]
public sealed class TransactionalSurveyTests
{
    private static async Task<(CsmFixture Csm, SmtpTestServer Smtp, long Survey)> StartAsync(int delayMinutes = 60)
    {
        var smtp = new SmtpTestServer();
        var csm = await CsmFixture.StartAsync(smtp.Settings);
        await csm.PublishAsync(World.Customer(42, name: "王小明", email: "xiaoming@example.com", accountManager: "am.li"));
        var survey = await csm.CreateSurveyAsync(Samples.NpsSurvey());
        await csm.Admin.PostJsonAsync($"/api/surveys/{survey}/distributions",
            new { kind = "ticketResolved", ticketType = "repair", channel = "email", delayMinutes, validDays = 7 }).ExpectAsync(201);
        return (csm, smtp, survey);
    }

    private static Task<OutboundSender.Outcome> SendDueAsync(CsmFixture csm) => csm.SendOutboundAsync();

    [Test]
    public async Task The_loop_end_to_end_from_a_resolved_ticket_to_the_follow_up_outcome()
    {
        var (csm, smtp, survey) = await StartAsync();
        await using var _ = csm;
        await using var __ = smtp;

        await csm.PublishAsync(World.Resolved(1001, 42, csm.Clock.GetUtcNow()));
        Assert.That((await SendDueAsync(csm)).Sent, Is.Zero, "the survey waits for the distribution's delay");
        csm.Clock.Advance(TimeSpan.FromMinutes(61));
        Assert.That((await SendDueAsync(csm)).Sent, Is.EqualTo(1));

        var mail = smtp.Received.Single();
        Assert.That(mail.To, Is.EqualTo(new[] { "xiaoming@example.com" }));
        Assert.That(mail.Body, Does.Contain("小明，您好"));
        Assert.That(mail.Link, Does.StartWith("http://localhost:5080/s/"));
        var sent = (await csm.WrittenAsync<SurveySent>()).Single();
        Assert.That((sent.CustomerId, sent.TicketId, sent.Channel), Is.EqualTo(((long?)42, (long?)1001, "email")));

        var form = await (await csm.Anonymous().GetAsync($"/api/public/surveys/{mail.Token}").ExpectAsync(200)).NodeAsync();
        Assert.That(form["firstName"]!.GetValue<string>(), Is.EqualTo("小明"));
        var opened = await (await csm.SignInAsync("admin", CsmFixture.AdminPassword)).GetAsync($"/api/surveys/{survey}/invitations?status=opened");
        Assert.That((await opened.NodeAsync())["items"]![0]!["ticketId"]!.GetValue<long>(), Is.EqualTo(1001));
        var answered = await (await csm.AnswerAsync(mail.Token!, new { question = "nps", score = 3 }, new { question = "why", text = "回复太慢了" })
            .ExpectAsync(201)).NodeAsync();
        var responseId = answered["responseId"]!.GetValue<long>();

        var responded = (await csm.WrittenAsync<SurveyResponded>()).Single();
        Assert.That(responded.Classification, Is.EqualTo(FeedbackClass.Unhappy));
        Assert.That(responded.AccountManager, Is.EqualTo("am.li"));
        Assert.That((responded.TicketId, responded.TicketType, responded.Agent, responded.Team), Is.EqualTo(((long?)1001, "repair", "agent.zhang", "after-sales")));
        Assert.That(responded.Themes, Does.Contain("responseSpeed"));
        Assert.That((responded.Nps, responded.Touchpoint), Is.EqualTo(((int?)3, Touchpoint.Service)));

        // The Tickets module opens the follow-up task from SurveyResponded; here it closes it.
        csm.Clock.Advance(TimeSpan.FromHours(20));
        await csm.PublishAsync(World.Resolved(2001, 42, csm.Clock.GetUtcNow(), type: "task", kind: TicketKind.Task,
            source: $"survey-response:{responseId}", outcome: "reached"));
        var admin = await csm.SignInAsync("admin", CsmFixture.AdminPassword);
        var response = await (await admin.GetAsync($"/api/survey-responses/{responseId}").ExpectAsync(200)).NodeAsync();
        Assert.That(response["followUp"]!["outcome"]!.GetValue<string>(), Is.EqualTo("reached"));
        Assert.That(response["followUp"]!["ticketId"]!.GetValue<long>(), Is.EqualTo(2001));
        var answeredInvitation = await (await admin.GetAsync($"/api/surveys/{survey}/invitations?status=answered").ExpectAsync(200)).NodeAsync();
        Assert.That(answeredInvitation["total"]!.GetValue<long>(), Is.EqualTo(1));
        var closed = await (await admin.GetAsync("/api/survey-responses?outcome=reached&theme=responseSpeed&classification=unhappy").ExpectAsync(200)).NodeAsync();
        Assert.That(closed["total"]!.GetValue<long>(), Is.EqualTo(1));

        Assert.That((await SendDueAsync(csm)).Sent, Is.Zero, "closing the task sends no survey of its own");
        Assert.That(smtp.Received, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_second_resolved_ticket_within_the_quiet_period_is_suppressed_not_sent()
    {
        var (csm, smtp, survey) = await StartAsync(delayMinutes: 0);
        await using var _ = csm;
        await using var __ = smtp;

        await csm.PublishAsync(World.Resolved(1, 42, csm.Clock.GetUtcNow()));
        await SendDueAsync(csm);
        csm.Clock.Advance(TimeSpan.FromDays(13));
        await csm.PublishAsync(World.Resolved(2, 42, csm.Clock.GetUtcNow()));
        await SendDueAsync(csm);

        Assert.That(smtp.Received, Has.Count.EqualTo(1));
        var admin = await csm.SignInAsync("admin", CsmFixture.AdminPassword);
        var suppressed = await (await admin.GetAsync($"/api/surveys/{survey}/invitations?status=suppressed").ExpectAsync(200)).NodeAsync();
        Assert.That(suppressed["total"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(suppressed["items"]![0]!["ticketId"]!.GetValue<long>(), Is.EqualTo(2));
        Assert.That(suppressed["items"]![0]!["suppressedReason"]!.GetValue<string>(), Does.Contain("quiet period"));
        var evt = (await csm.WrittenAsync<SurveySuppressed>()).Single();
        Assert.That((evt.CustomerId, evt.SurveyId), Is.EqualTo((42L, survey)));

        csm.Clock.Advance(TimeSpan.FromDays(2));
        await csm.PublishAsync(World.Resolved(3, 42, csm.Clock.GetUtcNow()));
        await SendDueAsync(csm);
        Assert.That(smtp.Received, Has.Count.EqualTo(2), "after 14 quiet days the customer is asked again");
    }

    [Test]
    public async Task The_quiet_period_spans_surveys_and_channels_and_is_configurable_per_tier()
    {
        var (csm, smtp, survey) = await StartAsync(delayMinutes: 0);
        await using var _ = csm;
        await using var __ = smtp;
        await csm.PublishAsync(World.Customer(43, name: "Alice Chen", tier: Modules.Customers.Contracts.CustomerTier.Vip, email: "alice@example.com", language: "en"));
        await csm.Admin.PutJsonAsync("/api/survey-fatigue-policies/vip", new { quietDays = 30, capCount = 4, capDays = 90 }).ExpectAsync(200);
        var other = await csm.CreateSurveyAsync(Samples.CsatSurvey());
        await csm.Admin.PostJsonAsync($"/api/surveys/{other}/invitations", new { customerId = 43, channel = "sms" }).ExpectAsync(201);

        csm.Clock.Advance(TimeSpan.FromDays(20));
        await csm.PublishAsync(World.Resolved(5, 43, csm.Clock.GetUtcNow()), World.Resolved(6, 42, csm.Clock.GetUtcNow()));
        await SendDueAsync(csm);

        Assert.That(smtp.Received.Select(m => m.To[0]), Is.EqualTo(new[] { "xiaoming@example.com" }), "the VIP had an SMS survey 20 days ago");
        var admin = await csm.SignInAsync("admin", CsmFixture.AdminPassword);
        var policies = await (await admin.GetAsync("/api/survey-fatigue-policies").ExpectAsync(200)).NodeAsync();
        Assert.That(policies["items"]!.AsArray().Select(p => p!["tier"]!.GetValue<string>()), Is.EquivalentTo(new[] { "default", "vip" }));
    }

    [Test]
    public async Task A_cap_per_period_suppresses_the_survey_beyond_it()
    {
        var (csm, smtp, survey) = await StartAsync(delayMinutes: 0);
        await using var _ = csm;
        await using var __ = smtp;
        await csm.Admin.PutJsonAsync("/api/survey-fatigue-policies/default", new { quietDays = 1, capCount = 2, capDays = 30 }).ExpectAsync(200);
        for (var ticket = 1; ticket <= 3; ticket++)
        {
            await csm.PublishAsync(World.Resolved(ticket, 42, csm.Clock.GetUtcNow()));
            await SendDueAsync(csm);
            csm.Clock.Advance(TimeSpan.FromDays(2));
        }
        Assert.That(smtp.Received, Has.Count.EqualTo(2));
        var suppressed = (await csm.WrittenAsync<SurveySuppressed>()).Single();
        Assert.That(suppressed.Reason, Does.StartWith("cap: 2 surveys"));
    }

    [Test]
    public async Task When_smtp_is_down_the_message_is_retried_later_delivered_once_and_never_lost()
    {
        var (csm, smtp, survey) = await StartAsync(delayMinutes: 0);
        await using var _ = csm;
        await using var __ = smtp;
        smtp.Down = true;

        await csm.PublishAsync(World.Resolved(9, 42, csm.Clock.GetUtcNow()));
        Assert.That(await SendDueAsync(csm), Is.EqualTo(new OutboundSender.Outcome(0, 0, 1, 0)), "down: put back to retry");
        csm.Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.That(await SendDueAsync(csm), Is.EqualTo(new OutboundSender.Outcome(0, 0, 0, 0)), "backoff: not retried before its time");
        csm.Clock.Advance(TimeSpan.FromSeconds(15));
        Assert.That(await SendDueAsync(csm), Is.EqualTo(new OutboundSender.Outcome(0, 0, 1, 0)), "still down: retried and put back again");
        Assert.That(smtp.Received, Is.Empty);

        smtp.Down = false;
        csm.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.That(await SendDueAsync(csm), Is.EqualTo(new OutboundSender.Outcome(1, 0, 0, 0)));
        csm.Clock.Advance(TimeSpan.FromHours(3));
        Assert.That(await SendDueAsync(csm), Is.EqualTo(new OutboundSender.Outcome(0, 0, 0, 0)));
        Assert.That(smtp.Received, Has.Count.EqualTo(1));
        var admin = await csm.SignInAsync("admin", CsmFixture.AdminPassword);
        var invitations = await (await admin.GetAsync($"/api/surveys/{survey}/invitations").ExpectAsync(200)).NodeAsync();
        Assert.That(invitations["items"]![0]!["status"]!.GetValue<string>(), Is.EqualTo("sent"));
    }

    [Test]
    public async Task Tickets_of_a_type_without_a_distribution_and_tasks_are_not_surveyed()
    {
        var (csm, smtp, survey) = await StartAsync(delayMinutes: 0);
        await using var _ = csm;
        await using var __ = smtp;
        await csm.PublishAsync(World.Resolved(1, 42, csm.Clock.GetUtcNow(), type: "inquiry"),
            World.Resolved(2, 42, csm.Clock.GetUtcNow(), type: "repair", kind: TicketKind.Task));
        await SendDueAsync(csm);
        Assert.That(smtp.Received, Is.Empty);
        var invitations = await (await csm.Admin.GetAsync($"/api/surveys/{survey}/invitations").ExpectAsync(200)).NodeAsync();
        Assert.That(invitations["total"]!.GetValue<long>(), Is.Zero);
    }

    [Test]
    public async Task A_ticket_resolved_before_its_customer_is_known_is_surveyed_once_the_customer_arrives()
    {
        var (csm, smtp, survey) = await StartAsync(delayMinutes: 0);
        await using var _ = csm;
        await using var __ = smtp;
        await csm.PublishAsync(World.Resolved(1, 77, csm.Clock.GetUtcNow()));
        await csm.PublishAsync(World.Customer(77, name: "Bob Li", email: "bob@example.com", language: "en"));
        csm.Clock.Advance(TimeSpan.FromMinutes(1));
        await csm.DrainOutboxAsync();
        await SendDueAsync(csm);
        var mail = smtp.Received.Single();
        Assert.That(mail.To[0], Is.EqualTo("bob@example.com"));
        Assert.That(mail.Body, Does.StartWith("Hello Bob,"));
    }
}

[NonParallelizable]
public sealed class ReminderTests
{
    [Test]
    public async Task An_unanswered_invitation_gets_one_reminder_and_an_answered_one_none()
    {
        await using var smtp = new SmtpTestServer();
        await using var csm = await CsmFixture.StartAsync(smtp.Settings);
        await csm.PublishAsync(World.Customer(1, name: "Alice Chen", email: "alice@example.com", language: "en"),
            World.Customer(2, name: "Bob Li", email: "bob@example.com", language: "en"));
        var survey = await csm.CreateSurveyAsync(Samples.CsatSurvey());
        foreach (var customerId in new[] { 1, 2 })
            await csm.Admin.PostJsonAsync($"/api/surveys/{survey}/invitations", new { customerId, channel = "email", remindAfterHours = 48 }).ExpectAsync(201);
        Assert.That((await csm.SendOutboundAsync()).Sent, Is.EqualTo(2));
        var bob = smtp.Received.Single(m => m.To[0] == "bob@example.com");
        await csm.AnswerAsync(bob.Token!, new { question = "csat", score = 4 }).ExpectAsync(201);

        csm.Clock.Advance(TimeSpan.FromHours(49));
        Assert.That((await csm.SendOutboundAsync()).Sent, Is.EqualTo(1));
        var reminder = smtp.Received.Last();
        Assert.That(reminder.To[0], Is.EqualTo("alice@example.com"));
        Assert.That(reminder.Body, Does.StartWith("Reminder: Hello Alice,"));
        Assert.That(reminder.Token, Is.EqualTo(smtp.Received.First(m => m.To[0] == "alice@example.com").Token));
        Assert.That(smtp.Received, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task A_link_has_no_reminder_and_a_reminder_after_expiry_is_refused()
    {
        await using var csm = await CsmFixture.StartAsync();
        var survey = await csm.CreateSurveyAsync(Samples.CsatSurvey());
        var link = await (await csm.Admin.PostJsonAsync($"/api/surveys/{survey}/invitations", new { channel = "link", remindAfterHours = 24 }).ExpectAsync(400)).NodeAsync();
        Assert.That(link["errors"]!["remindAfterHours"], Is.Not.Null);
        var late = await (await csm.Admin.PostJsonAsync($"/api/surveys/{survey}/distributions",
            new { kind = "ticketResolved", channel = "email", validDays = 2, remindAfterHours = 72 }).ExpectAsync(400)).NodeAsync();
        Assert.That(late["errors"]!["remindAfterHours"]![0]!.GetValue<string>(), Does.Contain("before the invitation expires"));
    }
}
